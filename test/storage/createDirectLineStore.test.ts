import { expect, it } from 'vitest';
import { createDirectLineStore, createTranscriptStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);
  const AT = '2026-03-01T08:00:00.000Z';
  const message = (text: string) => ({ type: 'message', text, from: { id: 'dl_u1', role: 'user' } });

  it('creates a conversation once and reads it back', async () => {
    const store = createDirectLineStore((await temp.open()).db);
    expect(await store.createConversation({ id: 'c1', userId: 'dl_u1', createdAt: AT })).toBe(true);
    expect(await store.createConversation({ id: 'c1', userId: 'dl_other', createdAt: AT })).toBe(false);
    expect(await store.getConversation('c1')).toEqual({ id: 'c1', userId: 'dl_u1', createdAt: AT });
    expect(await store.getConversation('c2')).toBeUndefined();
  });

  it('replays the activities after a watermark in order, up to a limit, from the transcript', async () => {
    const { db } = await temp.open();
    const store = createDirectLineStore(db);
    const kept = [];
    for (const text of ['一', '二', '三']) kept.push(await store.append('c1', message(text), { direction: 'in', fromRole: 'user', type: 'message', text, timestamp: AT }));
    await store.append('c2', message('other'), { direction: 'in', type: 'message', timestamp: AT });

    expect(kept.map((entry) => typeof entry.id)).toEqual(['number', 'number', 'number']);
    expect((await store.listAfter('c1', 0)).map((a) => a.activity.text)).toEqual(['一', '二', '三']);
    expect(await store.listAfter('c1', kept[0]!.id, 1)).toEqual([{ seq: kept[1]!.id, activity: message('二') }]);
    expect((await createTranscriptStore(db).list({ channel: 'directline', conversationId: 'c1' })).map((e) => e.text)).toEqual(['一', '二', '三']);
  });

  it('gives every append of two connections its own growing watermark', async () => {
    const stores = [createDirectLineStore((await temp.open()).db), createDirectLineStore((await temp.open()).db)];
    const appended = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.append('c1', message(String(i)), { direction: 'in', type: 'message', timestamp: AT })));
    expect(new Set(appended.map((entry) => entry.id)).size).toBe(10);
    expect((await stores[0]!.listAfter('c1', 0)).map((a) => a.seq)).toEqual(appended.map((entry) => entry.id).sort((a, b) => a - b));
  });

  it('makes the appends of two connections to one conversation visible in the order of their watermarks', async () => {
    const stores = [createDirectLineStore((await temp.open()).db), createDirectLineStore((await temp.open()).db)];
    await stores[0]!.createConversation({ id: 'c1', userId: 'dl_u1', createdAt: AT });
    const appended = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.append('c1', message(String(i)), { direction: 'in', type: 'message', timestamp: AT })));
    const ids = appended.map((entry) => entry.id).sort((a, b) => a - b);
    if (dialect === 'sqlite') return expect(appended.every((entry) => entry.after === undefined)).toBe(true);
    // Each append names the one before it: a chain without a gap, so a reader that has sent up
    // to one watermark knows whether the next frame it hears is the next in the log.
    const afterOf = new Map(appended.map((entry) => [entry.id, entry.after]));
    expect(ids.map((id) => afterOf.get(id))).toEqual([0, ...ids.slice(0, -1)]);
  });
});
