import type { Frame, Id } from './Ticket.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is Id => typeof value === 'string' || typeof value === 'number';
const idList = (value: unknown): Id[] => (Array.isArray(value) ? value.filter(isId) : []);
/** Who is away, when the frame says (an older server's frames do not): absent means "not told". */
const awayOf = (value: Record<string, unknown>): { away?: Id[] } => (Array.isArray(value.away) ? { away: idList(value.away) } : {});

/**
 * One stream frame from the socket's text, or undefined for anything the console does not
 * know (a newer server may add frame types; those are skipped, not fatal).
 */
export function parseFrame(data: unknown): Frame | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'hello':
      return { type: 'hello', agent: isObject(value.agent) ? (value.agent as never) : undefined, online: idList(value.online), ...awayOf(value) };
    case 'ticket':
      return isObject(value.ticket) && isId(value.ticket.id) && typeof value.ticket.state === 'string' ? { type: 'ticket', ticket: value.ticket as never } : undefined;
    case 'message':
      return isId(value.ticketId) && isObject(value.message) && typeof value.message.text === 'string'
        ? { type: 'message', ticketId: value.ticketId, message: value.message as never }
        : undefined;
    case 'typing':
      return isId(value.ticketId) ? { type: 'typing', ticketId: value.ticketId } : undefined;
    case 'presence':
      return { type: 'presence', online: idList(value.online), ...awayOf(value) };
    case 'note':
      return isId(value.ticketId) && isObject(value.note) && isId(value.note.id) && typeof value.note.text === 'string'
        ? { type: 'note', ticketId: value.ticketId, note: value.note as never }
        : undefined;
    case 'tags':
      return isId(value.ticketId) && Array.isArray(value.tags) ? { type: 'tags', ticketId: value.ticketId, tags: value.tags.filter((t): t is string => typeof t === 'string') } : undefined;
    default:
      return undefined;
  }
}
