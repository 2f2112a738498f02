import { ApiError } from '../shared/ApiError.js';
import { periodErrorText } from '../shared/periodProblem.js';
import type { ReportsMessages } from './messages.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * What to tell the supervisor when a call fails, worded here from the error's code and params, in
 * the page's language. Only a code this page does not know shows the server's own message.
 */
export function errorText(error: unknown, m: ReportsMessages): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const e = m.errors;
  const { params } = error;
  if (error.status === 0) return e.network;
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return m.sessionExpired;
    case 'BAD_CREDENTIALS':
      return e.badCredentials;
    case 'THROTTLED':
    case 'TOO_MANY_ATTEMPTS': {
      const seconds = num(params.retryAfterSeconds);
      const wait = seconds === undefined ? undefined : seconds < 60 ? e.seconds(seconds) : e.minutes(Math.ceil(seconds / 60));
      return e.throttled(wait ?? (error.code === 'TOO_MANY_ATTEMPTS' ? e.minutes(1) : undefined));
    }
    case 'CSRF':
      return e.csrf;
    case 'FORBIDDEN': {
      const role = str(params.role);
      return e.forbidden(role === undefined ? undefined : (m.roles[role] ?? role));
    }
    case 'BAD_QUERY':
      return periodErrorText(error, m) ?? (params.field === 'channel' ? e.badChannel : e.badRequest);
    case 'NOT_FOUND':
      return e.notFound;
    case 'INTERNAL':
      return e.server;
    default:
      if (/^HTTP_\d+$/.test(error.code)) return error.status === 404 ? e.notFound : error.status >= 500 ? e.server : e.badRequest;
      return error.message;
  }
}
