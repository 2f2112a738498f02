import type { Storage, StoreItems } from 'botbuilder';
import type { StateStore } from '../storage/index.js';

/**
 * Bot Framework `Storage` over kefu's state store. Optimistic concurrency maps one to one:
 * the stored etag travels as `eTag` on each item; a write with a stale one fails with
 * STORAGE_ETAG_CONFLICT, a write with `*` or none overwrites.
 */
export function createBotStorage(store: StateStore): Storage {
  return {
    async read(keys: string[]): Promise<StoreItems> {
      const found = await store.read(keys);
      return Object.fromEntries(
        Object.entries(found).map(([key, { data, etag }]) => [key, { ...(data as object), eTag: etag }]),
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
