import { sameId, type Id, type Ticket } from './Ticket.js';

/** The queue's tabs, in the order shown. */
export const queueTabs = ['waiting', 'mine', 'assigned', 'closed'] as const;
export type QueueTab = (typeof queueTabs)[number];

/** What the queue area shows: a tab of live tickets, or 查找 (the search over past ones). */
export type QueuePlace = QueueTab | 'search';

/** The query string of `GET /api/agent/tickets` for a tab. */
export function tabQuery(tab: QueueTab): string {
  return tab === 'mine' ? 'state=assigned&mine=1' : `state=${tab}`;
}

/** Whether a ticket belongs in a tab: the same rule the server applies, so live updates agree with a refetch. */
export function inTab(ticket: Ticket, tab: QueueTab, me: Id | undefined): boolean {
  if (tab === 'mine') return ticket.state === 'assigned' && sameId(ticket.agent?.id, me);
  return ticket.state === tab;
}

const time = (iso: string | null | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
};

/**
 * The order within a tab. Waiting: the server's queue order (high priority first, then the
 * oldest). Active: the longest-running first. Closed: the most recent first.
 */
export function compareInTab(tab: QueueTab): (a: Ticket, b: Ticket) => number {
  if (tab === 'waiting') return (a, b) => (a.priority === b.priority ? time(a.createdAt) - time(b.createdAt) : a.priority === 'high' ? -1 : 1);
  if (tab === 'closed') return (a, b) => time(b.endedAt ?? b.createdAt) - time(a.endedAt ?? a.createdAt);
  return (a, b) => time(a.assignedAt ?? a.createdAt) - time(b.assignedAt ?? b.createdAt);
}
