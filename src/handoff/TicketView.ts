/*
 * What agents see of tickets, as the agent API and stream send it: the console (web/agent)
 * imports these types rather than declaring its own. Types only, and nothing imported but other
 * types of the same kind, so that the browser's compilation can read this file.
 */
import type { TicketFields, TicketProgress } from '../storage/TicketFields.js';
import type { HandoffRequest } from './HandoffRequest.js';

export type { HandoffPriority, TicketOutcome, TicketState } from '../storage/TicketFields.js';

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

/** What the bot collected when it handed over, and the POS details found in what the user said. */
export interface TicketContext extends Omit<HandoffRequest['context'], 'visitor'> {
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
export interface TicketView extends TicketFields, TicketProgress {
  readonly id: number;
  readonly agent: ActingAgent | null;
  readonly queuePosition: number | null;
  readonly preview: string | null;
  readonly context: TicketViewContext;
}
