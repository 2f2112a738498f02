import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type KefuDatabase } from '../../src/storage/index.js';

/**
 * A fresh temp folder per test, and real SQLite files in it; every database opened through
 * `open` is closed and the folder removed after the test.
 */
export function useTempDatabases() {
  let dir = '';
  const opened: KefuDatabase[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-storage-'));
  });

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  return {
    /** The path of `name` in this test's folder. */
    file: (name = 'kefu.db') => path.join(dir, name),
    /** Opens (creating and migrating) `name` in this test's folder: a new connection each call. */
    async open(name = 'kefu.db'): Promise<KefuDatabase> {
      const database = await openDatabase({ file: path.join(dir, name) });
      opened.push(database);
      return database;
    },
  };
}
