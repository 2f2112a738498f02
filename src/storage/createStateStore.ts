import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fromJson, toJson } from './json.js';
import type { Database } from './schema.js';
import { immediateTransaction } from './immediateTransaction.js';
import { StorageError, guardStorage } from './StorageError.js';

/** A stored item and the etag to pass back when writing it. */
export interface StoredState {
  readonly data: unknown;
  readonly etag: string;
}

/** One item to write. No `etag` (or `'*'`) writes unconditionally; otherwise only over that etag. */
export interface StateWrite {
  readonly key: string;
  readonly data: unknown;
  readonly etag?: string;
}

/** Bot state by key, with Bot Framework storage semantics (read, write with eTags, delete). */
export interface StateStore {
  /** The stored items among `keys`; missing keys are absent from the result. */
  read(keys: readonly string[]): Promise<Record<string, StoredState>>;
  /**
   * Writes all `items` in one transaction and returns the new etag of each key.
   *
   * @throws StorageError `STORAGE_ETAG_CONFLICT` naming the key when an item's etag is not the
   *   stored one; nothing of the call is written then.
   */
  write(items: readonly StateWrite[]): Promise<Record<string, string>>;
  /** Deletes `keys`; missing keys are ignored. */
  delete(keys: readonly string[]): Promise<void>;
}

/**
 * Bot state in the `state_items` table. `data` is stored as JSON, so it must be JSON-serialisable.
 *
 * An item written with an etag replaces the stored one only if the etags match, checked by the
 * same statement that writes (an upsert whose update is guarded by `etag = ?`, then its row
 * count), so two writers racing with one etag cannot both win. An item with an etag whose key
 * does not exist is inserted, as Bot Framework's MemoryStorage does.
 */
export function createStateStore(db: Kysely<Database>): StateStore {
  /** Writes one item on `executor` (the database or a transaction); returns its new etag. */
  async function writeItem(executor: Kysely<Database>, { key, data, etag }: StateWrite): Promise<string> {
    const row = {
      key,
      data: toJson(data, `state item ${key}`),
      etag: randomUUID(),
      updated_at: new Date().toISOString(),
    };
    const unconditional = etag === undefined || etag === '*';
    const result = await executor
      .insertInto('state_items')
      .values(row)
      .onConflict((conflict) => {
        const update = conflict.column('key').doUpdateSet((eb) => ({
          data: eb.ref('excluded.data'),
          etag: eb.ref('excluded.etag'),
          updated_at: eb.ref('excluded.updated_at'),
        }));
        return unconditional ? update : update.where('state_items.etag', '=', etag);
      })
      .executeTakeFirstOrThrow();
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new StorageError('STORAGE_ETAG_CONFLICT', `state item ${key} was changed by another writer (etag ${etag} is stale)`);
    }
    return row.etag;
  }

  return {
    async read(keys) {
      if (keys.length === 0) return {};
      return guardStorage('reading state', async () => {
        const rows = await db.selectFrom('state_items').select(['key', 'data', 'etag']).where('key', 'in', keys).execute();
        const items: Record<string, StoredState> = {};
        for (const { key, data, etag } of rows) items[key] = { data: fromJson(data, `state item ${key}`), etag };
        return items;
      });
    },

    async write(items) {
      if (items.length === 0) return {};
      return guardStorage('writing state', async () => {
        const etags: Record<string, string> = {};
        const [only] = items;
        if (items.length === 1 && only !== undefined) {
          // One statement is atomic on its own; skipping the transaction keeps a single write
          // from holding SQLite's write lock across awaits.
          etags[only.key] = await writeItem(db, only);
          return etags;
        }
        await immediateTransaction(db, async (connection) => {
          for (const item of items) etags[item.key] = await writeItem(connection, item);
        });
        return etags;
      });
    },

    async delete(keys) {
      if (keys.length === 0) return;
      await guardStorage('deleting state', async () => {
        await db.deleteFrom('state_items').where('key', 'in', keys).execute();
      });
    },
  };
}
