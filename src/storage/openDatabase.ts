import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type StorageDialect } from './migrations.js';
import type { Database } from './schema.js';
import { StorageError, guardStorage } from './StorageError.js';

/** An open database: the Kysely instance the repositories take, and how to close it. */
export interface KefuDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: StorageDialect;
  /** PostgreSQL: the schema kefu's tables are in (the connection's current one); undefined on SQLite. */
  readonly schema?: string;
  /** Closes the connection (PostgreSQL: the pool); calling it again does nothing. */
  close(): Promise<void>;
  /** PostgreSQL's pool now: connections open, idle, and clients waiting for one; undefined on SQLite. */
  pool(): { readonly total: number; readonly idle: number; readonly waiting: number } | undefined;
}

interface CommonOptions {
  /** Told the text of every statement run, after it ran (benchmarks and tests count them). */
  readonly onQuery?: (sql: string, durationMs: number) => void;
}

/** A SQLite file: the zero-setup default. */
export interface SqliteDatabaseOptions extends CommonOptions {
  /** SQLite file path, or ':memory:' */
  readonly file: string;
  /**
   * How long a statement waits for another connection's write lock before failing with
   * `STORAGE_FAILED`. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
  readonly url?: never;
}

/** A PostgreSQL database, which several kefu processes can share. */
export interface PostgresDatabaseOptions extends CommonOptions {
  /**
   * `postgres://user:password@host:port/database`; libpq's parameters in the query string
   * (`?options=-c search_path=...`, `sslmode=...`) are passed on. Never printed: errors name the
   * host, port and database only.
   */
  readonly url: string;
  /** Connections the pool opens at most. Default 10. */
  readonly maxConnections?: number;
  /**
   * How long getting a connection may take (opening one, or waiting for a free one) before the
   * statement fails with `STORAGE_FAILED`: an unreachable server stops start-up instead of
   * hanging it. Default 10000 ms.
   */
  readonly connectTimeoutMs?: number;
  /**
   * Told when an idle connection of the pool fails (the server restarted, a network cut); the
   * pool drops it and opens another when next needed. Default: ignored.
   */
  readonly onIdleError?: (error: Error) => void;
  readonly file?: never;
}

export type OpenDatabaseOptions = SqliteDatabaseOptions | PostgresDatabaseOptions;

/** kefu's database as configured: PostgreSQL at `databaseUrl` when set, else `kefu.sqlite` in `dataDir`. */
export function configuredDatabase({ databaseUrl, dataDir }: { readonly databaseUrl?: string | undefined; readonly dataDir: string }): OpenDatabaseOptions {
  return databaseUrl === undefined ? { file: path.join(dataDir, 'kefu.sqlite') } : { url: databaseUrl };
}

/**
 * Opens the database and applies pending migrations: PostgreSQL when `url` is given, otherwise
 * the SQLite `file` (WAL and foreign keys on).
 *
 * SQLite: creates the file's folder when missing. Open a file once per process and share the
 * result: better-sqlite3 waits for a lock synchronously, so a second connection in the same
 * process blocks the event loop while the first is inside a transaction. `busyTimeoutMs` is for
 * other processes (a CLI next to the server), which it makes wait instead of fail.
 *
 * @throws StorageError `STORAGE_FAILED` when the database cannot be opened or reached, or a
 *   migration fails (a failed migration is rolled back, leaving the database as it was).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<KefuDatabase> {
  return options.url === undefined ? openSqlite(options) : openPostgres(options);
}

async function openSqlite({ file, busyTimeoutMs = 5_000, onQuery }: SqliteDatabaseOptions): Promise<KefuDatabase> {
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
  return opened(db, 'sqlite', () => undefined);
}

/** PostgreSQL's type oid of bigint (int8): counts, sums and epoch milliseconds. */
const INT8_OID = 20;

/** pg's parsers, but bigint in text form as a number. */
const parseInt8AsNumber = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

async function openPostgres({ url, maxConnections = 10, connectTimeoutMs = 10_000, onIdleError = () => undefined, onQuery }: PostgresDatabaseOptions): Promise<KefuDatabase> {
  const where = describePostgresUrl(url);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new StorageError('STORAGE_FAILED', `maxConnections must be a positive integer, got ${maxConnections}`);
  }
  const pool = await guardStorage(`opening ${where}`, async () => {
    const created = new pg.Pool({
      connectionString: url,
      max: maxConnections,
      connectionTimeoutMillis: connectTimeoutMs,
      // bigint comes back as a number, as SQLite gives it, not pg's string: kefu's bigints
      // (counts, epoch milliseconds) stay far below 2^53. For this pool only; pg's defaults stay.
      types: { getTypeParser: parseInt8AsNumber },
    });
    // Without a listener, an idle connection's error would end the process.
    created.on('error', onIdleError);
    return created;
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  let schema: string | undefined;
  try {
    schema = await guardStorage(`connecting to ${where}`, async () => {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      return rows[0]?.schema ?? undefined;
    });
    if (schema === undefined) throw new StorageError('STORAGE_FAILED', `${where}: no schema of the search_path exists; create one or set search_path`);
    // Kysely wraps PostgreSQL migrations in a transaction under an advisory lock.
    const current = schema;
    await guardStorage(`migrating ${where}`, () => migrateToLatest(db, 'postgres', { schema: current }));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return opened(db, 'postgres', () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }), schema);
}

function opened(db: Kysely<Database>, dialect: StorageDialect, pool: KefuDatabase['pool'], schema?: string): KefuDatabase {
  let closing: Promise<void> | undefined;
  return Object.freeze({
    db,
    dialect,
    ...(schema === undefined ? {} : { schema }),
    pool,
    close: function close() {
      closing ??= db.destroy();
      return closing;
    },
  });
}

/** A PostgreSQL URL as errors may show it: host, port and database, never the user or password. */
function describePostgresUrl(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `PostgreSQL at ${hostname || 'localhost'}:${port || '5432'}${pathname && pathname !== '/' ? pathname : ''}`;
  } catch {
    return 'PostgreSQL (an unreadable DATABASE_URL)';
  }
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
 * do) and a failure rolls everything back. PostgreSQL does not need this: Kysely wraps its
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
