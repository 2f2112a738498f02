import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../log/index.js';
import { HandoffError, type HandoffErrorCode } from '../handoff/index.js';
import { redact } from '../privacy/index.js';
import { StorageError } from '../storage/index.js';
import { WorkspaceError, type WorkspaceErrorCode } from '../workspace/index.js';
import { HttpError } from './HttpError.js';

/** What each handoff error is to a client; the code loses its module prefix. */
const handoffStatus: Record<HandoffErrorCode, number> = {
  HANDOFF_BAD_INPUT: 400,
  HANDOFF_BAD_SERVICE_HOURS: 400,
  HANDOFF_AGENT_EXISTS: 409,
  HANDOFF_UNKNOWN_AGENT: 404,
  HANDOFF_BAD_CREDENTIALS: 401,
  HANDOFF_LOCKED: 423,
  HANDOFF_THROTTLED: 429,
  HANDOFF_UNKNOWN_TICKET: 404,
  HANDOFF_TICKET_TAKEN: 409,
  HANDOFF_TICKET_STATE: 409,
  HANDOFF_NOT_YOUR_TICKET: 403,
  HANDOFF_AGENT_DISABLED: 400,
};

/** What each workspace error is to a client; the code loses its module prefix. */
const workspaceStatus: Record<WorkspaceErrorCode, number> = {
  WORKSPACE_NOT_FOUND: 404,
  WORKSPACE_CONFLICT: 409,
  WORKSPACE_INVALID_ARTICLE: 400,
  WORKSPACE_BAD_INPUT: 400,
  WORKSPACE_GIT_FAILED: 500,
};

/** JSON 404 for every path no route claims. */
export const notFound: RequestHandler = function notFound(req, _res, next) {
  next(new HttpError(404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`));
};

/**
 * The one place errors become responses: `{error: {code, message}}`. Client errors say what was
 * wrong; a 5xx says only that something failed and is logged in full, never leaking internals.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return function errorHandler(error: unknown, req, res, _next) {
    // Messages quote what the client sent (a path, an id, a piece of broken JSON): whatever a card
    // number was typed into, it does not come back.
    const safe = (message: string) => redact(message).text;
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: { code: error.code, message: safe(error.message), ...(error.params ? { params: error.params } : {}) } });
      return;
    }
    if (error instanceof HandoffError) {
      if (error.details.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
      const params = Object.keys(error.details).length > 0 ? { params: error.details } : {};
      res.status(handoffStatus[error.code]).json({ error: { code: error.code.replace(/^HANDOFF_/, ''), message: safe(error.message.replace(/^kefu handoff: /, '')), ...params } });
      return;
    }
    if (error instanceof WorkspaceError && workspaceStatus[error.code] < 500) {
      res.status(workspaceStatus[error.code]).json({ error: { code: error.code.replace(/^WORKSPACE_/, ''), message: safe(error.message), params: error.params } });
      return;
    }
    // A file the media store refuses: what it is not, never the bytes.
    if (error instanceof StorageError && (error.code === 'STORAGE_NOT_AN_IMAGE' || error.code === 'STORAGE_TOO_LARGE')) {
      const tooLarge = error.code === 'STORAGE_TOO_LARGE';
      res.status(tooLarge ? 413 : 415).json({
        error: tooLarge
          ? { code: 'TOO_LARGE', message: '图片不能超过 5 MB / the image is over the size limit' }
          : { code: 'NOT_AN_IMAGE', message: '只能发送 PNG、JPEG、GIF 或 WebP 图片 / only PNG, JPEG, GIF and WebP images are taken' },
      });
      return;
    }
    // body-parser and friends mark client errors with a 4xx status.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'BAD_REQUEST', message: safe((error as Error).message) } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error / 服务器内部错误' } });
  };
}
