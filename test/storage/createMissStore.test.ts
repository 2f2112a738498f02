import { expect, it } from 'vitest';
import { createMissStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';
import { at } from './ticketFixtures.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  it('records misses, lists them newest first by status, settles open ones once and removes only open ones', async () => {
    const store = createMissStore((await temp.open()).db);
    const first = await store.record({ channel: 'directline', conversationId: 'c1', kind: 'noAnswer', text: '发票怎么开', createdAt: at(1) });
    const second = await store.record({ channel: 'wechat', conversationId: 'o1', kind: 'thumbsDown', text: '退款', articleId: 'refund', createdAt: at(2) });
    const third = await store.record({ channel: 'wechat', conversationId: 'o2', kind: 'unpicked', text: '扫码', createdAt: at(3) });
    expect([first, second, third].map((id) => typeof id)).toEqual(['number', 'number', 'number']);

    const settled = { status: 'resolved' as const, resolution: { kind: 'added' as const, articleId: 'invoice', answersNow: true }, by: 'li', at: at(4) };
    expect(await store.resolve([first, second], settled)).toBe(2);
    expect(await store.resolve([first], settled)).toBe(0);
    await store.remove(first);
    await store.remove(third);

    expect(await store.list({ status: 'open', limit: 10 })).toEqual([]);
    expect(await store.list({ status: 'resolved', limit: 10 })).toEqual([
      { id: second, channel: 'wechat', conversationId: 'o1', kind: 'thumbsDown', text: '退款', articleId: 'refund', createdAt: at(2), status: 'resolved', resolution: settled.resolution, resolvedBy: 'li', resolvedAt: at(4) },
      { id: first, channel: 'directline', conversationId: 'c1', kind: 'noAnswer', text: '发票怎么开', createdAt: at(1), status: 'resolved', resolution: settled.resolution, resolvedBy: 'li', resolvedAt: at(4) },
    ]);
  });

});
