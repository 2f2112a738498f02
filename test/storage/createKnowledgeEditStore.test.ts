import { expect, it } from 'vitest';
import { createKnowledgeEditStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';
import { at } from './ticketFixtures.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  it('keeps the knowledge edits and lists the latest first', async () => {
    const store = createKnowledgeEditStore((await temp.open()).db);
    await store.record({ file: 'pos.yaml', articleId: 'reset', action: 'addQuestions', detail: { questions: ['重置'] }, agentId: 1, agentName: '小李', createdAt: at(1) });
    await store.record({ file: 'new.yaml', action: 'createArticle', agentId: 2, agentName: '小张', commit: 'abc123', createdAt: at(2) });

    expect(await store.list(10)).toEqual([
      { id: expect.any(Number), file: 'new.yaml', action: 'createArticle', agentId: 2, agentName: '小张', commit: 'abc123', createdAt: at(2) },
      { id: expect.any(Number), file: 'pos.yaml', articleId: 'reset', action: 'addQuestions', detail: { questions: ['重置'] }, agentId: 1, agentName: '小李', createdAt: at(1) },
    ]);
    expect(await store.list(1)).toHaveLength(1);
  });
});
