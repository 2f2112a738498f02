import { expect, it } from 'vitest';
import type { WechatCustomMessage } from '../../src/channels/wechat/createWechatApi.js';
import { createWechatOutbox } from '../../src/channels/wechat/createWechatOutbox.js';
import { createWechatStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

/*
 * Several kefu processes share one database, each with its own outbox: every message is sent by
 * one of them, once, and each user's messages in the order they were queued. Two connections to
 * one database stand for two processes; time is the test's own clock.
 */

const T0 = Date.UTC(2026, 2, 1, 8);
const LEASE_MS = 60_000;

/** What a fake WeChat received, by which instance. */
interface Delivery {
  readonly by: string;
  readonly toUser: string;
  readonly content: string;
}

/** A WeChat API that records each text and lets other work run while it is "on the network". */
function fakeApi(by: string, deliveries: Delivery[], { onSend }: { readonly onSend?: () => Promise<void> } = {}) {
  return {
    async sendCustomMessage(message: WechatCustomMessage) {
      await new Promise((resolve) => setImmediate(resolve));
      await onSend?.();
      deliveries.push({ by, toUser: message.toUser, content: message.kind === 'text' ? message.content : message.kind });
    },
  };
}

const text = (content: string) => JSON.stringify({ kind: 'text', content });

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  it('sends 200 messages to 20 users from two instances: each once, and every user’s in order', async () => {
    const deliveries: Delivery[] = [];
    const instances = await Promise.all(
      ['a', 'b'].map(async (holder) => {
        const store = createWechatStore((await temp.open()).db);
        return { store, outbox: createWechatOutbox({ store, api: fakeApi(holder, deliveries), holder, leaseMs: LEASE_MS, now: () => new Date(T0) }) };
      }),
    );
    const drains: Promise<void>[] = [];
    // Messages arrive while both instances send, each queued by one and waking both.
    for (let n = 0; n < 10; n++) {
      for (let u = 0; u < 20; u++) {
        await instances[(n + u) % 2]!.store.enqueue([{ openId: `o${u}`, payload: text(`${u}:${n}`) }], new Date(T0));
        drains.push(...instances.map(({ outbox }) => outbox.drain()));
      }
    }
    await Promise.all(drains);
    await Promise.all(instances.map(({ outbox }) => outbox.drain()));

    expect(deliveries).toHaveLength(200);
    expect(new Set(deliveries.map((d) => d.content)).size).toBe(200);
    for (let u = 0; u < 20; u++) {
      expect(deliveries.filter((d) => d.toUser === `o${u}`).map((d) => d.content)).toEqual(Array.from({ length: 10 }, (_, n) => `${u}:${n}`));
    }
    expect(new Set(deliveries.map((d) => d.by))).toEqual(new Set(['a', 'b']));
    expect(await instances[0]!.store.nextDue()).toBeUndefined();
  });

  it('takes over the messages of an instance that stopped once its lease has run out, in order, and not before', async () => {
    const deliveries: Delivery[] = [];
    let clock = T0;
    const now = () => new Date(clock);
    const first = createWechatStore((await temp.open()).db);
    const second = createWechatStore((await temp.open()).db);
    await first.enqueue([{ openId: 'o1', payload: text('one') }, { openId: 'o1', payload: text('two') }], now());
    // The first instance hangs in its first send, as a process that stopped would.
    let arrived!: () => void;
    const hanging = new Promise<void>((resolve) => (arrived = resolve));
    const stopped = createWechatOutbox({ store: first, api: { sendCustomMessage: () => (arrived(), new Promise<void>(() => undefined)) }, holder: 'a', leaseMs: LEASE_MS, now });
    void stopped.drain();
    await hanging;
    const other = createWechatOutbox({ store: second, api: fakeApi('b', deliveries), holder: 'b', leaseMs: LEASE_MS, now });

    clock = T0 + LEASE_MS - 1;
    await other.drain();
    expect(deliveries).toEqual([]);
    expect(await second.nextDue()).toBe(T0 + LEASE_MS);

    clock = T0 + LEASE_MS;
    await other.drain();
    expect(deliveries.map((d) => d.content)).toEqual(['one', 'two']);
  });

  it('starts no send in the second half of its lease: the rest goes on a later claim', async () => {
    const deliveries: Delivery[] = [];
    let clock = T0;
    const store = createWechatStore((await temp.open()).db);
    await store.enqueue(['o1', 'o2', 'o3'].map((openId) => ({ openId, payload: text(openId) })), new Date(T0));
    // Each send takes 30% of the lease.
    const api = fakeApi('a', deliveries, { onSend: async () => void (clock += LEASE_MS * 0.3) });
    const outbox = createWechatOutbox({ store, api, holder: 'a', leaseMs: LEASE_MS, now: () => new Date(clock) });

    await outbox.drain();
    expect(deliveries.map((d) => d.content)).toEqual(['o1', 'o2']);
    expect(await store.nextDue()).toBe(T0 + LEASE_MS);

    clock = T0 + LEASE_MS;
    await outbox.drain();
    expect(deliveries.map((d) => d.content)).toEqual(['o1', 'o2', 'o3']);
  });

  it('gives each send a whole lease, so a slow one late in a batch is not taken over while it runs', async () => {
    const deliveries: Delivery[] = [];
    let clock = T0;
    const [storeA, storeB] = [createWechatStore((await temp.open()).db), createWechatStore((await temp.open()).db)];
    await storeA.enqueue(['o1', 'o2'].map((openId) => ({ openId, payload: text(openId) })), new Date(T0));
    const takenMeanwhile: unknown[] = [];
    // The first send takes just under half the lease; the second 2/3 of one, and while it runs
    // the other instance looks for work past the batch's first lease.
    const api = fakeApi('a', deliveries, {
      onSend: async () => {
        if (clock === T0) clock += LEASE_MS * 0.45;
        else {
          clock += LEASE_MS * 0.66;
          takenMeanwhile.push(...(await storeB.claimDue(clock, 10, { holder: 'b', leaseMs: LEASE_MS })));
        }
      },
    });
    await createWechatOutbox({ store: storeA, api, holder: 'a', leaseMs: LEASE_MS, now: () => new Date(clock) }).drain();
    expect(deliveries.map((d) => d.content)).toEqual(['o1', 'o2']);
    expect(takenMeanwhile).toEqual([]);
  });

  it('never sends a message again because marking it sent failed for a moment', async () => {
    const deliveries: Delivery[] = [];
    const real = createWechatStore((await temp.open()).db);
    let failures = 1;
    const problems: unknown[] = [];
    const store = {
      ...real,
      markSent: async (id: number, holder: string) => {
        if (failures-- > 0) throw new Error('the connection was reset');
        return real.markSent(id, holder);
      },
    };
    const outbox = createWechatOutbox({ store, api: fakeApi('a', deliveries), holder: 'a', leaseMs: LEASE_MS, now: () => new Date(T0), onProblem: (error) => problems.push(error) });
    await real.enqueue([{ openId: 'o1', payload: text('只发一次') }], new Date(T0));
    await outbox.drain();
    await outbox.drain();
    expect(deliveries.map((d) => d.content)).toEqual(['只发一次']);
    expect(await real.claimDue(T0 + 10 * LEASE_MS, 10, { holder: 'b', leaseMs: LEASE_MS })).toEqual([]);
    expect(problems).toEqual([]);
  });
});
