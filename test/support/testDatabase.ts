import type { StorageDialect } from '../../src/storage/index.js';
import { createTestSchema, dropTestSchema, testPostgresUrl, withSearchPath } from '../storage/tempDatabases.js';

/*
 * Which database the runtimes of the bot, handoff and channel suites run on: SQLite in `npm test`,
 * PostgreSQL with KEFU_TEST_DIALECT=postgres (`npm run test:postgres`, CI's third step). A
 * runtime's data folder names its database: a test that restarts kefu on the same folder gets the
 * same schema back.
 */
export const testDialect: StorageDialect = process.env.KEFU_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

/** The Direct Line secret runtimes on PostgreSQL share (it signs their tokens). */
export const TEST_DIRECTLINE_SECRET = 'kefu-test-shared-secret-0123456789';

const schemas = new Map<string, Promise<string>>();

/** The environment that puts a runtime whose data folder is `dataDir` on the tested database. */
export async function databaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (testDialect === 'sqlite') return {};
  let schema = schemas.get(dataDir);
  if (!schema) {
    schema = createTestSchema();
    schemas.set(dataDir, schema);
  }
  return { DATABASE_URL: withSearchPath(testPostgresUrl, await schema), DIRECTLINE_SECRET: TEST_DIRECTLINE_SECRET };
}

/** Drops the database of `dataDir` (PostgreSQL's schema; a SQLite file goes with its folder). */
export async function dropDatabase(dataDir: string): Promise<void> {
  const schema = schemas.get(dataDir);
  if (!schema) return;
  schemas.delete(dataDir);
  await dropTestSchema(await schema);
}
