/**
 * Wrongness any HTTP route may meet, applied on top of a route's own request: other methods,
 * odd or huge or repeated headers, bodies that are not JSON or not the length they claim, bodies
 * over a megabyte. Each mutation names itself in the request's kind.
 */
import type { Random } from './createRandom.js';
import type { BodyPart, DraftRequest } from './FuzzRequest.js';
import { TEST_CARDS } from './testCards.js';

type Mutation = (request: DraftRequest, random: Random) => DraftRequest;

const named = (request: DraftRequest, name: string, change: Partial<DraftRequest>): DraftRequest => ({ ...request, ...change, kind: `${request.kind}+${name}` });
const withoutHeader = (request: DraftRequest, header: string) => request.headers.filter(([name]) => name.toLowerCase() !== header);
const setHeader = (request: DraftRequest, header: string, value: string): (readonly [string, string])[] => [...withoutHeader(request, header.toLowerCase()), [header, value]];
const bodyText = (body: readonly BodyPart[]) => body.map((p) => (typeof p === 'string' ? p : p.repeat.repeat(Math.min(p.times, 10)))).join('');
/** Text written one byte per character: UTF-8 becomes its bytes, so odd bytes can be added. */
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const mutations: Record<string, Mutation> = {
  method: (r, random) => named(r, `method:${random.pick(['PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND', 'M-SEARCH', 'get', 'FOO', 'OPTIONS', 'HEAD', 'CONNECT'])}`, {}),
  methodGarbage: (r, random) => named(r, 'method:garbage', { method: random.pick(['G\u0000ET', 'GE T', 'ГET', '', 'POST'.repeat(2000)]), mayDrop: true }),
  contentType: (r, random) =>
    named(r, 'content-type:odd', {
      headers: setHeader(r, 'Content-Type', random.pick(['text/plain', 'application/json; charset=utf-16', 'application/json; charset=bogus', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json, text/html', 'application/merge-patch+json', '*/*', '', 'application/json'.repeat(500)])),
    }),
  noContentType: (r) => named(r, 'content-type:missing', { headers: withoutHeader(r, 'content-type') }),
  brokenJson: (r, random) =>
    named(r, 'json:broken', {
      contentLength: 'auto',
      headers: setHeader(r, 'Content-Type', 'application/json'),
      body: [random.pick(['{', '{"type":"message",}', "{'type':'message'}", '{"type":NaN}', '\ufeff{"type":"message"}', '{"type":"message"}garbage', '{"a":1,"a":2}', '"\\ud800"', '{"text":"\\u0000"}', '1e99999', '[' + '1,'.repeat(5000) + '1]'])],
    }),
  invalidUtf8Body: (r) =>
    named(r, 'json:invalid-utf8', {
      contentLength: 'auto',
      encoding: 'latin1',
      target: asLatin1(r.target),
      headers: setHeader(r, 'Content-Type', 'application/json').map(([n, v]) => [n, asLatin1(v)] as const),
      body: ['{"type":"message","text":"\u00c0\u00af\u00ff\u00fe"}'],
    }),
  contentLengthShort: (r) => named(r, 'content-length:short', { contentLength: { value: '1' }, mayDrop: true }),
  contentLengthLong: (r) => named(r, 'content-length:long', { contentLength: { value: String(bodyText(r.body).length + 1000) }, halfClose: true, mayDrop: true }),
  // ' 5' is a valid 5: a server may wait for bytes never sent, so our side is ended after writing.
  contentLengthOdd: (r, random) => named(r, 'content-length:odd', { contentLength: { value: random.pick(['-1', 'abc', '+5', '1e3', '99999999999999999999', ' 5', '0x10']) }, halfClose: true, mayDrop: true }),
  contentLengthTwice: (r) => named(r, 'content-length:duplicated', { headers: [...r.headers, ['Content-Length', '0']], mayDrop: true }),
  chunked: (r) => {
    const text = bodyText(r.body);
    const size = Buffer.byteLength(text).toString(16);
    return named(r, 'chunked', { contentLength: 'none', headers: [...r.headers, ['Transfer-Encoding', 'chunked']], body: [`${size}\r\n`, ...r.body, '\r\n0\r\n\r\n'] });
  },
  chunkedBroken: (r, random) =>
    named(r, 'chunked:broken', {
      contentLength: random.chance(0.5) ? 'auto' : 'none',
      headers: [...r.headers, ['Transfer-Encoding', random.pick(['chunked', 'chunked, chunked', 'xchunked', 'gzip, chunked', ' chunked'])]],
      body: [random.pick(['zz\r\nabc\r\n0\r\n\r\n', 'FFFFFFFFFFFFFFFF\r\nx\r\n', '5;ext="\r\nhello\r\n0\r\n\r\n', '3\r\nabcdef\r\n0\r\n\r\n'])],
      halfClose: true,
      mayDrop: true,
    }),
  contentEncoding: (r, random) => named(r, 'content-encoding:odd', { headers: [...r.headers, ['Content-Encoding', random.pick(['gzip', 'deflate', 'br', 'identity, gzip', 'x-evil'])]] }),
  hugeHeader: (r, random) => named(r, 'header:huge', { headers: [...r.headers, ['X-Fuzz', 'h'.repeat(random.pick([8000, 17_000, 70_000]))]], mayDrop: true }),
  manyHeaders: (r, random) => named(r, 'header:many', { headers: [...r.headers, ...Array.from({ length: random.pick([100, 600, 2500]) }, (_, i) => [`X-F${i}`, 'v'] as const)], mayDrop: true }),
  duplicatedHeaders: (r, random) => {
    const [name, value] = random.pick(r.headers);
    return named(r, `header:duplicated-${name.toLowerCase()}`, { headers: [...r.headers, [name, random.chance(0.5) ? value : 'other']] });
  },
  noHost: (r) => named(r, 'host:missing', { headers: withoutHeader(r, 'host') }),
  oddHost: (r, random) => named(r, 'host:odd', { headers: setHeader(r, 'Host', random.pick(['[::1', '%ZZ', '', 'a b', '主机', 'localhost:99999', 'evil.example', '127.0.0.1:1@evil'])) }),
  oddHeaderValue: (r, random) =>
    named(r, 'header:odd-value', {
      headers: [...r.headers, [random.pick(['Origin', 'X-Forwarded-For', 'X-Forwarded-Proto', 'Accept', 'Accept-Language', 'Cookie', 'User-Agent', 'Referer']), random.pick(['%ZZ', '会话', '\u00ff', 'a'.repeat(4000), `card ${random.pick(TEST_CARDS)}`, '1.2.3.4, ::1, unknown, [::1]', 'null', ' '])]],
    }),
  expect: (r, random) => named(r, 'expect', { headers: [...r.headers, ['Expect', random.pick(['100-continue', 'bogus'])]] }),
  oversizedBody: (r, random) =>
    named(r, 'body:over-1mb', {
      contentLength: 'auto',
      headers: setHeader(r, 'Content-Type', 'application/json'),
      body: ['{"type":"message","text":"', { repeat: random.pick(['a', '刷']), times: random.pick([1_100_000, 1_500_000]) }, '"}'],
      mayDrop: true,
    }),
  http10: (r) => named(r, 'http/1.0', { version: 'HTTP/1.0' }),
  keepAlive: (r) => named(r, 'keep-alive', { headers: setHeader(r, 'Connection', 'keep-alive') }),
  trailingSlash: (r) => named(r, 'path:trailing-slash', { target: r.target.includes('?') ? r.target.replace('?', '/?') : `${r.target}/` }),
  doubleSlash: (r) => named(r, 'path:double-slash', { target: `/${r.target}` }),
  upperCase: (r) => named(r, 'path:upper-case', { target: r.target.replace(/^[^?]*/, (p) => p.toUpperCase()) }),
  oddQuery: (r, random) => named(r, 'path:extra-query', { target: `${r.target}${r.target.includes('?') ? '&' : '?'}${random.pick(['%ZZ', '__proto__=1', 'a=%C0%AF', 'x'.repeat(6000)])}` }),
};

const names = Object.keys(mutations);

/** `request` with one generic mutation applied, chosen by `random`. */
export function mutateRequest(request: DraftRequest, random: Random): DraftRequest {
  return mutations[random.pick(names)]!(request, random);
}
