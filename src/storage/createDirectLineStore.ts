import type { Kysely } from 'kysely';
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
  /** Activities after the watermark, oldest first. */
  listAfter(conversationId: string, watermark: number): Promise<StoredActivity[]>;
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
        // Read the last number and write the next in one transaction: watermarks only grow.
        db.transaction().execute(async (trx) => {
          const last = await trx
            .selectFrom('directline_activities')
            .select((eb) => eb.fn.max('seq').as('seq'))
            .where('conversation_id', '=', conversationId)
            .executeTakeFirst();
          const seq = Number(last?.seq ?? 0) + 1;
          await trx
            .insertInto('directline_activities')
            .values({ conversation_id: conversationId, seq, activity: toJson(activity, 'a Direct Line activity'), created_at: createdAt })
            .execute();
          return seq;
        }),
      );
    },
    async listAfter(conversationId, watermark) {
      return guardStorage(`listing Direct Line conversation ${conversationId}`, async () => {
        const rows = await db
          .selectFrom('directline_activities')
          .select(['seq', 'activity'])
          .where('conversation_id', '=', conversationId)
          .where('seq', '>', watermark)
          .orderBy('seq')
          .execute();
        return rows.map((r) => ({ seq: Number(r.seq), activity: fromJson(r.activity, `Direct Line activity ${conversationId}#${r.seq}`) as Record<string, unknown> }));
      });
    },
  };
}
