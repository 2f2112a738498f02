/**
 * A failed Agent API call: the HTTP status (0 when the network failed) and the server's
 * `{error: {code, message, params}}`; `params` holds what a page needs to word it itself.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Whether a call failed because the session is gone (expired, logged out elsewhere, agent disabled). */
export const isSessionLost = (error: unknown): boolean => error instanceof ApiError && error.status === 401;
