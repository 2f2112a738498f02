import { mediaInPayload, type StoredTicket, type StoredTranscriptEntry, type TicketStore, type TranscriptStore } from '../storage/index.js';
import { extractPosDetails } from './extractPosDetails.js';
import type { TicketContext, TicketMessage, TicketView, TicketViewContext } from './TicketView.js';

/** What is already at hand for a view: the conversation's latest entries, the ticket's place in the queue. */
export interface KnownForView {
  readonly recent?: readonly StoredTranscriptEntry[];
  readonly queuePosition?: number | null;
}

/** Tickets and their messages as agents see them (the API, the console, the stream). */
export function createTicketViews({ tickets, transcript }: { readonly tickets: Pick<TicketStore, 'queuePosition'>; readonly transcript: Pick<TranscriptStore, 'list'> }) {
  /**
   * The ticket as agents see it. A caller that already has the conversation's latest entries or
   * the ticket's place in the queue passes them, and they are not read again.
   */
  const view = async (ticket: StoredTicket, known: KnownForView = {}): Promise<TicketView> => {
    const context = (ticket.context ?? {}) as Partial<TicketContext>;
    const recent = known.recent ?? (await transcript.list(ticket, { limit: 30 }));
    const lastUser = [...recent].reverse().find((e) => e.fromRole === 'user' && e.type === 'message' && e.text);
    return {
      id: ticket.id,
      conversationId: ticket.conversationId,
      channel: ticket.channel,
      userId: ticket.userId,
      userName: ticket.userName,
      locale: ticket.locale,
      reason: ticket.reason,
      priority: ticket.priority,
      state: ticket.state,
      outcome: ticket.outcome,
      afterHours: ticket.afterHours,
      agent: ticket.agentId === null ? null : { id: ticket.agentId, displayName: ticket.agentName ?? String(ticket.agentId) },
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      assignedAt: ticket.assignedAt,
      endedAt: ticket.endedAt,
      rating: ticket.rating,
      ratingComment: ticket.ratingComment,
      queuePosition: ticket.state !== 'waiting' ? null : known.queuePosition !== undefined ? known.queuePosition : ((await tickets.queuePosition(ticket.id)) ?? null),
      preview: lastUser?.text ?? null,
      context: {
        vars: context.vars ?? {},
        flowId: context.flowId,
        ...(context.flowTitle ? { flowTitle: context.flowTitle } : {}),
        ...(context.answers ? { answers: context.answers } : {}),
        articlesShown: context.articlesShown ?? [],
        ...visitorOf(context),
        // What the user said before the handoff and since: details often come after "转人工".
        pos: extractPosDetails(
          [...(context.transcript ?? []).filter((l) => l.from === 'user').map((l) => l.text), ...recent.filter((e) => e.fromRole === 'user' && e.text).map((e) => e.text!)],
          context.vars ?? {},
        ),
      },
    };
  };

  /** A transcript entry as a line of the console's conversation. */
  const toMessage = (entry: StoredTranscriptEntry): TicketMessage => {
    const payload = (entry.payload ?? {}) as { agentName?: string };
    const [image] = mediaInPayload(entry.payload);
    return {
      from: entry.fromRole ?? (entry.direction === 'out' ? 'bot' : 'user'),
      text: entry.text ?? '',
      timestamp: entry.timestamp,
      ...(entry.fromRole === 'agent' && payload.agentName ? { agentName: payload.agentName } : {}),
      ...(image ? { image: { mediaId: image.id, contentType: image.contentType } } : {}),
    };
  };

  /** A message worth showing an agent: words, or an image. */
  const shown = (entry: StoredTranscriptEntry) => entry.type === 'message' && (Boolean(entry.text) || mediaInPayload(entry.payload).length > 0);

  return { view, toMessage, shown };
}

export type TicketViews = ReturnType<typeof createTicketViews>;

/** The visitor's page and first message, from what the bot stored with the ticket. */
function visitorOf(context: Partial<TicketContext> & { readonly page?: unknown }): Pick<TicketViewContext, 'visitor'> {
  const page = typeof context.visitor?.page === 'string' ? context.visitor.page : undefined;
  const first = (context.transcript ?? []).find((l) => l.from === 'user' && l.text.trim())?.text;
  const firstMessage = first ? Array.from(first).slice(0, 100).join('') : undefined;
  return page || firstMessage ? { visitor: { ...(page ? { page } : {}), ...(firstMessage ? { firstMessage } : {}) } } : {};
}
