import { expect, it } from 'vitest';
import { createWechatStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);
  const T0 = Date.UTC(2026, 2, 1, 8);
  const at = (ms: number) => new Date(T0 + ms);

  it('claims a message once: new, then running, then done with its reply', async () => {
    const store = createWechatStore((await temp.open()).db);
    expect(await store.claim('o1:1001', at(0).toISOString(), 'o1')).toEqual({ kind: 'new' });
    expect(await store.claim('o1:1001', at(1).toISOString(), 'o1')).toEqual({ kind: 'running' });
    await store.finish('o1:1001', { reply: '<xml/>', outbox: [{ openId: 'o1', payload: '{"a":1}' }] }, at(2));
    expect(await store.claim('o1:1001', at(3).toISOString(), 'o1')).toEqual({ kind: 'done', reply: '<xml/>' });
  });

  it('lets exactly one of two connections claim the same message', async () => {
    const stores = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    const claims = await Promise.all(stores.map((store) => store.claim('o1:7', at(0).toISOString(), 'o1')));
    expect(claims.map((c) => c.kind).sort()).toEqual(['new', 'running']);
  });

  it('gives pending messages due by a time oldest first, as numbers, and the next due time', async () => {
    const store = createWechatStore((await temp.open()).db);
    expect(await store.nextDue()).toBeUndefined();
    await store.enqueue([{ openId: 'o1', payload: 'first' }, { openId: 'o2', payload: 'second' }], at(0));
    await store.enqueue([{ openId: 'o1', payload: 'later' }], at(60_000));

    const due = await store.due(T0 + 1, 10);
    expect(due).toEqual([
      { id: expect.any(Number), openId: 'o1', payload: 'first', attempts: 0 },
      { id: expect.any(Number), openId: 'o2', payload: 'second', attempts: 0 },
    ]);
    expect(await store.nextDue()).toBe(T0);

    await store.markSent(due[0]!.id);
    await store.markFailed(due[1]!.id, 'errcode 45047', T0 + 30_000);
    expect(await store.nextDue()).toBe(T0 + 30_000);
    expect(await store.due(T0 + 30_000, 10)).toEqual([{ id: due[1]!.id, openId: 'o2', payload: 'second', attempts: 1 }]);
    await store.markFailed(due[1]!.id, 'errcode 45047');
    expect(await store.due(T0 + 60_000, 10)).toEqual([expect.objectContaining({ payload: 'later' })]);
  });

  it('says when the user last wrote and counts the messages sent or waiting to them since a time', async () => {
    const store = createWechatStore((await temp.open()).db);
    expect(await store.lastUserMessageAt('o1')).toBeUndefined();
    expect(await store.countSince('o1', at(0).toISOString())).toBe(0);
    await store.claim('o1:1', at(0).toISOString(), 'o1');
    await store.claim('o1:2', at(5_000).toISOString(), 'o1');
    await store.finish('o1:2', { reply: '', outbox: [{ openId: 'o1', payload: 'a' }, { openId: 'o1', payload: 'b' }] }, at(6_000));
    await store.enqueue([{ openId: 'o2', payload: 'other user' }], at(6_000));

    expect(await store.lastUserMessageAt('o1')).toBe(at(5_000).toISOString());
    expect(await store.countSince('o1', at(0).toISOString())).toBe(2);
    expect(await store.countSince('o1', at(6_000).toISOString())).toBe(0);
  });
});
