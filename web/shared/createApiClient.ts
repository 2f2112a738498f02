import { ApiError } from './ApiError.js';
import type { Session } from './Session.js';

/** The part of `fetch` used here, so tests can hand in a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'status' | 'json'>>;

/** Signing in and out, as every staff page does it. */
export type SessionApi = Omit<ApiClient, 'call'>;

/** The session calls and the request core that the console's and the workspace's APIs are built on. */
export interface ApiClient {
  /**
   * One same-origin JSON call (a `FormData` body goes as multipart). Resolves with the answer's
   * JSON (undefined for 204); rejects with an {@link ApiError}: status 0 when the network failed.
   */
  call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
  login(username: string, password: string): Promise<Session>;
  /** Resumes the session the cookie holds, with its capabilities; rejects with status 401 when there is none. */
  me(): Promise<Session>;
  logout(): Promise<void>;
}

/**
 * Same-origin calls with the session cookie (path /api/agent). The CSRF token from login (or `me`
 * after a reload) is kept here, in memory only, and sent as `X-CSRF-Token` on every write.
 */
export function createApiClient({ fetch, base = '' }: { fetch: FetchLike; base?: string }): ApiClient {
  let csrfToken: string | undefined;

  async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // A form sets its own multipart type and boundary.
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    // Every write carries it; the server refuses a cookie session's POST or PUT without it.
    if (method !== 'GET' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
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
  const remember = (session: Session) => {
    csrfToken = session.csrfToken;
    return session;
  };

  return {
    call,
    login: async (username, password) => remember(await call<Session>('POST', '/api/agent/login', { username, password, kind: 'cookie' })),
    me: async () => remember(await call<Session>('GET', '/api/agent/me')),
    async logout() {
      try {
        await call('POST', '/api/agent/logout');
      } finally {
        csrfToken = undefined;
      }
    },
  };
}

/** The server's `{error: {code, message, params}}` as an ApiError; a body without one is named by its status. */
export function toApiError(status: number, json: unknown): ApiError {
  const error = (json as { error?: { code?: unknown; message?: unknown; params?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  const params = error?.params && typeof error.params === 'object' ? (error.params as Record<string, unknown>) : {};
  return new ApiError(status, code, message, params);
}
