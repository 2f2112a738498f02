/**
 * The shapes the Agent API answers with (README, "Agent API"). A ticket and its messages are the
 * server's own types (src/handoff/TicketView.ts), not a second declaration of them. The server is
 * trusted to send them; {@link parseFrame} checks only what the console branches on.
 */

import type { Id } from '../shared/Session.js';
import type { TicketMessage, TicketView } from '../../src/handoff/TicketView.js';

export type { PosDetails, TicketState } from '../../src/handoff/TicketView.js';

// The session's shapes are the workspace's too; the console's modules take them from here.
export type { Id, Session } from '../shared/Session.js';

export interface Agent {
  readonly id: Id;
  readonly username: string;
  readonly displayName: string;
}

/** An entry of `GET /api/agent/agents`. */
export interface AgentSummary extends Agent {
  readonly online: boolean;
  /** Signed in but away (not taking conversations); known from the stream's presence frames. */
  readonly away?: boolean;
}

/** A ticket as the API and the stream send it; its ids as the console takes them (7 or "7"). */
export type Ticket = Omit<TicketView, 'id' | 'agent'> & {
  readonly id: Id;
  readonly agent: { readonly id: Id; readonly displayName: string } | null;
};

/** A private note on a ticket: agents only, never sent to the user. */
export interface TicketNote {
  readonly id: Id;
  readonly ticketId: Id;
  readonly agent: { readonly id: Id; readonly displayName: string };
  readonly text: string;
  readonly createdAt: string;
}

/** An entry of `GET /api/agent/canned`, with {agent} and {user} already filled in. */
export interface CannedReply {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly tags: readonly string[];
}

/** One line of a ticket's conversation. */
export interface TranscriptMessage extends TicketMessage {
  /** Not in the README's contract; used to tell messages apart when the server sends one. */
  readonly id?: Id;
}

/** What the ticket's channel still lets the agent send (WeChat: 48 hours, a few messages). */
export interface ChannelLimits {
  readonly open: boolean;
  readonly closesAt?: string;
  readonly remaining: number;
  readonly quota: number;
}

export interface TicketDetail {
  readonly ticket: Ticket;
  readonly transcript: readonly TranscriptMessage[];
  readonly limits?: ChannelLimits;
  /** Absent from a server without notes. */
  readonly notes?: readonly TicketNote[];
  readonly tags?: readonly string[];
}

export interface KbHit {
  readonly id: string;
  readonly title: string;
}

export interface KbArticle {
  readonly id: string;
  readonly title: string;
  readonly answer: string;
}

/** A frame of the agent stream (`GET /api/agent/stream`). */
export type Frame =
  | { readonly type: 'hello'; readonly agent?: Agent; readonly online: readonly Id[]; readonly away?: readonly Id[] }
  | { readonly type: 'ticket'; readonly ticket: Ticket }
  | { readonly type: 'message'; readonly ticketId: Id; readonly message: TranscriptMessage }
  | { readonly type: 'typing'; readonly ticketId: Id }
  | { readonly type: 'presence'; readonly online: readonly Id[]; readonly away?: readonly Id[] }
  | { readonly type: 'note'; readonly ticketId: Id; readonly note: TicketNote }
  | { readonly type: 'tags'; readonly ticketId: Id; readonly tags: readonly string[] };

/** Ids as map keys: the same ticket is the same key whether the server sent 7 or "7". */
export const idKey = (id: Id): string => String(id);

export const sameId = (a: Id | undefined | null, b: Id | undefined | null): boolean => a != null && b != null && String(a) === String(b);
