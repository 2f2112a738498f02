import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialectOf.js';
import { transcriptEntryOf, transcriptRow, type StoredTranscriptEntry, type TranscriptEntry } from './createTranscriptStore.js';
import { fromJson, toJson } from './json.js';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

export interface DirectLineConversation {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: string;
}

export interface StoredActivity {
  /** The watermark of this activity (its transcript id). */
  readonly seq: number;
  readonly activity: Record<string, unknown>;
}

/** The transcript's own fields of an activity the log keeps (the conversation and channel are the store's). */
export type LoggedEntry = Omit<TranscriptEntry, 'conversationId' | 'channel'>;

/**
 * The Direct Line conversations kefu serves and their activity logs, so clients resume after a
 * restart. The log is the conversation's transcript: one row per activity holds both what agents
 * and reports read (text, role, time) and the activity as the client receives it.
 */
export interface DirectLineStore {
  /** Creates the conversation if it does not exist yet; returns whether it was created. */
  createConversation(conversation: DirectLineConversation): Promise<boolean>;
  getConversation(id: string): Promise<DirectLineConversation | undefined>;
  /**
   * Keeps an activity and its transcript entry in one row; returns the row as the transcript
   * reads it, whose id is the activity's watermark (greater than every earlier one). Appends to
   * one conversation become visible in the order of their ids, whichever instance wrote them.
   * On PostgreSQL `after` is the conversation's watermark before this one: a reader that has
   * sent exactly that much may send this activity without reading the log again.
   */
  append(conversationId: string, activity: Record<string, unknown>, entry: LoggedEntry): Promise<StoredTranscriptEntry & { readonly after?: number }>;
  /** Activities after the watermark, oldest first, at most `limit` of them (default all). */
  listAfter(conversationId: string, watermark: number, limit?: number): Promise<StoredActivity[]>;
}

/** Direct Line's channel id in the transcript. */
const CHANNEL = 'directline';

/** @param db the database; the activity and entry written here must already be redacted where needed. */
export function createDirectLineStore(db: Kysely<Database>): DirectLineStore {
  const postgres = dialectOf(db) === 'postgres';
  return {
    async createConversation({ id, userId, createdAt }) {
      return guardStorage(`creating Direct Line conversation ${id}`, async () => {
        const result = await db
          .insertInto('directline_conversations')
          .values({ id, user_id: userId, created_at: createdAt })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
      });
    },
    async getConversation(id) {
      return guardStorage(`reading Direct Line conversation ${id}`, async () => {
        const row = await db.selectFrom('directline_conversations').selectAll().where('id', '=', id).executeTakeFirst();
        return row && { id: row.id, userId: row.user_id, createdAt: row.created_at };
      });
    },
    async append(conversationId, activity, entry) {
      return guardStorage(`appending to Direct Line conversation ${conversationId}`, async () => {
        // The id is the database's own (autoincrement / identity): concurrent writers never
        // collide on it, and it only grows, which is all a watermark needs.
        const row = { ...transcriptRow({ ...entry, conversationId, channel: CHANNEL }), activity: toJson(activity, 'a Direct Line activity') };
        // SQLite has one writer: ids are committed in the order they are given.
        if (!postgres) {
          const { id } = await db.insertInto('transcript').values(row).returning('id').executeTakeFirstOrThrow();
          return transcriptEntryOf({ id, ...row });
        }
        // PostgreSQL hands out ids before commit, so two writers to one conversation could commit
        // id 11 before id 10, and a reader that saw 11 would skip 10 for ever. The conversation's
        // row lock orders them, in one round trip (migration 0017_directline_append).
        const { rows } = await sql<{ id: number; after: number | null }>`select id, after from kefu_directline_append(${conversationId}, ${JSON.stringify(row)}::jsonb)`.execute(db);
        const kept = transcriptEntryOf({ id: Number(rows[0]!.id), ...row });
        // Without its conversation's row (never so when served) nothing was locked: no promise.
        return rows[0]!.after === null ? kept : { ...kept, after: Number(rows[0]!.after) };
      });
    },
    async listAfter(conversationId, watermark, limit) {
      return guardStorage(`listing Direct Line conversation ${conversationId}`, async () => {
        let query = db
          .selectFrom('transcript')
          .select(['id', 'activity'])
          .where('channel', '=', CHANNEL)
          .where('conversation_id', '=', conversationId)
          .where('id', '>', watermark)
          .where('activity', 'is not', null)
          .orderBy('id');
        if (limit !== undefined) query = query.limit(limit);
        const rows = await query.execute();
        return rows.map((r) => ({ seq: Number(r.id), activity: fromJson(r.activity!, `Direct Line activity ${conversationId}#${r.id}`) as Record<string, unknown> }));
      });
    },
  };
}
