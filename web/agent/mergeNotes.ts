import { sameId, type TicketNote } from './Ticket.js';

/** Notes by id, oldest first: the same note from the answer and the stream is kept once. Answers `notes` itself when nothing is new. */
export function mergeNotes(notes: readonly TicketNote[], more: readonly TicketNote[]): readonly TicketNote[] {
  const fresh = more.filter((note) => !notes.some((n) => sameId(n.id, note.id)));
  if (fresh.length === 0) return notes;
  return [...notes, ...fresh].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || Number(a.id) - Number(b.id));
}
