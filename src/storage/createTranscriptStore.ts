import type { Kysely, Selectable } from 'kysely';
import type { ConversationKey } from './ConversationKey.js';
import { fromJson, toJson } from './json.js';
import type { Database, TranscriptDirection, TranscriptRole, TranscriptTable } from './schema.js';
import { guardStorage } from './StorageError.js';

/** One activity to keep. Optional fields default to null. */
export interface TranscriptEntry {
  readonly conversationId: string;
  readonly channel: string;
  readonly activityId?: string | null;
  readonly direction: TranscriptDirection;
  readonly fromId?: string | null;
  readonly fromRole?: TranscriptRole | null;
  /** The activity type: 'message', 'event', ... */
  readonly type: string;
  readonly text?: string | null;
  /** ISO-8601, given by the caller (the activity's own time, not the time of storing). */
  readonly timestamp: string;
  /** Anything JSON-serialisable (attachments, channel data); null or absent for none. */
  readonly payload?: unknown;
}

/** A kept activity, as read back: every field present, `id` giving the order of arrival. */
export interface StoredTranscriptEntry {
  readonly id: number;
  readonly conversationId: string;
  readonly channel: string;
  readonly activityId: string | null;
  readonly direction: TranscriptDirection;
  readonly fromId: string | null;
  readonly fromRole: TranscriptRole | null;
  readonly type: string;
  readonly text: string | null;
  readonly timestamp: string;
  readonly payload: unknown;
}

/** One conversation in the transcript, for listing. */
export interface TranscriptConversation {
  readonly conversationId: string;
  readonly channel: string;
  /** How many activities it has. */
  readonly entries: number;
  /** The least and greatest `timestamp` as text, which is time order for UTC ISO-8601 ('...Z'). */
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
}

export interface ListTranscriptOptions {
  /** At most this many entries: the most recent ones, still oldest first. Default: all. */
  readonly limit?: number;
}

/** The conversation log: append-only, read back per conversation. */
export interface TranscriptStore {
  /** Keeps `entry` exactly as given and returns it as stored. */
  append(entry: TranscriptEntry): Promise<StoredTranscriptEntry>;
  /**
   * The entries of one conversation, oldest first (in the order they were appended): on
   * `key.channel` only, since another channel may use the same conversation id for someone else.
   */
  list(key: ConversationKey, options?: ListTranscriptOptions): Promise<StoredTranscriptEntry[]>;
  /** Every conversation with at least one entry, most recently active first. */
  listConversations(): Promise<TranscriptConversation[]>;
}

/** A transcript row as read back (the Direct Line activity, if any, is not part of the entry). */
export function transcriptEntryOf(row: Omit<Selectable<TranscriptTable>, 'activity'>): StoredTranscriptEntry {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    activityId: row.activity_id,
    direction: row.direction,
    fromId: row.from_id,
    fromRole: row.from_role,
    type: row.type,
    text: row.text,
    timestamp: row.timestamp,
    payload: row.payload === null ? null : fromJson(row.payload, `transcript entry ${row.id}`),
  };
}

/** What a transcript entry is read from (not the Direct Line activity beside it). */
const ENTRY_COLUMNS = ['id', 'conversation_id', 'channel', 'activity_id', 'direction', 'from_id', 'from_role', 'type', 'text', 'timestamp', 'payload'] as const;

/** The columns of a transcript row for `entry`. */
export function transcriptRow(entry: TranscriptEntry) {
  return {
    conversation_id: entry.conversationId,
    channel: entry.channel,
    activity_id: entry.activityId ?? null,
    direction: entry.direction,
    from_id: entry.fromId ?? null,
    from_role: entry.fromRole ?? null,
    type: entry.type,
    text: entry.text ?? null,
    timestamp: entry.timestamp,
    payload: entry.payload == null ? null : toJson(entry.payload, `payload of activity ${entry.activityId ?? '(no id)'}`),
  };
}

/**
 * The transcript in the `transcript` table.
 *
 * It writes what it is given: personal data (card numbers, phone numbers, ...) must be redacted
 * before `append`, by the caller. Order is the order of `append` (the `id`), not `timestamp`,
 * since callers' clocks may disagree.
 */
export function createTranscriptStore(db: Kysely<Database>): TranscriptStore {
  return {
    async append(entry) {
      return guardStorage(`appending to transcript ${entry.conversationId}`, async () => {
        const row = transcriptRow(entry);
        const { id } = await db.insertInto('transcript').values(row).returning('id').executeTakeFirstOrThrow();
        return transcriptEntryOf({ id, ...row });
      });
    },

    async list({ channel, conversationId }, { limit } = {}) {
      return guardStorage(`listing the transcript of ${channel} conversation ${conversationId}`, async () => {
        let query = db.selectFrom('transcript').select(ENTRY_COLUMNS).where('channel', '=', channel).where('conversation_id', '=', conversationId);
        if (limit === undefined) return (await query.orderBy('id', 'asc').execute()).map(transcriptEntryOf);
        // The most recent `limit`, read newest first and turned around.
        query = query.orderBy('id', 'desc').limit(Math.max(0, Math.floor(limit)));
        return (await query.execute()).reverse().map(transcriptEntryOf);
      });
    },

    async listConversations() {
      return guardStorage('listing transcript conversations', async () => {
        const rows = await db
          .selectFrom('transcript')
          .select((eb) => [
            'conversation_id',
            'channel',
            eb.fn.countAll().as('entries'),
            eb.fn.min('timestamp').as('first_timestamp'),
            eb.fn.max('timestamp').as('last_timestamp'),
            eb.fn.max('id').as('last_id'),
          ])
          .groupBy(['conversation_id', 'channel'])
          .orderBy('last_id', 'desc')
          .execute();
        return rows.map((row) => ({
          conversationId: row.conversation_id,
          channel: row.channel,
          // PostgreSQL returns count() as a string (bigint); SQLite as a number.
          entries: Number(row.entries),
          firstTimestamp: row.first_timestamp,
          lastTimestamp: row.last_timestamp,
        }));
      });
    },
  };
}
