import { ApiError } from './ApiError.js';
import type { QueueTab } from './queueTabs.js';
import { tabQuery } from './queueTabs.js';
import type { AgentSummary, ChannelLimits, Id, KbArticle, KbHit, Session, Ticket, TicketDetail, TranscriptMessage } from './Ticket.js';

/** The part of `fetch` used here, so tests can hand in a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'status' | 'json'>>;

/** The Agent API and the knowledge-base calls the console makes, for one cookie session. */
export interface AgentApi {
  login(username: string, password: string): Promise<Session>;
  /** Resumes the session the cookie holds; rejects with status 401 when there is none. */
  me(): Promise<Session>;
  logout(): Promise<void>;
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
  searchKb(query: string): Promise<readonly KbHit[]>;
  article(id: string): Promise<KbArticle>;
}

/**
 * Same-origin calls with the session cookie. The CSRF token from login (or `me` after a reload)
 * is kept here, in memory only, and sent as `X-CSRF-Token` on every POST.
 */
export function createAgentApi({ fetch, base = '' }: { fetch: FetchLike; base?: string }): AgentApi {
  let csrfToken: string | undefined;

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // A form sets its own multipart type and boundary.
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (method === 'POST' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await fetch(`${base}${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
    }
    if (response.status === 204) return undefined as T;
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw toApiError(response.status, json);
    return json as T;
  }
  const ticketPath = (id: Id, action = '') => `/api/agent/tickets/${encodeURIComponent(String(id))}${action}`;
  const remember = (session: Session) => {
    csrfToken = session.csrfToken;
    return session;
  };

  return {
    login: async (username, password) => remember(await call<Session>('POST', '/api/agent/login', { username, password, kind: 'cookie' })),
    me: async () => remember(await call<Session>('GET', '/api/agent/me')),
    async logout() {
      try {
        await call('POST', '/api/agent/logout');
      } finally {
        csrfToken = undefined;
      }
    },
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
    searchKb: async (query) => (await call<{ hits: KbHit[] }>('GET', `/api/kb/search?q=${encodeURIComponent(query)}&limit=5`)).hits,
    article: (id) => call<KbArticle>('GET', `/api/kb/articles/${encodeURIComponent(id)}`),
  };
}

function toApiError(status: number, json: unknown): ApiError {
  const error = (json as { error?: { code?: unknown; message?: unknown; params?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  const params = error?.params && typeof error.params === 'object' ? (error.params as Record<string, unknown>) : {};
  return new ApiError(status, code, message, params);
}
