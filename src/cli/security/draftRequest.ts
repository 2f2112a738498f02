import { PLACEHOLDERS, type BodyPart, type DraftRequest } from './FuzzRequest.js';

export interface DraftOptions {
  readonly kind?: string;
  /** Sent after Host and Connection: close. */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: readonly BodyPart[];
}

/** An ordinary HTTP/1.1 request: Host, `Connection: close`, the given headers, and the body. */
export function draftRequest(method: string, target: string, { kind = 'valid', headers = [], body = [] }: DraftOptions = {}): DraftRequest {
  return {
    kind,
    method,
    target,
    version: 'HTTP/1.1',
    headers: [['Host', PLACEHOLDERS.host], ['Connection', 'close'], ...headers],
    body,
    contentLength: body.length > 0 || method === 'POST' ? 'auto' : 'none',
    encoding: 'utf8',
    halfClose: false,
    upgrade: false,
    mayDrop: false,
  };
}

/** A request whose body is `value` as JSON, with `Content-Type: application/json`. */
export function draftJson(method: string, target: string, value: unknown, { kind = 'valid', headers = [] }: Omit<DraftOptions, 'body'> = {}): DraftRequest {
  return draftRequest(method, target, { kind, headers: [['Content-Type', 'application/json'], ...headers], body: [JSON.stringify(value) ?? 'null'] });
}

/** A header list with `authorization` added when there is one. */
export function withAuthorization(header: string | undefined, headers: readonly (readonly [string, string])[] = []): (readonly [string, string])[] {
  return header === undefined ? [...headers] : [['Authorization', header], ...headers];
}
