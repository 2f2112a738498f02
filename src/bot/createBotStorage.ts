import type { Storage, StoreItems } from 'botbuilder';
import type { StateStore, StoredState } from '../storage/index.js';

/**
 * Bot Framework `Storage` over kefu's state store. Optimistic concurrency maps one to one:
 * the stored etag travels as `eTag` on each item; a write with a stale one fails with
 * STORAGE_ETAG_CONFLICT, a write with `*` or none overwrites.
 *
 * Reads asked for in the same tick are one read: a turn loads the conversation's and the user's
 * state at once (Bot Framework reads each with its own call), and turns of other conversations
 * arriving together share the statement too.
 */
export function createBotStorage(store: StateStore): Storage {
  let batch: { keys: Set<string>; result: Promise<Record<string, StoredState>> } | undefined;
  const readBatched = (keys: readonly string[]): Promise<Record<string, StoredState>> => {
    if (!batch) {
      const keysOfBatch = new Set<string>();
      const result = new Promise<Record<string, StoredState>>((resolve, reject) =>
        queueMicrotask(() => {
          batch = undefined;
          store.read([...keysOfBatch]).then(resolve, reject);
        }),
      );
      batch = { keys: keysOfBatch, result };
    }
    for (const key of keys) batch.keys.add(key);
    return batch.result;
  };
  return {
    async read(keys: string[]): Promise<StoreItems> {
      const found = await readBatched(keys);
      return Object.fromEntries(
        keys.flatMap((key) => {
          const item = found[key];
          return item ? [[key, { ...(item.data as object), eTag: item.etag }]] : [];
        }),
      );
    },
    async write(changes: StoreItems): Promise<void> {
      await store.write(
        Object.entries(changes).map(([key, item]) => {
          const { eTag, ...data } = (item ?? {}) as { eTag?: string };
          return { key, data, etag: eTag };
        }),
      );
    },
    async delete(keys: string[]): Promise<void> {
      await store.delete(keys);
    },
  };
}
