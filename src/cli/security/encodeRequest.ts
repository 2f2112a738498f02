import type { FuzzRequest } from './FuzzRequest.js';

/**
 * What the placeholders of a plan stand for in this run (see PLACEHOLDERS): `host` ("127.0.0.1:3978"),
 * `token:0`, `conv:0`, `user:0`, `tampered:0`, `agent`, `agentSpare`, `agentUser`, `agentPassword`.
 */
export type PlaceholderValues = ReadonlyMap<string, string>;

const PLACEHOLDER = /\{\{(\w+(?::\d+)?)\}\}/g;

/** `text` with its placeholders filled in; one nobody filled becomes `missing-<name>`, which no route accepts. */
export function fillPlaceholders(text: string, values: PlaceholderValues, escape: (value: string) => string = (v) => v): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => escape(values.get(name) ?? `missing-${name.replace(':', '-')}`));
}

const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);

/** The bytes to write for a request: request line, headers, Content-Length as asked, body. */
export function encodeRequest(request: FuzzRequest, values: PlaceholderValues): Buffer {
  const encoding = request.encoding;
  if (request.raw !== undefined) return Buffer.from(fillPlaceholders(request.raw, values), 'latin1');
  // Placeholders sit inside JSON strings in bodies; a password with a quote must stay JSON.
  const body = Buffer.from(request.body.map((part) => (typeof part === 'string' ? fillPlaceholders(part, values, jsonEscape) : part.repeat.repeat(part.times))).join(''), encoding);
  const headers = request.headers.map(([name, value]) => `${name}: ${fillPlaceholders(value, values)}\r\n`);
  if (request.contentLength === 'auto') headers.push(`Content-Length: ${body.length}\r\n`);
  else if (request.contentLength !== 'none') headers.push(`Content-Length: ${request.contentLength.value}\r\n`);
  const head = `${request.method} ${fillPlaceholders(request.target, values)} ${request.version}\r\n${headers.join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, encoding), body]);
}
