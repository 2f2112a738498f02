/**
 * Requests no route expects: odd paths on ordinary methods (`unknown`), and bytes that are
 * barely HTTP or not at all (`raw`): bad versions, bare line feeds, NULs, smuggling shapes,
 * TLS and HTTP/2 prefaces, noise. The server may answer 400 or just close; it must not fall over.
 */
import { draftRequest } from './draftRequest.js';
import { PLACEHOLDERS, type DraftRequest } from './FuzzRequest.js';
import type { RouteBuilder } from './httpRouteBuilders.js';
import { TEST_CARDS } from './testCards.js';

const oddPaths = [
  '//',
  '//[::1',
  '%ZZ',
  '/%ZZ',
  '/%C0%AF',
  '%C0%AF',
  '/..',
  '/../../etc/passwd',
  '/api/kb/search/../status',
  '/api//kb/status',
  '/API/KB/STATUS',
  '/搜索',
  '/a%00b',
  '/?',
  '/#frag',
  '/\t/',
  '/\u007f',
  'http://evil.example/healthz',
  '//evil.example/healthz',
  '/%2e%2e%2f',
  '/;x=y',
  '/v3/directline/',
  '/v3/directline/conversations/',
  '/api/agent/',
  `/${TEST_CARDS[0]}`,
];

export const oddRequestBuilders: Record<'unknown' | 'raw', RouteBuilder> = {
  unknown: {
    routes: 'paths no route claims (404)',
    build: (r) => {
      if (r.chance(0.15)) {
        const length = r.pick([2000, 8000, 15_000, 20_000]);
        return { ...draftRequest('GET', `/${'p'.repeat(length)}`, { kind: `path:long-${length}` }), mayDrop: length > 15_000 };
      }
      if (r.chance(0.1)) return { ...draftRequest('GET', '/\u00c0\u00af/\u00ff', { kind: 'path:raw-invalid-utf8' }), encoding: 'latin1' };
      const path = r.pick(oddPaths);
      const method = r.pick(['GET', 'GET', 'POST', 'OPTIONS', 'DELETE']);
      return { ...draftRequest(method, path, { kind: `path:${path.length > 30 ? path.slice(0, 30) : path}` }), mayDrop: /[\t\u007f]/.test(path) };
    },
  },
  raw: {
    routes: 'malformed HTTP: request lines, versions, framing',
    build: (r): DraftRequest => {
      const request = draftRequest('GET', '/healthz');
      const raw = (kind: string, text: string, halfClose = false): DraftRequest => ({ ...request, kind, raw: text, halfClose, mayDrop: true });
      const host = PLACEHOLDERS.host;
      return r.pick([
        () => raw('version:9.9', `GET /healthz HTTP/9.9\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('version:missing', 'GET /healthz\r\n\r\n'),
        () => raw('version:garbage', `GET /healthz HTTP/1.1x\r\nHost: ${host}\r\n\r\n`),
        () => raw('line-feeds-only', `GET /healthz HTTP/1.1\nHost: ${host}\nConnection: close\n\n`),
        () => raw('nul-in-line', `GET /heal\u0000thz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('raw-utf8-line', `${Buffer.from(`GET /api/kb/search?q=刷卡密码错误&x=${'流'.repeat(r.between(1, 3000))} HTTP/1.1`).toString('latin1')}\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('invalid-utf8-line', `GET /api/kb/search?q=\u00c0\u00af\u00ff HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('huge-request-line', `GET /${'x'.repeat(r.pick([16_000, 17_000, 40_000]))} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('no-line-end', `GET /${'y'.repeat(r.pick([100, 20_000]))}`, true),
        () => raw('unfinished-headers', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n`, true),
        () => raw('noise', r.bytes(r.between(1, 3000)).toString('latin1')),
        () => raw('tls-hello', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003' + r.bytes(64).toString('latin1')),
        () => raw('http2-preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000'),
        () => raw('smuggle:cl-te', `POST /api/kb/search HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        () => raw('smuggle:te-obfuscated', `POST /api/messages HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding : chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n0\r\n\r\n`),
        () => raw('header:no-colon', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nNoColonHere\r\nConnection: close\r\n\r\n`),
        () => raw('header:obs-fold', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-A: a\r\n  folded\r\nConnection: close\r\n\r\n`),
        () => raw('header:space-in-name', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nBad Name: v\r\nConnection: close\r\n\r\n`),
        () => raw('header:raw-utf8', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Name: ${Buffer.from('客服').toString('latin1')}\r\nConnection: close\r\n\r\n`),
        () => raw('pipelined', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\nGET /api/kb/status HTTP/1.1\r\nHost: ${host}\r\n\r\nGARBAGE\r\n\r\n`),
        () => raw('pipelined-many', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`.repeat(r.pick([20, 200])) + `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('absolute-form', `GET http://${host}/healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('connect', `CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        () => raw('asterisk', `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        () => raw('empty-lines-first', `\r\n\r\nGET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
      ])();
    },
  },
};
