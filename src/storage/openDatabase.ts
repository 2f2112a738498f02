import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type LogEvent } from 'kysely';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';
import { StorageError, guardStorage } from './StorageError.js';

/** An open database: the Kysely instance the repositories take, and how to close it. */
export interface KefuDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite';
  /** Closes the connection; calling it again does nothing. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** SQLite file path, or ':memory:' */
  readonly file: string;
  /**
   * How long a statement waits for another connection's write lock before failing with
   * `STORAGE_FAILED`. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
  /** Told the text of every statement run, after it ran (benchmarks and tests count them). */
  readonly onQuery?: (sql: string, durationMs: number) => void;
}

/**
 * Opens the database, enables WAL and foreign keys, applies pending migrations.
 *
 * Creates the file's folder when missing. Open a file once per process and share the result:
 * better-sqlite3 waits for a lock synchronously, so a second connection in the same process
 * blocks the event loop while the first is inside a transaction. `busyTimeoutMs` is for other
 * processes (a CLI next to the server), which it makes wait instead of fail.
 *
 * @throws StorageError `STORAGE_FAILED` when the file cannot be opened or a migration fails
 *   (a failed migration is rolled back, leaving the file as it was).
 */
export async function openDatabase({ file, busyTimeoutMs = 5_000, onQuery }: OpenDatabaseOptions): Promise<KefuDatabase> {
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new StorageError('STORAGE_FAILED', `busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
  }
  const sqlite = await guardStorage(`opening ${file}`, async () => {
    if (file !== ':memory:') await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const connection = new SQLite(file);
    try {
      // busy_timeout first, so switching to WAL also waits for a lock held elsewhere.
      connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
      connection.pragma('journal_mode = WAL');
      connection.pragma('foreign_keys = ON');
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  });

  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: reusingStatements(sqlite) }),
    ...(onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  try {
    await guardStorage(`migrating ${file}`, () => migrateSqlite(db));
  } catch (error) {
    await db.destroy();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return Object.freeze({
    db,
    dialect: 'sqlite' as const,
    close: function close() {
      closing ??= db.destroy();
      return closing;
    },
  });
}

/** Distinct statement texts kept prepared; the turn's hot path has about a dozen. */
const PREPARED_STATEMENTS = 256;

/**
 * The connection as Kysely sees it, with prepared statements kept and reused: Kysely prepares
 * every statement it runs, and compiling the SQL was about a tenth of a turn's CPU under load
 * (bench:load). The least recently used are dropped past {@link PREPARED_STATEMENTS} (texts vary
 * with the length of an `in (...)` list).
 */
export function reusingStatements(connection: SQLite.Database): Pick<SQLite.Database, 'prepare' | 'close'> {
  const prepared = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string) {
      let statement = prepared.get(text);
      if (statement) prepared.delete(text);
      else {
        statement = connection.prepare(text);
        if (prepared.size >= PREPARED_STATEMENTS) prepared.delete(prepared.keys().next().value!);
      }
      prepared.set(text, statement);
      return statement;
    },
    close() {
      prepared.clear();
      return connection.close();
    },
  } as Pick<SQLite.Database, 'prepare' | 'close'>;
}

/**
 * Kysely's migrator runs SQLite migrations outside any transaction and without a lock
 * (kysely-org/kysely#729), so a failed migration would leave half a schema and two processes
 * opening a new file together could both run it. One `begin immediate` around the whole run
 * fixes both: it takes the write lock first (the other process waits, then finds nothing to
 * do) and a failure rolls everything back. PostgreSQL will not need this: Kysely wraps its
 * migrations in a transaction under an advisory lock.
 */
async function migrateSqlite(db: Kysely<Database>): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      await migrateToLatest(connection, 'sqlite');
    } catch (error) {
      // The migration error is the one worth reporting; the connection is closed next anyway.
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
    await sql`commit`.execute(connection);
  });
}
