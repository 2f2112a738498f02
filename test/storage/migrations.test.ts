import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  Migrator,
  NO_MIGRATIONS,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type DialectAdapter,
  type QueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  StorageError,
  createMigrationProvider,
  createMigrations,
  openDatabase,
  type KefuDatabase,
  type StorageDialect,
} from '../../src/storage/index.js';
import { useTempDatabases } from './tempDatabases.js';

const temp = useTempDatabases();

const kefuTables = ['directline_activities', 'directline_conversations', 'feedback', 'handoff_requests', 'state_items', 'transcript'];

async function tableNames({ db }: KefuDatabase): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((table) => table.name).sort();
}

async function appliedMigrations({ db }: KefuDatabase) {
  const { rows } = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(db);
  return rows;
}

/** The SQL `0001_initial` would send to `dialect`, compiled against a driver that runs nothing. */
async function initialSql(dialect: StorageDialect): Promise<string> {
  const statements: string[] = [];
  const parts: { adapter: DialectAdapter; compiler: QueryCompiler } =
    dialect === 'postgres'
      ? { adapter: new PostgresAdapter(), compiler: new PostgresQueryCompiler() }
      : { adapter: new SqliteAdapter(), compiler: new SqliteQueryCompiler() };
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => parts.adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => (dialect === 'postgres' ? new PostgresIntrospector(kysely) : new SqliteIntrospector(kysely)),
      createQueryCompiler: () => parts.compiler,
    },
    log: (event) => void statements.push(event.query.sql),
  });
  await createMigrations(dialect)['0001_initial']?.up(db);
  return statements.join(';\n');
}

describe('openDatabase', () => {
  it('creates every table and index in a fresh file', async () => {
    const database = await temp.open();

    expect(await tableNames(database)).toEqual(kefuTables);
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name`.execute(database.db);
    expect(rows.map((row) => row.name)).toEqual(['feedback_article_id_idx', 'transcript_conversation_id_id_idx']);
  });

  it('records every applied migration by name in the migration table', async () => {
    const database = await temp.open();

    const applied = await appliedMigrations(database);
    expect(applied.map((row) => row.name)).toEqual(Object.keys(createMigrations('sqlite')));
    expect(applied.map((row) => row.name)).toEqual(['0001_initial', '0002_directline']);
  });

  it('does not apply a migration again when the file is opened a second time', async () => {
    const first = await temp.open();
    await first.db.insertInto('state_items').values({ key: 'k', data: '1', etag: 'e', updated_at: '2026-01-01T00:00:00.000Z' }).execute();
    const before = await appliedMigrations(first);
    await first.close();

    const second = await temp.open();

    expect(await appliedMigrations(second)).toEqual(before);
    expect(await second.db.selectFrom('state_items').select('key').execute()).toEqual([{ key: 'k' }]);
  });

  it('turns on WAL, foreign keys and a busy timeout', async () => {
    const { db } = await temp.open();

    const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('creates the parent folders of the file when they are missing', async () => {
    const database = await openDatabase({ file: path.join(path.dirname(temp.file()), 'a', 'b', 'kefu.db') });
    try {
      expect(await tableNames(database)).toEqual(kefuTables);
    } finally {
      await database.close();
    }
  });

  it('opens an in-memory database when the file is :memory:', async () => {
    const database = await openDatabase({ file: ':memory:' });
    try {
      expect(await tableNames(database)).toEqual(kefuTables);
    } finally {
      await database.close();
    }
  });

  it('throws STORAGE_FAILED naming the file when it cannot be opened', async () => {
    const blocker = temp.file('not-a-folder');
    await writeFile(blocker, 'x');
    const file = path.join(blocker, 'kefu.db');

    const opening = openDatabase({ file });

    await expect(opening).rejects.toBeInstanceOf(StorageError);
    await expect(opening).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining(file) });
  });

  it('rolls a failed migration back entirely and names it', async () => {
    // A table in the way makes 0001 fail after it has created the tables before it.
    const raw = new SQLite(temp.file());
    raw.exec('create table feedback (x text)');
    raw.close();

    const opening = openDatabase({ file: temp.file() });

    await expect(opening).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('0001_initial') });
    const after = new SQLite(temp.file());
    try {
      const tables = after.prepare(`select name from sqlite_master where type = 'table' and name not like 'kysely_%' order by name`).pluck().all();
      expect(tables).toEqual(['feedback']);
    } finally {
      after.close();
    }
  });

  it('can be closed twice', async () => {
    const database = await temp.open();

    await database.close();
    await expect(database.close()).resolves.toBeUndefined();
  });
});

describe('createMigrations', () => {
  it('can be migrated down to an empty schema', async () => {
    const database = await temp.open();
    const migrator = new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') });

    const { error } = await migrator.migrateTo(NO_MIGRATIONS);

    expect(error).toBeUndefined();
    expect(await tableNames(database)).toEqual([]);
  });

  it('uses integer primary key autoincrement for ids on sqlite', async () => {
    const text = await initialSql('sqlite');

    expect(text.match(/"id" integer primary key autoincrement/g)).toHaveLength(3);
    expect(text).not.toContain('serial');
  });

  it('uses serial primary key for ids on postgres', async () => {
    const text = await initialSql('postgres');

    expect(text.match(/"id" serial primary key/g)).toHaveLength(3);
    expect(text).not.toContain('autoincrement');
  });
});
