/*
 * A ticket's own fields, as stored and as agents see them. Types only, importing nothing: the
 * agent console's compilation reads this file (through handoff/TicketView.ts).
 */

/** How urgently a ticket needs a person: high ones are answered first. */
export type HandoffPriority = 'normal' | 'high';
export type TicketState = 'waiting' | 'assigned' | 'closed' | 'cancelled' | 'expired';
export type TicketOutcome = 'resolved' | 'released' | 'cancelled' | 'ended_by_user' | 'expired';

/** What a ticket is opened with, apart from what only the server reads (its context and address). */
export interface TicketFields {
  readonly conversationId: string;
  readonly channel: string;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly locale: string;
  /** Why the bot handed off (the user asked, low confidence, repeated failure, ...). */
  readonly reason: string;
  readonly priority: HandoffPriority;
  /** Opened outside service hours: nobody is expected to answer before morning. */
  readonly afterHours: boolean;
  /** ISO-8601 */
  readonly createdAt: string;
}

/** Where a ticket stands, as agents see it (the stored ticket has its agent's id and name apart). */
export interface TicketProgress {
  readonly state: TicketState;
  readonly outcome: TicketOutcome | null;
  readonly updatedAt: string;
  /** When the current agent got the ticket. */
  readonly assignedAt: string | null;
  readonly endedAt: string | null;
  readonly rating: number | null;
  /** What the user said about their rating (asked after a low one), redacted. */
  readonly ratingComment: string | null;
}
