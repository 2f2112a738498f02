import { describe, expect, it } from 'vitest';
import { createHandoffRequestStore, type HandoffRequest } from '../../src/storage/index.js';
import { useTempDatabases } from './tempDatabases.js';

const temp = useTempDatabases();

const request = (conversationId: string, extra: Partial<HandoffRequest> = {}): HandoffRequest => ({
  conversationId,
  channel: 'directline',
  userId: `user-${conversationId}`,
  reason: 'user-asked',
  priority: 'normal',
  createdAt: '2026-03-01T08:00:00.000Z',
  context: { lastQuestion: '机器开不了机', turns: [{ role: 'user', text: '人工' }], confidence: 0.2, flow: null },
  ...extra,
});

describe('createHandoffRequestStore', () => {
  it('lists recorded requests oldest first, each with the id it was recorded under', async () => {
    const store = createHandoffRequestStore((await temp.open()).db);

    const first = await store.record(request('a'));
    const second = await store.record(request('b', { priority: 'high', reason: 'low-confidence' }));

    expect(second.id).toBeGreaterThan(first.id);
    expect(await store.list()).toEqual([first, second]);
    expect(second).toEqual({ id: second.id, ...request('b', { priority: 'high', reason: 'low-confidence' }) });
  });

  it('gives the context back exactly as it was recorded', async () => {
    const before = await temp.open();
    const context = request('a').context;
    await createHandoffRequestStore(before.db).record(request('a'));
    await before.close();

    const [stored] = await createHandoffRequestStore((await temp.open()).db).list();

    expect(stored?.context).toEqual(context);
  });

  it('stores a missing user id as null', async () => {
    const store = createHandoffRequestStore((await temp.open()).db);
    const { userId: _, ...anonymous } = request('a');

    expect(await store.record(anonymous)).toMatchObject({ userId: null });
    expect((await store.list())[0]?.userId).toBeNull();
  });
});
