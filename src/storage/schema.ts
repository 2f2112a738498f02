import type { Role } from '../access/index.js';
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
  /** JSON: the whole activity as a Direct Line client receives it (Direct Line's conversations only; null elsewhere). */
  activity: string | null;
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


export interface DirectLineConversationsTable {
  id: string;
  user_id: string;
  created_at: string;
}

import type { HandoffPriority, TicketOutcome, TicketState } from './TicketFields.js';

export type { HandoffPriority, TicketOutcome, TicketState } from './TicketFields.js';

/**
 * A user's request to talk to a person and what became of it. At most one ticket per
 * conversation (channel and conversation id together) is active (waiting or assigned): a
 * partial unique index enforces it.
 */
export interface TicketsTable {
  id: Generated<number>;
  conversation_id: string;
  channel: string;
  user_id: string | null;
  user_name: string | null;
  locale: string;
  reason: string;
  priority: HandoffPriority;
  state: TicketState;
  outcome: TicketOutcome | null;
  /** 1 when the ticket was opened outside service hours */
  after_hours: 0 | 1;
  agent_id: number | null;
  /** ISO-8601 */
  created_at: string;
  /** ISO-8601 */
  updated_at: string;
  /** ISO-8601: when the current agent got the ticket */
  assigned_at: string | null;
  /** ISO-8601: when an agent first got the ticket; the queue wait is measured to this */
  first_assigned_at: string | null;
  /** ISO-8601 */
  ended_at: string | null;
  /** 1..5 */
  rating: number | null;
  /** ISO-8601 */
  rated_at: string | null;
  /** JSON */
  context: string;
  /** JSON: how to reach the user on their channel */
  address: string;
  /** ISO-8601: an agent's first message to the user */
  first_response_at: string | null;
  /** When the user's first message after hours was acknowledged (once per ticket). */
  acknowledged_at: string | null;
  /** What the user said about a low rating, redacted. */
  rating_comment: string | null;
}

/** A person who answers tickets. `username` is stored lower-cased. */
export interface AgentsTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: Generated<0 | 1>;
  /** No longer counted: sign-ins are throttled in `login_throttle`. Kept for old files. */
  failed_logins: Generated<number>;
  /** ISO-8601. No longer locks anyone out (see `login_throttle`); kept for old files. */
  locked_until: string | null;
  /** ISO-8601 */
  created_at: string;
  /** ISO-8601 */
  last_login_at: string | null;
  /** What the account may do (src/access/roles.ts). */
  role: Generated<Role>;
}

/** Why a sign-in was refused, as kept in `login_failures`. */
export type LoginFailureReason = 'unknown_user' | 'bad_password' | 'disabled' | 'throttled';

/**
 * Sign-in attempts counted per (username, client address), and per username from every address
 * (the row whose `address` is ''). Unknown usernames have rows too, so that a refusal looks the
 * same whether the name exists or not.
 *
 * Times here are epoch milliseconds, not ISO text like everywhere else: the one statement that
 * counts an attempt also computes the wait from them, and adding milliseconds to ISO text is
 * spelled differently on each dialect.
 */
export interface LoginThrottleTable {
  /** Lower-cased, at most 64 characters: as typed, whether or not an agent has it. */
  username: string;
  /** The client address (an IPv6 one by its /64 network), or '' for every address together. */
  address: string;
  /** Attempts since the count started (or, per address, since the last successful sign-in). */
  attempts: number;
  /** Epoch ms of the last counted attempt; a count this old starts afresh. */
  last_attempt_ms: number;
  /** Epoch ms until which attempts are refused unchecked; 0 when there is no wait. */
  wait_until_ms: number;
}

/** Refused sign-ins, for admins (`npm run agent -- failures`). Never the password. */
export interface LoginFailuresTable {
  id: Generated<number>;
  /** As typed, lower-cased, at most 64 characters. */
  username: string;
  /** The client address as the server saw it. */
  address: string;
  reason: LoginFailureReason;
  /** ISO-8601 */
  created_at: string;
}

export type AgentSessionKind = 'cookie' | 'bearer';

/** A signed-in agent, by the hash of the token they hold (the token itself is never stored). */
export interface AgentSessionsTable {
  token_hash: string;
  agent_id: number;
  kind: AgentSessionKind;
  csrf_token: string | null;
  /** ISO-8601 */
  created_at: string;
  /** ISO-8601 */
  expires_at: string;
}

/** A WeChat message or event, by MsgId (events: sender, CreateTime and event), handled once. */
export interface WechatInboundTable {
  dedup_key: string;
  state: 'running' | 'done';
  /** The passive reply's XML before sealing; '' when the answer went as customer-service messages. */
  reply: string | null;
  /** ISO-8601, by kefu's clock */
  received_at: string;
  /** The sender's OpenID. */
  open_id: string;
  /** While running: until when (epoch ms) the instance running it holds it; past that, a retry takes it over. */
  running_until_ms: number | null;
}

/** A customer-service message to send to a WeChat user (the outbox). */
/** What redaction carries between a conversation's messages (lengths and Luhn sums, never digits). */
export interface RedactionCarriesTable {
  conversation_key: string;
  carry: string;
  /** When it was kept (epoch ms): older than the carry's lifetime, it is ignored and purged. */
  at_ms: number;
}

export interface WechatOutboxTable {
  id: Generated<number>;
  open_id: string;
  /** The message as JSON (a WechatCustomMessage without its recipient). */
  payload: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  /** Epoch ms from which the next attempt may run. */
  due_at_ms: number;
  last_error: string | null;
  /** ISO-8601 */
  created_at: string;
  /** The outbox (one per process) sending it now, while its lease lasts; null when none is. */
  claimed_by: string | null;
  /** Epoch ms when the lease ends: from then on another outbox may take the message over. */
  lease_until_ms: number | null;
}

/** An image type kefu keeps, as told by the file's first bytes. */
export type MediaContentType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** An image a user or an agent sent, with the conversation it belongs to (which decides who may see it). */
export interface MediaTable {
  /** Random, unguessable (base64url). */
  id: string;
  channel: string;
  conversation_id: string;
  content_type: MediaContentType;
  /** Bytes. */
  size: number;
  /** BLOB on SQLite, BYTEA on PostgreSQL. */
  bytes: Uint8Array;
  uploader_role: 'user' | 'agent';
  /** The user's id on the channel, or the agent's id. */
  uploader_id: string | null;
  /** ISO-8601 */
  created_at: string;
}

/** Everything kefu keeps, as Kysely sees it. */
export interface Database {
  state_items: StateItemsTable;
  transcript: TranscriptTable;
  feedback: FeedbackTable;
  misses: MissesTable;
  daily_counts: DailyCountsTable;
  ticket_notes: TicketNotesTable;
  ticket_tags: TicketTagsTable;
  knowledge_edits: KnowledgeEditsTable;
  tickets: TicketsTable;
  agents: AgentsTable;
  agent_sessions: AgentSessionsTable;
  login_throttle: LoginThrottleTable;
  login_failures: LoginFailuresTable;
  directline_conversations: DirectLineConversationsTable;
  wechat_inbound: WechatInboundTable;
  wechat_outbox: WechatOutboxTable;
  redaction_carries: RedactionCarriesTable;
  media: MediaTable;
}

/** Why a message counts as a miss. */
export type MissKind = 'noAnswer' | 'unpicked' | 'thumbsDown' | 'askedPerson';
export type MissStatus = 'open' | 'resolved' | 'ignored';

export interface MissesTable {
  id: Generated<number>;
  channel: string;
  conversation_id: string;
  kind: MissKind;
  /** The user's message, redacted. */
  text: string;
  /** The article answered, for a 👎 or a person asked for right after it. */
  article_id: string | null;
  status: Generated<MissStatus>;
  /** JSON: how an editor resolved it ({kind: 'added', articleId} or {kind: 'ignored', reason}). */
  resolution: string | null;
  resolved_by: string | null;
  /** ISO-8601 */
  resolved_at: string | null;
  /** ISO-8601 */
  created_at: string;
}

export interface KnowledgeEditsTable {
  id: Generated<number>;
  /** Relative to the knowledge folder. */
  file: string;
  article_id: string | null;
  action: string;
  /** JSON: what was changed (the questions added). */
  detail: string | null;
  agent_id: number;
  agent_name: string;
  commit_sha: string | null;
  /** ISO-8601 */
  created_at: string;
}

/** One count of one day: conversations, questions, an article shown, a flow step reached... */
export interface DailyCountsTable {
  /** YYYY-MM-DD in the service time zone */
  day: string;
  channel: string;
  metric: string;
  /** What was counted, where the metric has a subject (an article id, flow#step); '' otherwise. */
  subject: Generated<string>;
  count: Generated<number>;
}

/** An agent's private note on a ticket: never sent to the user. */
export interface TicketNotesTable {
  id: Generated<number>;
  ticket_id: number;
  agent_id: number;
  agent_name: string;
  /** Redacted. */
  text: string;
  /** ISO-8601 */
  created_at: string;
}

export interface TicketTagsTable {
  ticket_id: number;
  tag: string;
}
