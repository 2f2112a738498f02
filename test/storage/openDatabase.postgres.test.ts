import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { expect, it } from 'vitest';
import { dialectOf } from '../../src/storage/dialectOf.js';
import { StorageError, createMigrationProvider, createMigrations, createStateStore, openDatabase, type KefuDatabase } from '../../src/storage/index.js';
import { adminQuery, describePostgres, useTempDatabases } from './tempDatabases.js';

/** kefu's tables and indexes in the schema `database` works in (the server holds other tests' schemas too). */
async function schemaContents({ db }: KefuDatabase): Promise<{ tables: string[]; indexes: string[] }> {
  const { rows: tables } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely_%' order by 1`.execute(db);
  const { rows: indexes } = await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and indexname not like 'kysely_%'
    and indexname not in (select conname from pg_constraint where connamespace = current_schema()::regnamespace) order by 1`.execute(db);
  return { tables: tables.map((r) => r.name), indexes: indexes.map((r) => r.name) };
}

async function appliedMigrations({ db }: KefuDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

describePostgres('openDatabase on PostgreSQL', () => {
  const temp = useTempDatabases('postgres');

  it('creates the same tables and indexes as on SQLite, and records every migration', async () => {
    const database = await temp.open();

    expect(database.dialect).toBe('postgres');
    const sqlite = sqliteContents(await openDatabase({ file: ':memory:' }));
    const expected = await sqlite.contents();
    await sqlite.close();
    expect(await schemaContents(database)).toEqual(expected);
    expect(await appliedMigrations(database)).toEqual(Object.keys(createMigrations('postgres')));
  });

  it('migrates a schema of its own while another schema of the server holds kefu already', async () => {
    const first = await temp.open('first');

    const second = await temp.open('second');

    expect(await appliedMigrations(second)).toEqual(await appliedMigrations(first));
    expect((await schemaContents(second)).tables).toContain('tickets');
  });

  it('applies nothing again when opened a second time, and lets two processes open a new schema at once', async () => {
    const [a, b] = await Promise.all([temp.open(), temp.open()]);
    await createStateStore(a.db).write([{ key: 'k', data: 1 }]);

    const again = await temp.open();

    expect(await appliedMigrations(again)).toEqual(await appliedMigrations(b));
    expect(Object.keys(await createStateStore(again.db).read(['k']))).toEqual(['k']);
  });

  it('gives bigint values as numbers, as SQLite does', async () => {
    const { db } = await temp.open();

    const { rows } = await sql<{ n: unknown; c: unknown }>`select cast(1700000000000 as bigint) as n, count(*) as c from state_items`.execute(db);

    expect(rows).toEqual([{ n: 1_700_000_000_000, c: 0 }]);
  });

  it('rolls a failed migration back entirely and names it', async () => {
    const url = await temp.url();
    const schema = new URL(url).searchParams.get('options')!.replace('-c search_path=', '');
    await adminQuery(`create table ${schema}.feedback (x text)`);

    const opening = openDatabase({ url });

    await expect(opening).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('0001_initial') });
    const { rows } = await adminQuery(`select table_name from information_schema.tables where table_schema = '${schema}' and table_name not like 'kysely_%'`);
    expect(rows).toEqual([{ table_name: 'feedback' }]);
  });

  it('can be migrated down to an empty schema', async () => {
    const database = await temp.open();
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    const migrator = new Migrator({ db: database.db, provider: createMigrationProvider('postgres'), migrationTableSchema: rows[0]!.schema });

    const { error } = await migrator.migrateTo(NO_MIGRATIONS);

    expect(error).toBeUndefined();
    expect((await schemaContents(database)).tables).toEqual([]);
  });

  it('throws STORAGE_FAILED naming the host, port and database, never the password, when the server cannot be reached', async () => {
    const opening = openDatabase({ url: 'postgres://kefu:s3cret-pw@127.0.0.1:1/kefu' });

    await expect(opening).rejects.toBeInstanceOf(StorageError);
    await expect(opening).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('PostgreSQL at 127.0.0.1:1/kefu') });
    await expect(opening).rejects.toMatchObject({ message: expect.not.stringContaining('s3cret') });
  });

  it('is told apart from SQLite by the stores, in transactions too', async () => {
    const { db } = await temp.open();
    const sqlite = await openDatabase({ file: ':memory:' });

    expect(dialectOf(db)).toBe('postgres');
    expect(await db.transaction().execute(async (trx) => dialectOf(trx))).toBe('postgres');
    expect(dialectOf(sqlite.db)).toBe('sqlite');
    await sqlite.close();
  });
});

/** A SQLite database read the way {@link schemaContents} reads PostgreSQL's. */
function sqliteContents(database: KefuDatabase) {
  return {
    async contents() {
      const tables = (await database.db.introspection.getTables()).map((t) => t.name).sort();
      const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name`.execute(database.db);
      return { tables, indexes: rows.map((r) => r.name) };
    },
    close: () => database.close(),
  };
}
