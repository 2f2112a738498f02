import { ApiError } from './ApiError.js';

/** The words every staff page needs for the errors they share. */
export interface StaffErrorWords {
  readonly network: string;
  readonly badCredentials: string;
  readonly seconds: (n: number) => string;
  readonly minutes: (n: number) => string;
  readonly throttled: (wait: string | undefined) => string;
  readonly csrf: string;
  readonly forbidden: (role: string | undefined) => string;
  readonly notFound: string;
  readonly server: string;
  readonly badRequest: string;
}

export interface StaffErrorMessages {
  readonly errors: StaffErrorWords;
  readonly roles: Readonly<Record<string, string>>;
  readonly sessionExpired: string;
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * What to tell the person signed in when a call fails, worded from the error's code and params in
 * the page's language. `ownCodes` words the codes only this page meets first; only a code nobody
 * knows shows the server's own message.
 */
export function staffErrorText<M extends StaffErrorMessages>(error: unknown, m: M, ownCodes: (error: ApiError, m: M) => string | undefined = () => undefined): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const e = m.errors;
  const { params } = error;
  if (error.status === 0) return e.network;
  const own = ownCodes(error, m);
  if (own !== undefined) return own;
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return m.sessionExpired;
    case 'BAD_CREDENTIALS':
      return e.badCredentials;
    case 'THROTTLED':
    case 'TOO_MANY_ATTEMPTS': {
      const seconds = num(params.retryAfterSeconds);
      const wait = seconds === undefined ? undefined : seconds < 60 ? e.seconds(seconds) : e.minutes(Math.ceil(seconds / 60));
      // TOO_MANY_ATTEMPTS (per address) always means a minute.
      return e.throttled(wait ?? (error.code === 'TOO_MANY_ATTEMPTS' ? e.minutes(1) : undefined));
    }
    case 'CSRF':
      return e.csrf;
    case 'FORBIDDEN': {
      const role = str(params.role);
      return e.forbidden(role === undefined ? undefined : (m.roles[role] ?? role));
    }
    case 'NOT_FOUND':
      return e.notFound;
    case 'BAD_REQUEST':
    case 'BAD_INPUT':
      return e.badRequest;
    case 'INTERNAL':
      return e.server;
    default:
      // No error body (a proxy's 502, a route that is not there yet): the client named it by its status.
      if (/^HTTP_\d+$/.test(error.code)) return error.status === 404 ? e.notFound : error.status >= 500 ? e.server : e.badRequest;
      return error.message;
  }
}
