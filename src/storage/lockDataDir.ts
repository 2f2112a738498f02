import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { StorageError } from './StorageError.js';

/** The lock file's name inside DATA_DIR. */
export const LOCK_FILE = 'kefu.lock';

export interface DataDirLock {
  /** Removes the lock file; calling it again does nothing. */
  release(): Promise<void>;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/**
 * Claims DATA_DIR for this process. SQLite on one DATA_DIR serves one kefu: a second process
 * would race the first's writes ("database is locked") and never see its live events, so it is
 * refused at start-up with the holder named. A lock left by a process that has died (same host,
 * no such pid) is taken over.
 *
 * @throws StorageError `STORAGE_LOCKED` naming the process that holds the folder.
 */
export async function lockDataDir(dir: string, { pid = process.pid, isAlive = processIsAlive }: { pid?: number; isAlive?: (pid: number) => boolean } = {}): Promise<DataDirLock> {
  const file = path.join(dir, LOCK_FILE);
  const me: Holder = { pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StorageError('STORAGE_FAILED', `locking ${dir} failed: ${(error as Error).message}`, { cause: error });
    }
    const holder = await readHolder(file);
    if (holder && (holder.host !== me.host || isAlive(holder.pid))) {
      throw new StorageError(
        'STORAGE_LOCKED',
        `DATA_DIR ${dir} is in use by another kefu (pid ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
          `Several instances need PostgreSQL; on SQLite give each its own DATA_DIR. If no such process runs, delete ${file}. / ` +
          `该数据目录正被另一个 kefu 进程使用（pid ${holder.pid}）；多实例请使用 PostgreSQL，或为每个实例设置不同的 DATA_DIR。`,
      );
    }
    // The holder is gone (or the file is unreadable): take the lock over.
    await unlink(file).catch(() => undefined);
  }
  throw new StorageError('STORAGE_LOCKED', `DATA_DIR ${dir}: another process keeps claiming ${file}`);
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '?') } : undefined;
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
