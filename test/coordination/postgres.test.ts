import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { busesOver, createPostgresEvents, createPostgresLock, type PostgresEvents, type PostgresLock, type WireCodec } from '../../src/coordination/index.js';
import { createArrivals } from '../support/arrivals.js';
import { adminQuery, createTestSchema, describePostgres, dropTestSchema, testPostgresUrl, withSearchPath } from '../storage/tempDatabases.js';

/** A promise and the function that settles it, to hold work open until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Polls the database until `query`'s first row's `n` is `expected`: a condition, not a wait of fixed length. */
async function untilCount(query: string, expected: number): Promise<void> {
  for (;;) {
    const { rows } = await adminQuery(query);
    if (Number(rows[0]?.n) === expected) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Events of a ticket: the full event here, only its id on the wire, read back (here: rebuilt) there. */
const ticketCodec = (reads: string[]): WireCodec<{ id: number; title: string }, { id: number }> => ({
  toWire: ({ id }) => ({ id }),
  fromWire: ({ id }, topic) => {
    reads.push(`${topic}#${id}`);
    return { id, title: `read back ${id}` };
  },
});

describePostgres('PostgreSQL coordination', () => {
  let schema = '';
  const closers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    schema = await createTestSchema();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await dropTestSchema(schema);
  });
  afterAll(async () => undefined);

  const events = async (into = schema): Promise<PostgresEvents> => {
    const opened = await createPostgresEvents({ url: withSearchPath(testPostgresUrl, into), schema: into, reconnectDelayMs: 10 });
    closers.push(() => opened.close());
    return opened;
  };
  const lock = (options: { holdLimitMs?: number } = {}): PostgresLock => {
    const opened = createPostgresLock({ url: withSearchPath(testPostgresUrl, schema), schema, maxConnections: 4, ...options });
    closers.push(() => opened.close());
    return opened;
  };

  it('carries events to the other instance through the codec, in order, and not back to the sender', async () => {
    const [a, b] = [await events(), await events()];
    const readsOnB: string[] = [];
    const busA = busesOver(a)('tickets', ticketCodec([]));
    const busB = busesOver(b)('tickets', ticketCodec(readsOnB));
    const onA = createArrivals<{ id: number; title: string }>();
    const onB = createArrivals<{ id: number; title: string }>();
    busA.subscribe('queue', onA.add);
    busB.subscribe('queue', onB.add);

    for (let id = 1; id <= 200; id += 1) busA.publish('queue', { id, title: `ticket ${id}` });
    await onB.waitFor((e) => e.id === 200);

    expect(onB.seen.map((e) => e.id)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(onB.seen[0]).toEqual({ id: 1, title: 'read back 1' });
    expect(readsOnB).toHaveLength(200);
    // The sender's own listeners got the events whole, once each, without a round trip.
    expect(onA.seen).toHaveLength(200);
    expect(onA.seen[0]).toEqual({ id: 1, title: 'ticket 1' });
  });

  it('reads back only topics someone listens to on the receiving instance', async () => {
    const [a, b] = [await events(), await events()];
    const readsOnB: string[] = [];
    const busA = busesOver(a)('tickets', ticketCodec([]));
    const busB = busesOver(b)('tickets', ticketCodec(readsOnB));
    const onB = createArrivals<{ id: number }>();
    busB.subscribe('watched', onB.add);
    busA.publish('unwatched', { id: 1, title: '' });
    busA.publish('watched', { id: 2, title: '' });
    await onB.waitFor((e) => e.id === 2);
    expect(readsOnB).toEqual(['watched#2']);
  });

  it('keeps installations in different schemas apart', async () => {
    const other = await createTestSchema();
    closers.push(() => dropTestSchema(other));
    const [a, b, elsewhere] = [await events(), await events(), await events(other)];
    const onB = createArrivals<{ id: number }>();
    const onElsewhere = createArrivals<{ id: number }>();
    busesOver(b)('tickets', ticketCodec([])).subscribe('queue', onB.add);
    busesOver(elsewhere)('tickets', ticketCodec([])).subscribe('queue', onElsewhere.add);
    const busA = busesOver(a)('tickets', ticketCodec([]));
    busA.publish('queue', { id: 1, title: '' });
    await onB.waitFor((e) => e.id === 1);
    // A marker through the other schema's own channel: once it has arrived, A's event would have too.
    busesOver(await events(other))('tickets', ticketCodec([])).publish('queue', { id: 99, title: '' });
    await onElsewhere.waitFor((e) => e.id === 99);
    expect(onElsewhere.seen.map((e) => e.id)).toEqual([99]);
  });

  it('reconnects a listener whose connection was cut, tells the buses to resync, and carries events again', async () => {
    const [a, b] = [await events(), await events()];
    const busA = busesOver(a)('tickets', ticketCodec([]));
    const busB = busesOver(b)('tickets', ticketCodec([]));
    const onB = createArrivals<{ id: number }>();
    busB.subscribe('queue', onB.add);
    const resynced = gate();
    busB.onResync(resynced.open);

    await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen "kefu_${schema}"' and pid <> pg_backend_pid() and pid = (select pid from pg_stat_activity where query = 'listen "kefu_${schema}"' order by backend_start desc limit 1)`);
    await resynced.opened;
    expect(b.connected()).toBe(true);
    busA.publish('queue', { id: 7, title: '' });
    await onB.waitFor((e) => e.id === 7);
  });

  it('runs one holder of a conversation at a time across instances', async () => {
    const [a, b] = [lock(), lock()];
    const order: string[] = [];
    const first = gate();
    const started = gate();
    const onA = a.run('directline/c1', async () => {
      order.push('a starts');
      started.open();
      await first.opened;
      order.push('a ends');
    });
    await started.opened;
    const onB = b.run('directline/c1', async () => void order.push('b'));
    // B is waiting in PostgreSQL for A's lock.
    await untilCount(`select count(*) as n from pg_locks where locktype = 'advisory' and not granted`, 1);
    expect(order).toEqual(['a starts']);
    first.open();
    await Promise.all([onA, onB]);
    expect(order).toEqual(['a starts', 'a ends', 'b']);
  });

  it('lets other conversations run while one is held', async () => {
    const [a, b] = [lock(), lock()];
    const held = gate();
    const holding = a.run('directline/c1', () => held.opened);
    await b.run('directline/c2', async () => undefined);
    held.open();
    await holding;
  });

  it('frees a conversation whose holder died with its connection', async () => {
    const [a, b] = [lock(), lock()];
    const forever = gate();
    const started = gate();
    void a.run('directline/c1', async () => {
      started.open();
      await forever.opened;
    });
    await started.opened;
    // The instance dies: PostgreSQL ends its session, and with it the lock.
    await adminQuery(`select pg_terminate_backend(l.pid) from pg_locks l where l.locktype = 'advisory' and l.granted`);
    await b.run('directline/c1', async () => undefined);
    forever.open();
  });

  it('gives up a lock held past its limit, so a stuck turn does not block its conversation for ever', async () => {
    const problems: string[] = [];
    const a = createPostgresLock({ url: withSearchPath(testPostgresUrl, schema), schema, maxConnections: 2, holdLimitMs: 20, onProblem: (_e, what) => problems.push(what) });
    closers.push(() => a.close());
    const b = lock();
    const stuck = gate();
    const started = gate();
    const stuckTurn = a.run('directline/c1', async () => {
      started.open();
      await stuck.opened;
    });
    await started.opened;
    await b.run('directline/c1', async () => undefined);
    expect(problems).toContain('lock: hold limit');
    stuck.open();
    await stuckTurn;
  });
});
