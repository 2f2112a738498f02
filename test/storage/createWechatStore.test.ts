import { expect, it } from 'vitest';
import { createWechatStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);
  const T0 = Date.UTC(2026, 2, 1, 8);
  const at = (ms: number) => new Date(T0 + ms);
  const LEASE_MS = 60_000;
  const lease = (holder: string) => ({ holder, leaseMs: LEASE_MS });
  /** A claim's hold as the channel asks it: 4.5 s from when it arrived. */
  const holdFrom = (when: Date) => ({ nowMs: when.getTime(), untilMs: when.getTime() + 4_500 });

  it('claims a message once: new, then running, then done with its reply', async () => {
    const store = createWechatStore((await temp.open()).db);
    expect(await store.claim('o1:1001', at(0).toISOString(), 'o1', holdFrom(at(0)))).toEqual({ kind: 'new' });
    expect(await store.claim('o1:1001', at(1).toISOString(), 'o1', holdFrom(at(1)))).toEqual({ kind: 'running' });
    await store.finish('o1:1001', { reply: '<xml/>', outbox: [{ openId: 'o1', payload: '{"a":1}' }] }, at(2));
    expect(await store.claim('o1:1001', at(3).toISOString(), 'o1', holdFrom(at(3)))).toEqual({ kind: 'done', reply: '<xml/>' });
  });

  it("lets a retry take over a message whose instance died (its hold passed), once, but not one still held", async () => {
    const [a, b, c] = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    expect(await a.claim('o1:9', at(0).toISOString(), 'o1', holdFrom(at(0)))).toEqual({ kind: 'new' });
    // WeChat's retry 5 s later reaches B: A never answered, its hold has passed.
    expect(await b.claim('o1:9', at(4_000).toISOString(), 'o1', holdFrom(at(4_000)))).toEqual({ kind: 'running' });
    const retries = await Promise.all([b, c].map((store) => store.claim('o1:9', at(5_000).toISOString(), 'o1', holdFrom(at(5_000)))));
    expect(retries.map((r) => r.kind).sort()).toEqual(['new', 'running']);

    // A turn that went on past WeChat's wait holds its message as long as it needs.
    expect(await a.claim('o1:10', at(0).toISOString(), 'o1', holdFrom(at(0)))).toEqual({ kind: 'new' });
    await a.hold('o1:10', at(120_000).getTime());
    expect(await b.claim('o1:10', at(10_000).toISOString(), 'o1', holdFrom(at(10_000)))).toEqual({ kind: 'running' });
  });

  it("renews a lease only for its holder, and not once another has taken the message over", async () => {
    const [a, b] = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    await a.enqueue([{ openId: 'o1', payload: 'p' }], at(0));
    const [item] = await a.claimDue(at(0).getTime(), 10, lease('a'));
    expect(await a.renew(item!.id, 'a', at(90_000).getTime())).toBe(true);
    expect(await b.renew(item!.id, 'b', at(90_000).getTime())).toBe(false);
    // Renewed past the first lease's end: not claimable at 70 s; claimable after 90 s, and then a's renewal fails.
    expect(await b.claimDue(at(70_000).getTime(), 10, lease('b'))).toEqual([]);
    expect(await b.claimDue(at(90_001).getTime(), 10, lease('b'))).toHaveLength(1);
    expect(await a.renew(item!.id, 'a', at(200_000).getTime())).toBe(false);
  });

  it('lets exactly one of two connections claim the same message', async () => {
    const stores = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    const claims = await Promise.all(stores.map((store) => store.claim('o1:7', at(0).toISOString(), 'o1', holdFrom(at(0)))));
    expect(claims.map((c) => c.kind).sort()).toEqual(['new', 'running']);
  });

  it('claims pending messages due by a time oldest first, as numbers, and gives the next due time', async () => {
    const store = createWechatStore((await temp.open()).db);
    expect(await store.nextDue()).toBeUndefined();
    await store.enqueue([{ openId: 'o1', payload: 'first' }, { openId: 'o2', payload: 'second' }], at(0));
    await store.enqueue([{ openId: 'o3', payload: 'later' }], at(60_000));
    expect(await store.nextDue()).toBe(T0);

    const due = await store.claimDue(T0 + 1, 10, lease('a'));
    expect(due).toEqual([
      { id: expect.any(Number), openId: 'o1', payload: 'first', attempts: 0 },
      { id: expect.any(Number), openId: 'o2', payload: 'second', attempts: 0 },
    ]);
    expect(await store.nextDue()).toBe(T0 + 60_000);

    expect(await store.markSent(due[0]!.id, 'a')).toBe(true);
    expect(await store.markFailed(due[1]!.id, 'a', 'errcode 45047', T0 + 30_000)).toBe(true);
    expect(await store.nextDue()).toBe(T0 + 30_000);
    expect(await store.claimDue(T0 + 29_999, 10, lease('a'))).toEqual([]);
    expect(await store.claimDue(T0 + 30_000, 10, lease('a'))).toEqual([{ id: due[1]!.id, openId: 'o2', payload: 'second', attempts: 1 }]);
    await store.markFailed(due[1]!.id, 'a', 'errcode 45047');
    expect(await store.claimDue(T0 + 60_000, 10, lease('a'))).toEqual([expect.objectContaining({ payload: 'later' })]);
  });

  it('claims no more than the limit', async () => {
    const store = createWechatStore((await temp.open()).db);
    await store.enqueue(['o1', 'o2', 'o3'].map((openId) => ({ openId, payload: openId })), at(0));
    expect((await store.claimDue(T0, 2, lease('a'))).map((m) => m.payload)).toEqual(['o1', 'o2']);
    expect((await store.claimDue(T0, 2, lease('a'))).map((m) => m.payload)).toEqual(['o3']);
  });

  it('claims only a user’s earliest pending message: the next waits while it is held or waits for a retry', async () => {
    const [first, second] = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    await first.enqueue([{ openId: 'o1', payload: '1' }, { openId: 'o1', payload: '2' }, { openId: 'o2', payload: 'other' }], at(0));

    const [one] = await first.claimDue(T0, 1, lease('a'));
    expect(one).toMatchObject({ payload: '1' });
    // Held by the first: the user's second message is not the second's to take, another user's is.
    expect((await second.claimDue(T0, 10, lease('b'))).map((m) => m.payload)).toEqual(['other']);
    // Put back for a retry, the first message still goes first.
    await first.markFailed(one!.id, 'a', 'WECHAT_API_SERVER 502', T0 + 1_000);
    expect(await second.claimDue(T0 + 999, 10, lease('b'))).toEqual([]);
    expect(await second.nextDue()).toBe(T0 + 1_000);
    expect((await second.claimDue(T0 + 1_000, 10, lease('b'))).map((m) => m.payload)).toEqual(['1']);
    await second.markSent(one!.id, 'b');
    expect((await first.claimDue(T0 + 1_000, 10, lease('a'))).map((m) => m.payload)).toEqual(['2']);
  });

  it('leaves a message under a live lease alone and takes it over once the lease has run out', async () => {
    const [first, second] = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    await first.enqueue([{ openId: 'o1', payload: 'hello' }], at(0));
    const [claimed] = await first.claimDue(T0, 10, lease('a'));

    expect(await second.claimDue(T0 + LEASE_MS - 1, 10, lease('b'))).toEqual([]);
    expect(await second.nextDue()).toBe(T0 + LEASE_MS);
    expect(await second.claimDue(T0 + LEASE_MS, 10, lease('b'))).toEqual([claimed]);
    // The first, back after its lease ran out, no longer holds it: only the second records it.
    expect(await first.markSent(claimed!.id, 'a')).toBe(false);
    expect(await first.markFailed(claimed!.id, 'a', 'late')).toBe(false);
    expect(await second.nextDue()).toBe(T0 + 2 * LEASE_MS);
    expect(await second.markSent(claimed!.id, 'b')).toBe(true);
    expect(await second.nextDue()).toBeUndefined();
    expect(await second.countSince('o1', at(-1).toISOString())).toBe(1);
  });

  it('lets two connections claiming at once never take the same message, nor a user’s next before the previous is sent', async () => {
    const stores = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    for (let n = 0; n < 10; n++) await stores[0]!.enqueue(Array.from({ length: 20 }, (_, u) => ({ openId: `o${u}`, payload: `${u}:${n}` })), at(n));
    const sent: string[] = [];
    const claimedBy = new Map<number, string>();

    await Promise.all(
      stores.map(async (store, i) => {
        const holder = `holder ${i}`;
        for (;;) {
          const claimed = await store.claimDue(T0 + 10, 7, lease(holder));
          if (claimed.length === 0) return;
          for (const { id, payload } of claimed) {
            expect(claimedBy.get(id), `message ${payload}`).toBeUndefined();
            claimedBy.set(id, holder);
            sent.push(payload);
            expect(await store.markSent(id, holder)).toBe(true);
          }
        }
      }),
    );

    expect(sent).toHaveLength(200);
    for (let u = 0; u < 20; u++) expect(sent.filter((p) => p.startsWith(`${u}:`))).toEqual(Array.from({ length: 10 }, (_, n) => `${u}:${n}`));
    expect(new Set(claimedBy.values())).toEqual(new Set(['holder 0', 'holder 1']));
  });

  it('says when the user last wrote and counts the messages sent or waiting to them since a time', async () => {
    const store = createWechatStore((await temp.open()).db);
    expect(await store.lastUserMessageAt('o1')).toBeUndefined();
    expect(await store.countSince('o1', at(0).toISOString())).toBe(0);
    await store.claim('o1:1', at(0).toISOString(), 'o1', holdFrom(at(0)));
    await store.claim('o1:2', at(5_000).toISOString(), 'o1', holdFrom(at(5_000)));
    await store.finish('o1:2', { reply: '', outbox: [{ openId: 'o1', payload: 'a' }, { openId: 'o1', payload: 'b' }] }, at(6_000));
    await store.enqueue([{ openId: 'o2', payload: 'other user' }], at(6_000));

    expect(await store.lastUserMessageAt('o1')).toBe(at(5_000).toISOString());
    expect(await store.countSince('o1', at(0).toISOString())).toBe(2);
    expect(await store.countSince('o1', at(6_000).toISOString())).toBe(0);
  });
});
