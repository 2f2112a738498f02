/**
 * An error meant for the client: a status, a stable code, a message naming what was wrong, and
 * the values a page needs to word it in its own language (`params`, e.g. the role a 403 lacks).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
