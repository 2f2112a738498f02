import type { Kysely, Selectable } from 'kysely';
import { fromJson, toJson } from './json.js';
import type { Database, HandoffPriority, HandoffRequestsTable } from './schema.js';
import { guardStorage } from './StorageError.js';

/** A user's request to talk to a person. */
export interface HandoffRequest {
  readonly conversationId: string;
  readonly channel: string;
  readonly userId?: string | null;
  /** Why the bot handed off (the user asked, low confidence, repeated failure, ...). */
  readonly reason: string;
  readonly priority: HandoffPriority;
  /** ISO-8601 */
  readonly createdAt: string;
  /** What the agent needs to pick up (recent turns, the flow reached, ...); JSON-serialisable. */
  readonly context: unknown;
}

/** A kept request, as read back. */
export interface StoredHandoffRequest extends HandoffRequest {
  readonly id: number;
  readonly userId: string | null;
}

export interface HandoffRequestStore {
  /** Keeps `request` and returns it as stored, with its id. */
  record(request: HandoffRequest): Promise<StoredHandoffRequest>;
  /** Every request, oldest first. */
  list(): Promise<StoredHandoffRequest[]>;
}

function toRequest(row: Selectable<HandoffRequestsTable>): StoredHandoffRequest {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    userId: row.user_id,
    reason: row.reason,
    priority: row.priority,
    createdAt: row.created_at,
    context: fromJson(row.context, `handoff request ${row.id}`),
  };
}

/** Handoff requests in the `handoff_requests` table (`context` stored as JSON). */
export function createHandoffRequestStore(db: Kysely<Database>): HandoffRequestStore {
  return {
    async record(request) {
      return guardStorage(`recording handoff request for ${request.conversationId}`, async () => {
        const row = {
          conversation_id: request.conversationId,
          channel: request.channel,
          user_id: request.userId ?? null,
          reason: request.reason,
          priority: request.priority,
          created_at: request.createdAt,
          context: toJson(request.context, `context of handoff request for ${request.conversationId}`),
        };
        const { id } = await db.insertInto('handoff_requests').values(row).returning('id').executeTakeFirstOrThrow();
        return toRequest({ id, ...row });
      });
    },

    async list() {
      return guardStorage('listing handoff requests', async () => {
        const rows = await db.selectFrom('handoff_requests').selectAll().orderBy('id', 'asc').execute();
        return rows.map(toRequest);
      });
    },
  };
}
