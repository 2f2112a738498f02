import { EventEmitter } from 'node:events';
import { memoryBuses, type BusFactory } from '../coordination/index.js';
import { redact } from '../privacy/index.js';
import type { TicketNote, TicketNoteStore, TicketQuery } from '../storage/index.js';
import { HandoffError } from './HandoffError.js';

export interface TicketNotesEvents {
  note: [{ readonly ticketId: number; readonly note: TicketNote }];
  tags: [{ readonly ticketId: number; readonly tags: readonly string[] }];
}

const MAX_NOTE = 2000;
const MAX_TAGS = 10;
const MAX_TAG = 20;

type NotesEvent = { readonly kind: 'note'; readonly ticketId: number; readonly note: TicketNote } | { readonly kind: 'tags'; readonly ticketId: number; readonly tags: readonly string[] };
/** As it crosses to another instance: which ticket and which note; the text is read there. */
type NotesWire = { readonly kind: 'note'; readonly ticketId: number; readonly noteId: number } | { readonly kind: 'tags'; readonly ticketId: number };

export interface TicketNotesOptions {
  readonly store: TicketNoteStore;
  readonly now?: () => Date;
  /** How far changes reach the agents' streams: this process (the default), or every instance. */
  readonly buses?: BusFactory;
}

/**
 * What agents keep on a ticket besides the conversation: private notes (never sent to the user;
 * redacted like everything stored) and tags, with the search over past tickets they make possible.
 * Changes are published for the agents' stream.
 */
export function createTicketNotes({ store, now = () => new Date(), buses = memoryBuses }: TicketNotesOptions) {
  const events = new EventEmitter<TicketNotesEvents>();
  events.setMaxListeners(0);
  const live = buses<NotesEvent, NotesWire>('notes', {
    toWire: (event) => (event.kind === 'note' ? { kind: 'note', ticketId: event.ticketId, noteId: event.note.id } : { kind: 'tags', ticketId: event.ticketId }),
    fromWire: async (wire) => {
      if (wire.kind === 'tags') return { kind: 'tags', ticketId: wire.ticketId, tags: await store.tags(wire.ticketId) };
      const note = (await store.notes(wire.ticketId)).find((n) => n.id === wire.noteId);
      return note ? { kind: 'note', ticketId: wire.ticketId, note } : undefined;
    },
  });
  live.subscribe('changes', (event) => (event.kind === 'note' ? events.emit('note', { ticketId: event.ticketId, note: event.note }) : events.emit('tags', { ticketId: event.ticketId, tags: event.tags })));
  return {
    on: events.on.bind(events),
    off: events.off.bind(events),

    /** @throws HandoffError `HANDOFF_BAD_INPUT` for an empty or too long note. */
    async add(ticketId: number, agent: { readonly id: number; readonly displayName: string }, text: string): Promise<TicketNote> {
      const trimmed = text.trim();
      if (!trimmed) throw new HandoffError('HANDOFF_BAD_INPUT', '备注不能为空 / a note must not be empty');
      if (Array.from(trimmed).length > MAX_NOTE) throw new HandoffError('HANDOFF_BAD_INPUT', `备注最多 ${MAX_NOTE} 字 / a note must be at most ${MAX_NOTE} characters`);
      const note = await store.addNote({ ticketId, agentId: agent.id, agentName: agent.displayName, text: redact(trimmed).text, createdAt: now().toISOString() });
      live.publish('changes', { kind: 'note', ticketId, note });
      return note;
    },

    notes: (ticketId: number) => store.notes(ticketId),

    /** Replaces the ticket's tags. @throws HandoffError `HANDOFF_BAD_INPUT` for too many or too long. */
    async setTags(ticketId: number, tags: readonly string[]): Promise<string[]> {
      const cleaned = [...new Set(tags.map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean))];
      if (cleaned.length > MAX_TAGS) throw new HandoffError('HANDOFF_BAD_INPUT', `最多 ${MAX_TAGS} 个标签 / at most ${MAX_TAGS} tags`);
      const long = cleaned.find((t) => Array.from(t).length > MAX_TAG);
      if (long) throw new HandoffError('HANDOFF_BAD_INPUT', `标签最多 ${MAX_TAG} 字：${long} / a tag must be at most ${MAX_TAG} characters`);
      const saved = await store.setTags(ticketId, cleaned.map((t) => redact(t).text));
      live.publish('changes', { kind: 'tags', ticketId, tags: saved });
      return saved;
    },

    tags: (ticketId: number) => store.tags(ticketId),
    /** Tickets with their tags added (one read for all). */
    async withTags<T extends { readonly id: number }>(tickets: readonly T[]): Promise<(T & { readonly tags: readonly string[] })[]> {
      const tags = await store.tagsFor(tickets.map((t) => t.id));
      return tickets.map((t) => ({ ...t, tags: tags.get(t.id) ?? [] }));
    },
    search: (query: TicketQuery) => store.search(query),
  };
}

export type TicketNotes = ReturnType<typeof createTicketNotes>;
