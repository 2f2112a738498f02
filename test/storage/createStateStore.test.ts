import { describe, expect, it } from 'vitest';
import { StorageError, createStateStore, type StateStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  async function openStore(): Promise<StateStore> {
    const { db } = await temp.open();
    return createStateStore(db);
  }

  /** The rejection of `promise`, which must reject. */
  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => error,
    );
  }

  const conversation = { dialogState: { stack: [{ id: 'flow:reset-pin', step: 2 }] }, lastQuery: '密码忘了怎么办', count: 3, done: false };

  describe('createStateStore', () => {
    describe('read, write and delete', () => {
      it('reads back what it wrote, with the etag the write returned', async () => {
        const store = await openStore();

        const etags = await store.write([{ key: 'conv/1', data: conversation }]);

        expect(await store.read(['conv/1'])).toEqual({ 'conv/1': { data: conversation, etag: etags['conv/1'] } });
      });

      it('leaves keys that were never written out of a read', async () => {
        const store = await openStore();
        await store.write([{ key: 'a', data: 1 }]);

        const items = await store.read(['a', 'missing']);

        expect(Object.keys(items)).toEqual(['a']);
        expect(await store.read([])).toEqual({});
      });

      it('removes deleted keys and ignores keys that do not exist', async () => {
        const store = await openStore();
        await store.write([{ key: 'a', data: 1 }, { key: 'b', data: 2 }]);

        await store.delete(['a', 'missing']);

        expect(Object.keys(await store.read(['a', 'b']))).toEqual(['b']);
      });

      it('gives a new etag on every write of a key', async () => {
        const store = await openStore();

        const seen = new Set<string>();
        for (let i = 0; i < 5; i++) {
          const { k } = await store.write([{ key: 'k', data: i }]);
          seen.add(k ?? '');
        }

        expect(seen.size).toBe(5);
        expect(seen.has('')).toBe(false);
      });

      it('throws STORAGE_FAILED naming the key when data has no JSON form', async () => {
        const store = await openStore();

        const error = await rejection(store.write([{ key: 'conv/undefined', data: undefined }]));

        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('conv/undefined') });
      });
    });

    describe('etags', () => {
      it('writes when the given etag is the stored one', async () => {
        const store = await openStore();
        const { k: etag } = await store.write([{ key: 'k', data: 'old' }]);

        const { k: next } = await store.write([{ key: 'k', data: 'new', etag }]);

        expect(await store.read(['k'])).toEqual({ k: { data: 'new', etag: next } });
        expect(next).not.toBe(etag);
      });

      it('throws STORAGE_ETAG_CONFLICT naming the key and keeps the data when the etag is stale', async () => {
        const store = await openStore();
        const { 'conv/42': stale } = await store.write([{ key: 'conv/42', data: 'first' }]);
        const { 'conv/42': current } = await store.write([{ key: 'conv/42', data: 'second', etag: stale }]);
        expect(current).toBeDefined();

        const error = await rejection(store.write([{ key: 'conv/42', data: 'third', etag: stale }]));

        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ code: 'STORAGE_ETAG_CONFLICT', message: expect.stringContaining('conv/42') });
        expect(await store.read(['conv/42'])).toEqual({ 'conv/42': { data: 'second', etag: current } });
      });

      it.each([
        { given: "'*'", etag: '*' },
        { given: 'no etag', etag: undefined },
      ])('overwrites whatever is stored when given $given', async ({ etag }) => {
        const store = await openStore();
        await store.write([{ key: 'k', data: 'old' }]);
        await store.write([{ key: 'k', data: 'newer' }]);

        const { k: next } = await store.write([{ key: 'k', data: 'newest', etag }]);

        expect(await store.read(['k'])).toEqual({ k: { data: 'newest', etag: next } });
      });

      it('writes an item whose key does not exist yet even when it carries an etag', async () => {
        const store = await openStore();

        const { k: etag } = await store.write([{ key: 'k', data: 'created', etag: 'from-somewhere-else' }]);

        expect(await store.read(['k'])).toEqual({ k: { data: 'created', etag } });
      });
    });

    describe('transactions', () => {
      it('writes every item of one call and returns an etag per key', async () => {
        const store = await openStore();

        const etags = await store.write([{ key: 'a', data: 1 }, { key: 'b', data: 2 }, { key: 'c', data: 3 }]);

        expect(Object.keys(etags).sort()).toEqual(['a', 'b', 'c']);
        const items = await store.read(['a', 'b', 'c']);
        expect(Object.fromEntries(Object.entries(items).map(([key, item]) => [key, [item.data, item.etag]]))).toEqual({
          a: [1, etags.a],
          b: [2, etags.b],
          c: [3, etags.c],
        });
      });

      it('writes none of the items of a call when one of them conflicts', async () => {
        const store = await openStore();
        const before = await store.write([{ key: 'a', data: 'a0' }, { key: 'b', data: 'b0' }]);
        await store.write([{ key: 'b', data: 'b1', etag: before.b }]);

        const error = await rejection(
          store.write([
            { key: 'a', data: 'a2', etag: before.a },
            { key: 'new', data: 'n2' },
            { key: 'b', data: 'b2', etag: before.b },
          ]),
        );

        expect(error).toMatchObject({ code: 'STORAGE_ETAG_CONFLICT', message: expect.stringContaining('b') });
        const items = await store.read(['a', 'b', 'new']);
        expect(items.a).toEqual({ data: 'a0', etag: before.a });
        expect(items.b?.data).toBe('b1');
        expect(items.new).toBeUndefined();
      });
    });

    describe('on one file shared by two connections', () => {
      it('lets the second writer with the same etag lose', async () => {
        const first = createStateStore((await temp.open()).db);
        const second = createStateStore((await temp.open()).db);
        const { k: etag } = await first.write([{ key: 'k', data: 'start' }]);
        expect((await second.read(['k'])).k?.etag).toBe(etag);

        const { k: winner } = await first.write([{ key: 'k', data: 'first', etag }]);
        const error = await rejection(second.write([{ key: 'k', data: 'second', etag }]));

        expect(error).toMatchObject({ code: 'STORAGE_ETAG_CONFLICT' });
        expect(await second.read(['k'])).toEqual({ k: { data: 'first', etag: winner } });
      });

      it('lets exactly one of two racing writers with the same etag win', async () => {
        const stores = [createStateStore((await temp.open()).db), createStateStore((await temp.open()).db)] as const;
        const { k: etag } = await stores[0].write([{ key: 'k', data: 'start' }]);

        const outcomes = await Promise.allSettled(stores.map((store, i) => store.write([{ key: 'k', data: `writer ${i}`, etag }])));

        const won = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [{ i, etag: outcome.value.k }] : []));
        const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toEqual([expect.objectContaining({ code: 'STORAGE_ETAG_CONFLICT' })]);
        expect(await stores[1].read(['k'])).toEqual({ k: { data: `writer ${won[0]?.i}`, etag: won[0]?.etag } });
      });
    });

    it('keeps its items across closing and reopening the database', async () => {
      const before = await temp.open();
      const etags = await createStateStore(before.db).write([{ key: 'conv/1', data: conversation }]);
      await before.close();

      const after = createStateStore((await temp.open()).db);

      expect(await after.read(['conv/1'])).toEqual({ 'conv/1': { data: conversation, etag: etags['conv/1'] } });
    });

    it('throws STORAGE_FAILED when the database is closed', async () => {
      const database = await temp.open();
      const store = createStateStore(database.db);
      await database.close();

      await expect(store.read(['k'])).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    });
  });
});
