/**
 * The shapes the Agent API answers with (README, "Agent API"). The server is trusted to send
 * them; {@link parseFrame} checks only what the console branches on.
 */

import type { Id } from '../shared/Session.js';

// The session's shapes are the workspace's too; the console's modules take them from here.
export type { Id, Session } from '../shared/Session.js';

export type TicketState = 'waiting' | 'assigned' | 'closed' | 'cancelled' | 'expired';

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

export interface PosDetails {
  readonly terminalSerial?: string | null;
  readonly merchantNumber?: string | null;
  readonly responseCode?: string | null;
}

export interface Ticket {
  readonly id: Id;
  readonly conversationId: string;
  readonly channel: string;
  readonly userId?: string | null;
  readonly userName?: string | null;
  readonly locale?: string | null;
  readonly reason: string;
  readonly priority: 'normal' | 'high';
  readonly state: TicketState;
  readonly outcome?: string | null;
  readonly afterHours?: boolean;
  readonly agent: { readonly id: Id; readonly displayName: string } | null;
  readonly createdAt: string;
  readonly assignedAt?: string | null;
  readonly endedAt?: string | null;
  readonly rating?: number | null;
  readonly queuePosition?: number | null;
  readonly preview?: string | null;
  readonly context?: {
    readonly vars?: Readonly<Record<string, unknown>>;
    readonly flowId?: string | null;
    readonly articlesShown?: readonly string[];
    readonly pos?: PosDetails | null;
    /** The widget's visitor: the page they were on (origin and path) and the first thing they said. */
    readonly visitor?: { readonly page?: string; readonly firstMessage?: string };
  };
}

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
export interface TranscriptMessage {
  /** Not in the README's contract; used to tell messages apart when the server sends one. */
  readonly id?: Id;
  readonly from: 'user' | 'bot' | 'agent';
  readonly text: string;
  readonly timestamp: string;
  readonly agentName?: string;
  /** An image that came with the message: kept by kefu, shown from `/api/agent/media/{mediaId}`. */
  readonly image?: { readonly mediaId: string; readonly contentType: string };
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
