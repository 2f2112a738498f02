import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialectOf.js';

/**
 * Runs `work` in a transaction that takes SQLite's write lock at its start (`begin immediate`).
 * Kysely's transactions begin deferred: one that reads and then writes must upgrade its lock, and
 * SQLite refuses that at once ("database is locked", whatever the busy timeout) when another
 * connection has written in between. Taken first, the lock is waited for under the busy timeout
 * instead. Work must not call out of the database: the lock is held until it returns.
 *
 * PostgreSQL locks rows, not the database, and has no `begin immediate`: there it is an ordinary
 * transaction.
 */
export async function immediateTransaction<DB, T>(db: Kysely<DB>, work: (connection: Kysely<DB>) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}
