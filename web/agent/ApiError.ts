/** A failed Agent API call: the HTTP status (0 when the network failed) and the server's `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Whether a call failed because the session is gone (expired, logged out elsewhere, agent disabled). */
export const isSessionLost = (error: unknown): boolean => error instanceof ApiError && error.status === 401;
