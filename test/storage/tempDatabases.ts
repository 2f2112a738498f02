import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import { openDatabase, type KefuDatabase, type StorageDialect } from '../../src/storage/index.js';

/*
 * The storage suites run on both databases. PostgreSQL is the one at KEFU_TEST_DATABASE_URL
 * (default: CI's, postgres://postgres@127.0.0.1:5432/test, trust auth). When it cannot be
 * reached the PostgreSQL half fails, naming the URL: CI has it. A developer without it runs
 * `KEFU_TEST_POSTGRES=off npx vitest run test/storage`, and the skipped half says why.
 */

/** The databases every storage suite runs on. */
export const DIALECTS: readonly StorageDialect[] = ['sqlite', 'postgres'];

/** False when KEFU_TEST_POSTGRES=off: the PostgreSQL half of each suite is skipped. */
export const postgresTested = process.env.KEFU_TEST_POSTGRES !== 'off';
// Skipped tests do not show in the default reporter: say it where a developer sees it.
if (!postgresTested) console.warn('kefu storage tests: the PostgreSQL half is skipped (KEFU_TEST_POSTGRES=off); CI runs it');

/** The PostgreSQL server tests create their schemas in. */
export const testPostgresUrl = process.env.KEFU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `body` once per dialect, in a `describe` named after it (`sqlite`, `postgres`); the PostgreSQL
 * one is skipped, saying so in its name, when KEFU_TEST_POSTGRES=off.
 */
export function describeEachDialect(body: (dialect: StorageDialect) => void): void {
  for (const dialect of DIALECTS) {
    if (dialect === 'postgres' && !postgresTested) describe.skip('postgres (skipped: KEFU_TEST_POSTGRES=off)', () => body(dialect));
    else describe(dialect, () => body(dialect));
  }
}

/** `describe(title)` for PostgreSQL only: skipped, saying so in its title, when KEFU_TEST_POSTGRES=off. */
export function describePostgres(title: string, body: () => void): void {
  if (postgresTested) describe(title, body);
  else describe.skip(`${title} (skipped: KEFU_TEST_POSTGRES=off)`, body);
}

/** `url` with `search_path` set to `schema` for every connection of a pool opened on it. */
export function withSearchPath(url: string, schema: string): string {
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  return withPath.toString();
}

let admin: pg.Pool | undefined;

/** One small pool per test file for creating and dropping schemas. */
function adminPool(): pg.Pool {
  if (!admin) {
    admin = new pg.Pool({ connectionString: testPostgresUrl, max: 1, allowExitOnIdle: true });
    admin.on('error', () => undefined);
  }
  return admin;
}

/** Runs `text` on the test server; a refused connection names the URL and the switch. */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  try {
    return await adminPool().query(text);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || (error as Error).name === 'AggregateError') {
      throw new Error(`PostgreSQL is not reachable at ${testPostgresUrl} (KEFU_TEST_DATABASE_URL): start it, or set KEFU_TEST_POSTGRES=off to skip the PostgreSQL half of the storage suites`, { cause: error });
    }
    throw error;
  }
}

/** A new, empty schema on the test server; the caller drops it. */
export async function createTestSchema(): Promise<string> {
  const schema = `kefu_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  return schema;
}

export async function dropTestSchema(schema: string): Promise<void> {
  await adminQuery(`drop schema if exists ${schema} cascade`);
}

/**
 * Fresh databases for each test, on `dialect`: real SQLite files in a temp folder, or PostgreSQL
 * schemas of their own (so that test files run in parallel). Each `name` is one database: opening
 * it twice gives two connections (two processes) to the same one. Everything opened is closed, and
 * the folder or schemas dropped, after the test.
 */
export function useTempDatabases(dialect: StorageDialect = process.env.KEFU_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite') {
  let dir = '';
  const opened: KefuDatabase[] = [];
  // Promises, so that two connections opened at once to a new name share its one schema.
  const schemas = new Map<string, Promise<string>>();

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-storage-'));
  });

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    await rm(dir, { recursive: true, force: true });
    for (const schema of schemas.values()) await dropTestSchema(await schema);
    schemas.clear();
  });

  afterAll(async () => {
    const ending = admin;
    admin = undefined;
    await ending?.end();
  });

  /** The PostgreSQL URL of `name` in this test, its schema created on first use. */
  async function url(name: string): Promise<string> {
    let schema = schemas.get(name);
    if (schema === undefined) {
      schema = createTestSchema();
      schemas.set(name, schema);
    }
    return withSearchPath(testPostgresUrl, await schema);
  }

  return {
    dialect,
    /** The path of `name` in this test's folder (SQLite). */
    file: (name = 'kefu.db') => path.join(dir, name),
    /** The connection URL of `name` (PostgreSQL), its schema created on first use. */
    url: (name = 'kefu.db') => url(name),
    /** Opens (creating and migrating) `name` for this test: a new connection (pool) each call. */
    async open(name = 'kefu.db'): Promise<KefuDatabase> {
      const database = dialect === 'postgres' ? await openDatabase({ url: await url(name) }) : await openDatabase({ file: path.join(dir, name) });
      opened.push(database);
      return database;
    },
  };
}
