/*
 * What agents see of tickets, as the agent API and stream send it: the console (web/agent)
 * imports these types rather than declaring its own. Types only, and nothing imported but other
 * types of the same kind, so that the browser's compilation can read this file.
 */
import type { TranscriptLine } from './HandoffRequest.js';

export type TicketState = 'waiting' | 'assigned' | 'closed' | 'cancelled' | 'expired';
export type TicketOutcome = 'resolved' | 'released' | 'cancelled' | 'ended_by_user' | 'expired';
export type TicketPriority = 'normal' | 'high';

/** An agent acting on a ticket, as the session says. */
export interface ActingAgent {
  readonly id: number;
  readonly displayName: string;
}

/** The POS details a merchant gave, gathered for the agent who takes over. */
export interface PosDetails {
  /** The terminal's serial number (SN), upper-cased. */
  readonly terminalSerial?: string;
  /** The 15-digit merchant number (商户号). */
  readonly merchantNumber?: string;
  /** A two-character transaction response code such as 55, 51 or A0, upper-cased. */
  readonly responseCode?: string;
}

/** One line of the conversation as the agent console shows it. */
export interface TicketMessage {
  readonly from: 'user' | 'bot' | 'agent';
  readonly text: string;
  readonly timestamp: string;
  readonly agentName?: string;
  /** An image that came with the message (kept in the media store; agents fetch it by id). */
  readonly image?: { readonly mediaId: string; readonly contentType: string };
}

/** What the bot collected when it handed over. */
export interface TicketContext {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly flowId?: string;
  /** The flow's title and what it collected, as "标签：回答" lines, for agents. */
  readonly flowTitle?: string;
  readonly answers?: readonly string[];
  readonly articlesShown: readonly string[];
  readonly transcript: readonly TranscriptLine[];
  readonly pos: PosDetails;
  /**
   * Who the user is as their channel tells it: the web page the widget was on (no query string),
   * and the first thing they said (a visitor has no name).
   */
  readonly visitor?: { readonly page?: string; readonly firstMessage?: string };
}

/** What an agent sees of the context: the transcript comes whole from `get`, not with every ticket. */
export type TicketViewContext = Omit<TicketContext, 'transcript'>;

/**
 * A ticket as agents (the API, the console) see it: the stored ticket without its channel
 * address, with its agent, place in the queue, the last thing the user said and the context.
 */
export interface TicketView {
  readonly id: number;
  readonly conversationId: string;
  readonly channel: string;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly locale: string;
  /** Why the bot handed off (the user asked, low confidence, repeated failure, ...). */
  readonly reason: string;
  readonly priority: TicketPriority;
  readonly state: TicketState;
  readonly outcome: TicketOutcome | null;
  /** Opened outside service hours: nobody is expected to answer before morning. */
  readonly afterHours: boolean;
  readonly agent: ActingAgent | null;
  /** ISO-8601, as every time here. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the current agent got the ticket. */
  readonly assignedAt: string | null;
  readonly endedAt: string | null;
  readonly rating: number | null;
  /** What the user said about their rating (asked after a low one), redacted. */
  readonly ratingComment: string | null;
  readonly queuePosition: number | null;
  readonly preview: string | null;
  readonly context: TicketViewContext;
}
