import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { BusFactory } from '../coordination/index.js';
import type { TicketStore, TranscriptStore } from '../storage/index.js';
import type { HandoffDeskEvents } from './createHandoffDesk.js';
import type { TicketViews } from './createTicketViews.js';
import type { TicketMessage, TicketView } from './TicketView.js';

/** A live event of the desk, as this process's listeners get it. */
export type DeskEvent =
  | { readonly kind: 'ticket'; readonly ticket: TicketView }
  | { readonly kind: 'message'; readonly ticketId: number; readonly message: TicketMessage; readonly entryId?: number }
  | { readonly kind: 'typing'; readonly ticketId: number };

/** The same, as it crosses to another instance: ids, and what finds a message in the transcript. */
type DeskWire =
  | { readonly kind: 'ticket'; readonly ticketId: number }
  | {
      readonly kind: 'message';
      readonly ticketId: number;
      readonly from: TicketMessage['from'];
      /** Its transcript entry, when the sender knew it; else a hash of its words, which finds it there. */
      readonly entryId?: number;
      readonly fingerprint?: string;
    }
  | { readonly kind: 'typing'; readonly ticketId: number };

const TOPIC = 'events';

/** What finds a message among a ticket's latest without its words crossing: the start of their SHA-256. */
const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export interface DeskEventsOptions {
  readonly buses: BusFactory;
  readonly tickets: Pick<TicketStore, 'get'>;
  readonly transcript: Pick<TranscriptStore, 'list'>;
  readonly views: Pick<TicketViews, 'view' | 'toMessage' | 'shown'>;
  /** Where this process's listeners (the agent stream) hear the events, from here or from another instance. */
  readonly events: EventEmitter<HandoffDeskEvents>;
}

/**
 * The desk's live events, on every instance: a ticket crosses as its id and is read again there;
 * a message as its ticket, sender and time (and its transcript entry when known), and is read from
 * the transcript there. When the bus may have missed events, the desk says so ('resync'), and the
 * agent stream has its consoles reconnect, which makes them read everything again.
 */
export function createDeskEvents({ buses, tickets, transcript, views, events }: DeskEventsOptions): { tell(event: DeskEvent): void } {
  const live = buses<DeskEvent, DeskWire>('desk', {
    toWire: (event) =>
      event.kind === 'ticket'
        ? { kind: 'ticket', ticketId: event.ticket.id }
        : event.kind === 'message'
          ? { kind: 'message', ticketId: event.ticketId, from: event.message.from, ...(event.entryId === undefined ? { fingerprint: fingerprint(event.message.text) } : { entryId: event.entryId }) }
          : event,
    fromWire: async (wire) => {
      if (wire.kind === 'typing') return wire;
      const ticket = await tickets.get(wire.ticketId);
      if (!ticket) return undefined;
      if (wire.kind === 'ticket') return { kind: 'ticket', ticket: await views.view(ticket) };
      const recent = (await transcript.list(ticket, { limit: 30 })).filter(views.shown);
      // Only the message itself: a message not found (gone past the last 30) is not replaced by another.
      const entry = wire.entryId !== undefined ? recent.find((e) => e.id === wire.entryId) : recent.findLast((e) => views.toMessage(e).from === wire.from && fingerprint(e.text ?? '') === wire.fingerprint);
      return entry ? { kind: 'message', ticketId: ticket.id, message: views.toMessage(entry) } : undefined;
    },
  });
  live.subscribe(TOPIC, (event) => {
    if (event.kind === 'ticket') events.emit('ticket', event.ticket);
    else if (event.kind === 'message') events.emit('message', { ticketId: event.ticketId, message: event.message });
    else events.emit('typing', { ticketId: event.ticketId });
  });
  live.onResync(() => events.emit('resync'));
  return { tell: (event) => live.publish(TOPIC, event) };
}
