import { describe, expect, it } from 'vitest';
import { createFeedbackStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  describe('createFeedbackStore', () => {
    it('counts helpful and unhelpful votes per article, by article id', async () => {
      const store = createFeedbackStore((await temp.open()).db);
      const votes = [
        ['reset-pin', true],
        ['paper-jam', false],
        ['reset-pin', true],
        ['reset-pin', false],
        ['paper-jam', false],
        ['refund', true],
      ] as const;
      for (const [i, [articleId, helpful]] of votes.entries()) {
        await store.record({ conversationId: `c${i}`, articleId, helpful, createdAt: `2026-03-01T08:00:0${i}.000Z` });
      }

      expect(await store.summary()).toEqual([
        { articleId: 'paper-jam', helpful: 0, unhelpful: 2 },
        { articleId: 'refund', helpful: 1, unhelpful: 0 },
        { articleId: 'reset-pin', helpful: 2, unhelpful: 1 },
      ]);
    });

    it('summarises nothing when there are no votes', async () => {
      const store = createFeedbackStore((await temp.open()).db);

      expect(await store.summary()).toEqual([]);
    });

    it('stores helpful as 1 and unhelpful as 0', async () => {
      const { db } = await temp.open();
      const store = createFeedbackStore(db);

      await store.record({ conversationId: 'c', articleId: 'x', helpful: true, createdAt: '2026-03-01T08:00:00.000Z' });
      await store.record({ conversationId: 'c', articleId: 'x', helpful: false, createdAt: '2026-03-01T08:00:01.000Z' });

      expect(await db.selectFrom('feedback').select('helpful').orderBy('id').execute()).toEqual([{ helpful: 1 }, { helpful: 0 }]);
    });
  });
});
