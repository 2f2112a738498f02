import { ApiError } from '../shared/ApiError.js';
import { periodErrorText } from '../shared/periodProblem.js';
import type { WorkspaceMessages } from './messages.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * What to tell the editor when a call fails, worded here from the error's code and params, in the
 * page's language. Only a code this page does not know shows the server's own message.
 */
export function errorText(error: unknown, m: WorkspaceMessages): string {
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
      // TOO_MANY_ATTEMPTS (per address) always means a minute.
      return e.throttled(wait ?? (error.code === 'TOO_MANY_ATTEMPTS' ? e.minutes(1) : undefined));
    }
    case 'CSRF':
      return e.csrf;
    case 'FORBIDDEN': {
      const role = str(params.role);
      return e.forbidden(role === undefined ? undefined : (m.roles[role] ?? role));
    }
    case 'CONFLICT':
      return e.conflict(str(params.file));
    case 'INVALID_ARTICLE':
      return e.invalidArticle(str(params.file), num(params.line), str(params.field));
    case 'GIT_FAILED':
      return e.gitFailed(str(params.file));
    case 'NOT_FOUND':
    case 'ARTICLE_NOT_FOUND':
      return e.notFound;
    case 'BAD_QUERY':
      // A period the server refused names the day (params.field).
      return periodErrorText(error, m) ?? e.badRequest;
    case 'BAD_REQUEST':
    case 'BAD_INPUT':
      return e.badRequest;
    case 'TOO_LARGE':
      return e.tooLarge;
    case 'INTERNAL':
      return e.server;
    default:
      // No error body (a proxy's 502, a route that is not there yet): the client named it by its status.
      if (/^HTTP_\d+$/.test(error.code)) return error.status === 404 ? e.notFound : error.status >= 500 ? e.server : e.badRequest;
      return error.message;
  }
}
