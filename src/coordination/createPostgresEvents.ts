import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventTransport, WireMessage } from './EventTransport.js';

export interface PostgresEventsOptions {
  /** The database the instances share (the same URL as the data's). */
  readonly url: string;
  /**
   * The schema kefu's tables are in. NOTIFY reaches every session of the database, so the
   * channel is named after the schema: two kefu installations in one database never hear
   * each other (nor do tests, each in its own schema).
   */
  readonly schema: string;
  /** This instance's id: its own notifications come back to it and are skipped. Default random. */
  readonly instanceId?: string;
  /** The first wait before reconnecting a dropped listener; it doubles up to 5 s. Default 100 ms. */
  readonly reconnectDelayMs?: number;
  /** Messages kept while the connection is down, at most; older ones are dropped (and reported). Default 10,000. */
  readonly maxQueued?: number;
  readonly onProblem?: (error: unknown, what: string) => void;
}

export interface PostgresEvents extends EventTransport {
  readonly instanceId: string;
  /** Whether the listening connection is up now. */
  connected(): boolean;
  close(): Promise<void>;
}

/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * Instances' events over PostgreSQL's LISTEN/NOTIFY, on one connection of its own: it listens, and
 * it sends this instance's notifications too, in one statement per batch, so that other instances
 * receive them in the order they were sent. When the connection drops it reconnects with backoff,
 * sends what was queued meanwhile, and tells the buses to resync (what was sent to it while it was
 * away is lost: listeners read the database again).
 */
export async function createPostgresEvents({ url, schema, instanceId = randomUUID(), reconnectDelayMs = 100, maxQueued = 10_000, onProblem = () => undefined }: PostgresEventsOptions): Promise<PostgresEvents> {
  // PostgreSQL names are at most 63 bytes: a long (or non-ASCII) schema is named by its hash.
  const channel = Buffer.byteLength(`kefu_${schema}`) <= 63 ? `kefu_${schema}` : `kefu_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
  const quoted = `"${channel.replaceAll('"', '""')}"`;
  const handlers = new Map<string, Set<(topic: string, wire: unknown) => void>>();
  const resyncs = new Set<() => void>();
  let queued: string[] = [];
  let client: pg.Client | undefined;
  let flushing = false;
  /** Sends that failed in a row: the pause before the next try grows with them. */
  let failures = 0;
  let closed = false;
  let delay = reconnectDelayMs;
  let retry: NodeJS.Timeout | undefined;

  const dispatch = (payload: string | undefined) => {
    if (!payload) return;
    let message: { o?: unknown; b?: unknown; t?: unknown; w?: unknown };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch (error) {
      return onProblem(error, 'events: a notification was not JSON');
    }
    if (message.o === instanceId || typeof message.b !== 'string' || typeof message.t !== 'string') return;
    for (const handler of handlers.get(message.b) ?? []) handler(message.t, message.w);
  };

  const flush = async () => {
    if (flushing || !client || queued.length === 0) return;
    flushing = true;
    const batch = queued;
    queued = [];
    const sending = client;
    try {
      // One statement for the batch: pg_notify runs row by row, in the array's order.
      await sending.query(`select pg_notify($1, payload) from unnest($2::text[]) with ordinality as t(payload, n) order by n`, [channel, batch]);
    } catch (error) {
      // Not sent: kept, ahead of what came since, and tried again after a pause (a failure that
      // repeats must not spin).
      queued = [...batch, ...queued];
      onProblem(error, 'events: sending notifications failed');
      flushing = false;
      failures += 1;
      const pause = setTimeout(() => void flush(), Math.min(reconnectDelayMs * 2 ** failures, MAX_RECONNECT_DELAY_MS));
      pause.unref();
      return;
    }
    failures = 0;
    flushing = false;
    if (client === sending && queued.length > 0) void flush();
  };

  const connect = async (): Promise<void> => {
    // Keepalives and a statement timeout: a connection cut without a reset (a failover) is found
    // in seconds, not when TCP gives up.
    const next = new pg.Client({ connectionString: url, keepAlive: true, query_timeout: 10_000 });
    next.on('notification', (n) => dispatch(n.payload));
    next.on('error', (error) => {
      onProblem(error, 'events: the listening connection failed');
      lost(next);
    });
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`listen ${quoted}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    delay = reconnectDelayMs;
  };

  const lost = (which: pg.Client) => {
    if (client !== which) return;
    client = undefined;
    which.removeAllListeners('end');
    void which.end().catch(() => undefined);
    schedule();
  };

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          for (const listener of [...resyncs]) listener();
          void flush();
        },
        (error: unknown) => {
          onProblem(error, 'events: reconnecting failed');
          delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
          schedule();
        },
      );
    }, delay);
    retry.unref();
  };

  await connect();

  return {
    instanceId,
    send({ bus, topic, wire }: WireMessage) {
      if (closed) return;
      const payload = JSON.stringify({ o: instanceId, b: bus, t: topic, w: wire });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        onProblem(new Error(`events: a ${bus} event of ${Buffer.byteLength(payload)} bytes is too large for NOTIFY (topic ${topic})`), 'events: not sent');
        return;
      }
      queued.push(payload);
      if (queued.length > maxQueued) {
        queued.splice(0, queued.length - maxQueued);
        onProblem(new Error(`events: more than ${maxQueued} notifications queued while disconnected; the oldest were dropped`), 'events: dropped');
      }
      void flush();
    },
    receive(bus, handler) {
      const set = handlers.get(bus) ?? new Set();
      handlers.set(bus, set);
      set.add(handler);
      return () => set.delete(handler);
    },
    onResync(listener) {
      resyncs.add(listener);
      return () => resyncs.delete(listener);
    },
    connected: () => client !== undefined,
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      if (last) {
        last.removeAllListeners('end');
        await last.end().catch(() => undefined);
      }
    },
  };
}
