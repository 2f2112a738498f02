import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime } from '../../src/app/createRuntime.js';
import { LOCK_FILE, lockDataDir } from '../../src/storage/index.js';
import { capturedLogger } from '../support/capturedLogger.js';

const root = new URL('../..', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function dataDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'kefu-lock-'));
  dirs.push(dir);
  return dir;
}

describe('lockDataDir', () => {
  it('refuses a second holder, naming the first, until the first releases', async () => {
    const dir = await dataDir();
    const first = await lockDataDir(dir, { pid: 4242, isAlive: () => true });
    await expect(lockDataDir(dir, { pid: 4343, isAlive: () => true })).rejects.toMatchObject({ code: 'STORAGE_LOCKED', message: expect.stringContaining('pid 4242') });
    await first.release();
    const second = await lockDataDir(dir, { pid: 4343, isAlive: () => true });
    await second.release();
  });

  it('takes over a lock whose process has died', async () => {
    const dir = await dataDir();
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 999_999, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const lock = await lockDataDir(dir, { isAlive: () => false });
    await lock.release();
  });

  it('takes over an unreadable lock file', async () => {
    const dir = await dataDir();
    await writeFile(path.join(dir, LOCK_FILE), 'garbage');
    await (await lockDataDir(dir)).release();
  });
});

describe('two kefu on one DATA_DIR', () => {
  it('a second runtime in this process is refused', async () => {
    const dir = await dataDir();
    const config = loadConfig({ DATA_DIR: dir, KNOWLEDGE_WATCH: 'false' }, root);
    const first = await createRuntime(config, capturedLogger().logger, { watch: false });
    try {
      await expect(createRuntime(config, capturedLogger().logger, { watch: false })).rejects.toMatchObject({ code: 'STORAGE_LOCKED' });
    } finally {
      await first.close();
    }
    // Closed, the folder is free again.
    await (await createRuntime(config, capturedLogger().logger, { watch: false })).close();
  });

  it('a second server process refuses to start and says why', async () => {
    const dir = await dataDir();
    const config = loadConfig({ DATA_DIR: dir, KNOWLEDGE_WATCH: 'false' }, root);
    const first = await createRuntime(config, capturedLogger().logger, { watch: false });
    try {
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false' },
      });
      const failure = (await run.then(() => undefined, (error: unknown) => error)) as { code?: number; stderr?: string } | undefined;
      expect(failure?.code).not.toBe(0);
      expect(failure?.stderr).toMatch(/in use by another kefu \(pid \d+/);
    } finally {
      await first.close();
    }
  });
});
