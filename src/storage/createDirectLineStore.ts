import { sql, type Kysely } from 'kysely';
import { fromJson, toJson } from './json.js';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

export interface DirectLineConversation {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: string;
}

export interface StoredActivity {
  /** The watermark of this activity. */
  readonly seq: number;
  readonly activity: Record<string, unknown>;
}

/** The Direct Line conversations kefu serves and their activity logs, so clients resume after a restart. */
export interface DirectLineStore {
  /** Creates the conversation if it does not exist yet; returns whether it was created. */
  createConversation(conversation: DirectLineConversation): Promise<boolean>;
  getConversation(id: string): Promise<DirectLineConversation | undefined>;
  /** Appends an activity and returns its sequence number, one more than the last. */
  append(conversationId: string, activity: Record<string, unknown>, createdAt: string): Promise<number>;
  /** Activities after the watermark, oldest first, at most `limit` of them (default all). */
  listAfter(conversationId: string, watermark: number, limit?: number): Promise<StoredActivity[]>;
}

/** @param db the database; the activity JSON written here must already be redacted where needed. */
export function createDirectLineStore(db: Kysely<Database>): DirectLineStore {
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
    async append(conversationId, activity, createdAt) {
      return guardStorage(`appending to Direct Line conversation ${conversationId}`, async () =>
        // Read the last number and write the next in one statement: watermarks only grow, and no
        // read lock has to be upgraded to a write lock (which SQLite refuses at once with
        // "database is locked" when another connection writes, whatever the busy timeout).
        {
          const json = toJson(activity, 'a Direct Line activity');
          const row = await db
            .insertInto('directline_activities')
            .columns(['conversation_id', 'seq', 'activity', 'created_at'])
            .expression((eb) =>
              eb
                .selectFrom('directline_activities')
                .select([
                  eb.val(conversationId).as('conversation_id'),
                  sql<number>`coalesce(max(seq), 0) + 1`.as('seq'),
                  eb.val(json).as('activity'),
                  eb.val(createdAt).as('created_at'),
                ])
                .where('conversation_id', '=', conversationId),
            )
            .returning('seq')
            .executeTakeFirstOrThrow();
          return Number(row.seq);
        },
      );
    },
    async listAfter(conversationId, watermark, limit) {
      return guardStorage(`listing Direct Line conversation ${conversationId}`, async () => {
        let query = db
          .selectFrom('directline_activities')
          .select(['seq', 'activity'])
          .where('conversation_id', '=', conversationId)
          .where('seq', '>', watermark)
          .orderBy('seq');
        if (limit !== undefined) query = query.limit(limit);
        const rows = await query.execute();
        return rows.map((r) => ({ seq: Number(r.seq), activity: fromJson(r.activity, `Direct Line activity ${conversationId}#${r.seq}`) as Record<string, unknown> }));
      });
    },
  };
}
