import pg from 'pg';
import { createMemoryLock, type ConversationLock } from './ConversationLock.js';

export interface PostgresLockOptions {
  readonly url: string;
  /** The schema kefu's tables are in: keys are named within it, as the events' channel is. */
  readonly schema: string;
  /**
   * Connections kept for held locks. An advisory lock belongs to a session, so each lock held
   * occupies one connection for its turn; this pool is apart from the data's, so that turns
   * holding locks can never take every connection their own queries need. Default 16.
   */
  readonly maxConnections?: number;
  /**
   * How long a holder keeps the lock at most: after this the lock is given up even though its
   * turn goes on, so a stuck turn does not block its conversation for ever. (A crashed instance's
   * locks go with its connections.) Default 30 s.
   */
  readonly holdLimitMs?: number;
  /** How long a turn waits for the lock before it runs without it (reported). Default 35 s. */
  readonly waitLimitMs?: number;
  readonly onProblem?: (error: unknown, what: string) => void;
}

export interface PostgresLock extends ConversationLock {
  close(): Promise<void>;
}

/**
 * One turn at a time per conversation across every instance on the database: PostgreSQL's
 * advisory locks, on a key hashed from the schema and the conversation. Within this process the
 * memory lock queues a conversation's turns first, so one conversation never holds more than one
 * connection here. When the database cannot give the lock, the turn runs anyway and the problem
 * is reported: a user gets an answer, at worst one whose state write meets a conflict.
 */
export function createPostgresLock({ url, schema, maxConnections = 16, holdLimitMs = 30_000, waitLimitMs = 35_000, onProblem = () => undefined }: PostgresLockOptions): PostgresLock {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    // Waiting for a connection is bounded like waiting for the lock.
    connectionTimeoutMillis: waitLimitMs,
    // A holder's host that dies without closing its connections (power, network) leaves sessions
    // PostgreSQL would keep for hours: keepalives find them, and a session idle past the hold
    // limit (a lock held, no statement running) is ended by the server, freeing its lock.
    keepAlive: true,
    options: `-c lock_timeout=${Math.max(1, Math.round(waitLimitMs))} -c idle_session_timeout=${Math.round(holdLimitMs + 5_000)}`,
  });
  pool.on('error', (error) => onProblem(error, 'lock: an idle connection failed'));
  const local = createMemoryLock();

  /** Takes the lock on a connection of its own; undefined when it could not (reported). */
  const acquire = async (key: string): Promise<(() => Promise<void>) | undefined> => {
    let connection: pg.PoolClient | undefined;
    // A held session that fails (the server ended it) errors on the client, not the pool.
    const failed = (error: Error) => onProblem(error, `lock: the session holding ${key} failed`);
    try {
      connection = await pool.connect();
      connection.on('error', failed);
      await connection.query('select pg_advisory_lock(hashtextextended($1, 0))', [`${schema}/${key}`]);
    } catch (error) {
      connection?.off('error', failed);
      connection?.release(true);
      onProblem(error, `lock: ${key} was not taken; the turn runs without it`);
      return undefined;
    }
    const held = connection;
    let released: Promise<void> | undefined;
    const release = () =>
      (released ??= held.query('select pg_advisory_unlock(hashtextextended($1, 0))', [`${schema}/${key}`]).then(
        () => {
          held.off('error', failed);
          held.release();
        },
        (error: unknown) => {
          held.off('error', failed);
          // The session is suspect: closing it frees whatever it still holds.
          held.release(true);
          onProblem(error, `lock: releasing ${key} failed`);
        },
      ));
    const limit = setTimeout(() => {
      onProblem(new Error(`lock: ${key} held for more than ${holdLimitMs} ms; given up`), 'lock: hold limit');
      void release();
    }, holdLimitMs);
    limit.unref();
    return async () => {
      clearTimeout(limit);
      await release();
    };
  };

  return {
    run(key, work) {
      return local.run(key, async () => {
        const release = await acquire(key);
        try {
          return await work();
        } finally {
          await release?.();
        }
      });
    },
    async close() {
      await pool.end();
    },
  };
}
