import type { Dom } from '../shared/createDom.js';
import { formatDateTime } from '../shared/formatDateTime.js';
import { formatDuration } from './formatDuration.js';
import type { AgentMessages } from './messages.js';
import type { Ticket } from './Ticket.js';
import { identityTitle, userIdentity } from './userIdentity.js';

/** The row's time: how long it has waited or run, or when it ended (with the date when not today). */
export function rowTime(ticket: Ticket, m: AgentMessages, now: number): string {
  if (ticket.state === 'waiting') return m.waitingFor(formatDuration(ticket.createdAt, now, m.duration));
  if (ticket.state === 'assigned') return m.talkingFor(formatDuration(ticket.assignedAt ?? ticket.createdAt, now, m.duration));
  return m.endedAt(formatDateTime(ticket.endedAt ?? ticket.createdAt, now));
}

/**
 * Draws a ticket into a list row (the queue's and the search's): why and who, the last thing the
 * user said, its tags, then time, agent and rating. Answers the time's node, for the clock to move on.
 */
export function fillTicketRow(dom: Dom<AgentMessages>, button: HTMLButtonElement, ticket: Ticket, tags: readonly string[], now: number): HTMLElement {
  const { el } = dom;
  const m = dom.m;
  const time = el('span', 'row-time', {}, rowTime(ticket, m, now));
  const head = el(
    'span',
    'row-head',
    {},
    ticket.priority === 'high' ? el('span', 'badge badge-urgent', {}, m.urgent) : null,
    el('span', 'row-reason', {}, ticket.reason),
    el('span', 'row-who', {}, identityTitle(userIdentity(ticket, m))),
  );
  const foot = el('span', 'row-foot', {}, time);
  if (ticket.state !== 'waiting' && ticket.agent) foot.append(el('span', 'row-agent', {}, m.handledBy(ticket.agent.displayName)));
  if (ticket.rating != null) foot.append(el('span', 'row-rating', {}, m.rating(ticket.rating)));
  const tagLine = tags.length > 0 ? el('span', 'row-tags', { 'aria-label': m.tags }, ...tags.map((tag) => el('span', 'tag', {}, tag))) : null;
  button.replaceChildren(head, el('span', 'row-preview', {}, ticket.preview || m.noPreview), ...(tagLine ? [tagLine] : []), foot);
  button.className = `row${ticket.priority === 'high' ? ' row-high' : ''}`;
  return time;
}
