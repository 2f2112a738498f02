import type { Generated } from 'kysely';

/*
 * Column types as both SQLite and PostgreSQL store them, so one repository serves either:
 * JSON is TEXT (serialised by the repositories), timestamps are ISO-8601 TEXT, booleans are
 * INTEGER 0/1. Names are snake_case here; repositories map rows to camelCase objects.
 * The tables themselves are created in migrations.ts: change both together.
 */

/** Bot state (conversation and user state) with an etag for optimistic concurrency. */
export interface StateItemsTable {
  key: string;
  /** JSON */
  data: string;
  etag: string;
  /** ISO-8601 */
  updated_at: string;
}

export type TranscriptDirection = 'in' | 'out';
export type TranscriptRole = 'user' | 'bot' | 'agent';

/** Every activity in and out of a conversation, in insertion order (`id`). */
export interface TranscriptTable {
  id: Generated<number>;
  conversation_id: string;
  channel: string;
  activity_id: string | null;
  direction: TranscriptDirection;
  from_id: string | null;
  from_role: TranscriptRole | null;
  type: string;
  text: string | null;
  /** ISO-8601, as given by the caller */
  timestamp: string;
  /** JSON */
  payload: string | null;
}

/** One "was this answer helpful?" vote on an article. */
export interface FeedbackTable {
  id: Generated<number>;
  conversation_id: string;
  article_id: string;
  /** 1 helpful, 0 not */
  helpful: 0 | 1;
  /** ISO-8601 */
  created_at: string;
}

export type HandoffPriority = 'normal' | 'high';

/** A user's request to talk to a person, with what the agent needs to pick it up. */
export interface HandoffRequestsTable {
  id: Generated<number>;
  conversation_id: string;
  channel: string;
  user_id: string | null;
  reason: string;
  priority: HandoffPriority;
  /** ISO-8601 */
  created_at: string;
  /** JSON */
  context: string;
}

/** Everything kefu keeps, as Kysely sees it. */
export interface DirectLineConversationsTable {
  id: string;
  user_id: string;
  created_at: string;
}

export interface DirectLineActivitiesTable {
  conversation_id: string;
  /** Per-conversation sequence number: the watermark. */
  seq: number;
  /** The activity as JSON, without its id (derived from the sequence). */
  activity: string;
  created_at: string;
}

export interface Database {
  state_items: StateItemsTable;
  transcript: TranscriptTable;
  feedback: FeedbackTable;
  handoff_requests: HandoffRequestsTable;
  directline_conversations: DirectLineConversationsTable;
  directline_activities: DirectLineActivitiesTable;
}
