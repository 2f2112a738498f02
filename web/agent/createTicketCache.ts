import { compareInTab, inTab, type QueueTab } from './queueTabs.js';
import { idKey, type Id, type Ticket } from './Ticket.js';

/** The console's cache of the tickets it knows (the server holds the truth), from lists and live frames, and each tab's view of them. */
export interface TicketCache {
  get(id: Id): Ticket | undefined;
  /** Adds or replaces a ticket; answers the version it replaced, if any. */
  upsert(ticket: Ticket): Ticket | undefined;
  /**
   * Takes a fresh list for a tab as the truth: tickets the console thought were in that tab and
   * the server no longer lists (closed by someone while the socket was down) are dropped.
   */
  replaceTab(tab: QueueTab, tickets: readonly Ticket[]): void;
  /** Updates the row's "last thing the user said" when a message arrives on the stream. */
  setPreview(id: Id, preview: string): void;
  list(tab: QueueTab): Ticket[];
  waitingCount(): number;
  clear(): void;
}

/** A cache for one agent: `me` decides what "mine" holds. */
export function createTicketCache(me: () => Id | undefined): TicketCache {
  const byId = new Map<string, Ticket>();
  return {
    get: (id) => byId.get(idKey(id)),
    upsert(ticket) {
      const key = idKey(ticket.id);
      const previous = byId.get(key);
      byId.set(key, ticket);
      return previous;
    },
    replaceTab(tab, tickets) {
      const fresh = new Set(tickets.map((t) => idKey(t.id)));
      for (const [key, ticket] of byId) if (!fresh.has(key) && inTab(ticket, tab, me())) byId.delete(key);
      for (const ticket of tickets) byId.set(idKey(ticket.id), ticket);
    },
    setPreview(id, preview) {
      const ticket = byId.get(idKey(id));
      if (ticket) byId.set(idKey(id), { ...ticket, preview });
    },
    list: (tab) => [...byId.values()].filter((t) => inTab(t, tab, me())).sort(compareInTab(tab)),
    waitingCount: () => [...byId.values()].filter((t) => t.state === 'waiting').length,
    clear: () => byId.clear(),
  };
}
