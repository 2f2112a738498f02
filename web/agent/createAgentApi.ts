import { createApiClient, type FetchLike, type SessionApi } from '../shared/createApiClient.js';
import type { QueueTab } from './queueTabs.js';
import { tabQuery } from './queueTabs.js';
import type { AgentSummary, CannedReply, ChannelLimits, Id, KbArticle, KbHit, Ticket, TicketDetail, TicketNote, TranscriptMessage } from './Ticket.js';

/** The Agent API and the knowledge-base calls the console makes, for one cookie session. */
export interface AgentApi extends SessionApi {
  agents(): Promise<readonly AgentSummary[]>;
  tickets(tab: QueueTab): Promise<readonly Ticket[]>;
  ticket(id: Id): Promise<TicketDetail>;
  /** What the ticket's channel still lets the agent send; null when it sets no limits. */
  limits(id: Id): Promise<ChannelLimits | null>;
  accept(id: Id): Promise<Ticket>;
  send(id: Id, text: string): Promise<TranscriptMessage>;
  /** Sends an image to the ticket's user (multipart, the field `image`). */
  sendImage(id: Id, file: Blob, fileName: string): Promise<TranscriptMessage>;
  typing(id: Id): Promise<void>;
  transfer(id: Id, agent: string): Promise<Ticket>;
  release(id: Id): Promise<Ticket>;
  close(id: Id): Promise<Ticket>;
  /** Adds a private note (never sent to the user). */
  addNote(id: Id, text: string): Promise<TicketNote>;
  /** Replaces the ticket's tags; answers them as saved (normalized, sorted). */
  setTags(id: Id, tags: readonly string[]): Promise<readonly string[]>;
  /** Past tickets matching a query string from {@link buildSearchQuery}. */
  searchTickets(query: string): Promise<readonly Ticket[]>;
  /** Canned replies matching the words, filled in for the ticket ({agent}, {user}). */
  canned(query: string, ticket?: Id): Promise<readonly CannedReply[]>;
  /** Marks me away or back; answers who is away now. */
  setAway(away: boolean): Promise<readonly Id[]>;
  searchKb(query: string): Promise<readonly KbHit[]>;
  article(id: string): Promise<KbArticle>;
}

/** The console's calls, on the shared client: the session, the desk and the knowledge base. */
export function createAgentApi({ fetch, base = '' }: { fetch: FetchLike; base?: string }): AgentApi {
  const { call, login, me, logout } = createApiClient({ fetch, base });
  const ticketPath = (id: Id, action = '') => `/api/agent/tickets/${encodeURIComponent(String(id))}${action}`;
  return {
    login,
    me,
    logout,
    agents: async () => (await call<{ agents: AgentSummary[] }>('GET', '/api/agent/agents')).agents,
    tickets: async (tab) => (await call<{ tickets: Ticket[] }>('GET', `/api/agent/tickets?${tabQuery(tab)}`)).tickets,
    ticket: (id) => call<TicketDetail>('GET', ticketPath(id)),
    limits: async (id) => (await call<{ limits: ChannelLimits | null }>('GET', ticketPath(id, '/limits'))).limits,
    accept: async (id) => (await call<{ ticket: Ticket }>('POST', ticketPath(id, '/accept'))).ticket,
    send: async (id, text) => (await call<{ message: TranscriptMessage }>('POST', ticketPath(id, '/messages'), { text })).message,
    async sendImage(id, file, fileName) {
      const form = new FormData();
      form.append('image', file, fileName);
      return (await call<{ message: TranscriptMessage }>('POST', ticketPath(id, '/images'), form)).message;
    },
    typing: (id) => call<void>('POST', ticketPath(id, '/typing')),
    transfer: async (id, agent) => (await call<{ ticket: Ticket }>('POST', ticketPath(id, '/transfer'), { agent })).ticket,
    release: async (id) => (await call<{ ticket: Ticket }>('POST', ticketPath(id, '/release'))).ticket,
    close: async (id) => (await call<{ ticket: Ticket }>('POST', ticketPath(id, '/close'))).ticket,
    addNote: async (id, text) => (await call<{ note: TicketNote }>('POST', ticketPath(id, '/notes'), { text })).note,
    setTags: async (id, tags) => (await call<{ tags: string[] }>('PUT', ticketPath(id, '/tags'), { tags })).tags,
    searchTickets: async (query) => (await call<{ tickets: Ticket[] }>('GET', `/api/agent/tickets/search?${query}`)).tickets,
    async canned(query, ticket) {
      const params = new URLSearchParams({ q: query });
      if (ticket !== undefined) params.set('ticket', String(ticket));
      return (await call<{ replies: CannedReply[] }>('GET', `/api/agent/canned?${params.toString()}`)).replies;
    },
    setAway: async (away) => (await call<{ away: Id[] }>('POST', '/api/agent/status', { away })).away,
    searchKb: async (query) => (await call<{ hits: KbHit[] }>('GET', `/api/kb/search?q=${encodeURIComponent(query)}&limit=5`)).hits,
    article: (id) => call<KbArticle>('GET', `/api/kb/articles/${encodeURIComponent(id)}`),
  };
}
