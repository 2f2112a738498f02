import { describe, expect, it } from 'vitest';
import { StorageError, createTranscriptStore, type ConversationKey, type TranscriptEntry, type TranscriptStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  async function openStore(): Promise<TranscriptStore> {
    return createTranscriptStore((await temp.open()).db);
  }

  /** A user message in `conversationId`; `n` is both its text and its second of the minute. */
  const said = (conversationId: string, n: number, extra: Partial<TranscriptEntry> = {}): TranscriptEntry => ({
    conversationId,
    channel: 'directline',
    direction: 'in',
    fromRole: 'user',
    type: 'message',
    text: `message ${n}`,
    timestamp: `2026-03-01T08:00:${String(n).padStart(2, '0')}.000Z`,
    ...extra,
  });

  /** Conversation `conversationId` on `channel` (directline, like {@link said}, unless given). */
  const on = (conversationId: string, channel = 'directline'): ConversationKey => ({ channel, conversationId });

  describe('createTranscriptStore', () => {
    it('lists the entries of one conversation in the order they were appended', async () => {
      const store = await openStore();
      for (const [conversation, n] of [['a', 1], ['b', 2], ['a', 3], ['b', 4], ['a', 5]] as const) await store.append(said(conversation, n));

      const texts = async (conversationId: string) => (await store.list(on(conversationId))).map((entry) => entry.text);

      expect(await texts('a')).toEqual(['message 1', 'message 3', 'message 5']);
      expect(await texts('b')).toEqual(['message 2', 'message 4']);
      expect(await texts('nobody')).toEqual([]);
    });

    it('keeps the same conversation id on two channels as two transcripts', async () => {
      const store = await openStore();
      await store.append(said('shared', 1));
      await store.append(said('shared', 2, { channel: 'emulator' }));
      await store.append(said('shared', 3));

      expect((await store.list(on('shared'))).map((entry) => entry.text)).toEqual(['message 1', 'message 3']);
      expect((await store.list(on('shared', 'emulator'), { limit: 5 })).map((entry) => entry.text)).toEqual(['message 2']);
      expect(await store.list(on('shared', 'msteams'))).toEqual([]);
    });

    it('orders by arrival, not by the timestamp the caller gave', async () => {
      const store = await openStore();
      await store.append(said('a', 9));
      await store.append(said('a', 1));

      expect((await store.list(on('a'))).map((entry) => entry.text)).toEqual(['message 9', 'message 1']);
    });

    it('returns the most recent entries, oldest first, when given a limit', async () => {
      const store = await openStore();
      for (let n = 1; n <= 5; n++) await store.append(said('a', n));

      expect((await store.list(on('a'), { limit: 2 })).map((entry) => entry.text)).toEqual(['message 4', 'message 5']);
      expect(await store.list(on('a'), { limit: 10 })).toHaveLength(5);
      expect(await store.list(on('a'), { limit: 0 })).toEqual([]);
    });

    it('returns each entry as stored, with an id and null for what was not given', async () => {
      const store = await openStore();

      const stored = await store.append({
        conversationId: 'a',
        channel: 'wechat',
        direction: 'out',
        type: 'typing',
        timestamp: '2026-03-01T08:00:00.000Z',
      });

      expect(stored).toEqual({
        id: expect.any(Number),
        conversationId: 'a',
        channel: 'wechat',
        activityId: null,
        direction: 'out',
        fromId: null,
        fromRole: null,
        type: 'typing',
        text: null,
        timestamp: '2026-03-01T08:00:00.000Z',
        payload: null,
      });
      expect(await store.list(on('a', 'wechat'))).toEqual([stored]);
    });

    it('keeps the payload as JSON and gives it back unchanged', async () => {
      const store = await openStore();
      const payload = { attachments: [{ contentType: 'application/vnd.microsoft.card.hero', content: { title: '重置密码', buttons: [1, 2] } }], flag: true };

      await store.append(said('a', 1, { activityId: 'act-1', fromId: 'u-1', payload }));

      const [entry] = await store.list(on('a'));
      expect(entry).toMatchObject({ activityId: 'act-1', fromId: 'u-1', payload });
    });

    it('lists conversations most recently active first, with counts and time range', async () => {
      const store = await openStore();
      await store.append(said('a', 1));
      await store.append(said('b', 2, { channel: 'wechat' }));
      await store.append(said('a', 3));

      expect(await store.listConversations()).toEqual([
        { conversationId: 'a', channel: 'directline', entries: 2, firstTimestamp: said('a', 1).timestamp, lastTimestamp: said('a', 3).timestamp },
        { conversationId: 'b', channel: 'wechat', entries: 1, firstTimestamp: said('b', 2).timestamp, lastTimestamp: said('b', 2).timestamp },
      ]);
    });

    it('throws STORAGE_FAILED when a direction is outside in/out', async () => {
      const store = await openStore();

      const appending = store.append(said('a', 1, { direction: 'sideways' as TranscriptEntry['direction'] }));

      await expect(appending).rejects.toBeInstanceOf(StorageError);
      await expect(appending).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
      expect(await store.list(on('a'))).toEqual([]);
    });
  });
});
