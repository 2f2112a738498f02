/**
 * WebSocket upgrade requests, to the Direct Line stream (src/channels/directline), the agent
 * stream (src/server/createAgentStream.ts) and paths neither claims (src/app/createHttpServer.ts
 * destroys those sockets). Written as raw bytes, so malformed request lines reach the server.
 */
import type { Random } from './createRandom.js';
import { PLACEHOLDERS, SESSIONS, type DraftRequest } from './FuzzRequest.js';
import { badToken, oddQuery } from './fuzzValues.js';
import type { RouteBuilder } from './httpRouteBuilders.js';

const STREAM = (conversation: string) => `/v3/directline/conversations/${conversation}/stream`;

export interface UpgradeOptions {
  readonly kind?: string;
  readonly method?: string;
  readonly version?: string;
  /** Replace the usual upgrade headers (Connection, Upgrade, Sec-WebSocket-*). */
  readonly handshake?: readonly (readonly [string, string])[];
  readonly headers?: readonly (readonly [string, string])[];
  readonly encoding?: 'utf8' | 'latin1';
}

/** A WebSocket handshake for `target`; the key comes from `random`, so the plan stays seeded. */
export function draftUpgrade(random: Random, target: string, { kind = 'valid', method = 'GET', version = 'HTTP/1.1', handshake, headers = [], encoding = 'utf8' }: UpgradeOptions = {}): DraftRequest {
  const standard: (readonly [string, string])[] = [
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', random.bytes(16).toString('base64')],
  ];
  return {
    kind,
    method,
    target,
    version,
    headers: [['Host', PLACEHOLDERS.host], ...(handshake ?? standard), ...headers],
    body: [],
    contentLength: 'none',
    encoding,
    halfClose: false,
    upgrade: true,
    mayDrop: true,
  };
}

/** Handshakes that are wrong in themselves, whatever the path: the server must refuse them cleanly. */
function oddHandshake(random: Random): { kind: string; handshake: (readonly [string, string])[] } {
  const key: [string, string] = ['Sec-WebSocket-Key', random.bytes(16).toString('base64')];
  return random.pick([
    { kind: 'handshake:no-key', handshake: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13']] },
    { kind: 'handshake:bad-key', handshake: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Key', random.pick(['x', '', '会话', 'A'.repeat(5000)])]] },
    { kind: 'handshake:version-8', handshake: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', random.pick(['8', 'abc', '13, 13'])], key] },
    { kind: 'handshake:h2c', handshake: [['Connection', 'Upgrade, HTTP2-Settings'], ['Upgrade', 'h2c'], ['HTTP2-Settings', 'AAMAAABkAAQAAP__'], key] },
    { kind: 'handshake:odd-upgrade', handshake: [['Connection', 'upgrade'], ['Upgrade', random.pick(['WebSocket', 'websocket, foo', 'foo', ''])], ['Sec-WebSocket-Version', '13'], key] },
    { kind: 'handshake:duplicated', handshake: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], key, key] },
    { kind: 'handshake:extensions', handshake: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], key, ['Sec-WebSocket-Extensions', random.pick(['permessage-deflate; client_max_window_bits=99', 'x; ;;', 'permessage-deflate; server_no_context_takeover=1'])]] },
    { kind: 'handshake:protocols', handshake: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], key, ['Sec-WebSocket-Protocol', random.pick([',,,', 'a b', 'x'.repeat(3000)])]] },
    { kind: 'handshake:huge-header', handshake: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], key, ['X-Fuzz', 'h'.repeat(20_000)]] },
  ]);
}

/** Conversation ids in a stream path that are not ids: odd encodings above all, which decode badly. */
const oddConversationIds = ['%ZZ', '%C0%AF', '%', '%E5%88', '%ED%A0%80', '%00', '..', '%2F', 'a%2Fb', 'x'.repeat(3000), '会话', '%25ZZ'];

export const upgradeBuilders: Record<'upgrade.directline' | 'upgrade.agent' | 'upgrade.other', RouteBuilder> = {
  'upgrade.directline': {
    routes: 'Upgrade GET /v3/directline/conversations/:id/stream?t=&watermark=',
    build: (r) => {
      const s = r.int(SESSIONS);
      const conversation = PLACEHOLDERS.conversation(s);
      const token = PLACEHOLDERS.token(s);
      return r.pick([
        () => draftUpgrade(r, `${STREAM(conversation)}?t=${token}`),
        () => draftUpgrade(r, `${STREAM(conversation)}?watermark=${r.between(0, 30)}&t=${token}`, { kind: 'valid:watermark' }),
        () => draftUpgrade(r, STREAM(conversation), { kind: 'valid:authorization-header', headers: [['Authorization', `Bearer ${token}`]] }),
        () => draftUpgrade(r, `${STREAM(r.pick(oddConversationIds))}?t=${token}`, { kind: 'path:odd-conversation-id' }),
        () => draftUpgrade(r, `${STREAM('\u00c0\u00af')}?t=${token}`, { kind: 'path:raw-invalid-utf8', encoding: 'latin1' }),
        () => draftUpgrade(r, `${STREAM(PLACEHOLDERS.conversation((s + 1) % SESSIONS))}?t=${token}`, { kind: 'token:other-conversation' }),
        () => {
          const bad = badToken(r);
          return draftUpgrade(r, `${STREAM(conversation)}?t=${encodeURIComponent(bad.token)}`, { kind: `token:${bad.kind}` });
        },
        () => draftUpgrade(r, STREAM(conversation), { kind: 'token:missing' }),
        () => draftUpgrade(r, `${STREAM(conversation)}?t=`, { kind: 'token:empty' }),
        () => draftUpgrade(r, `${STREAM(conversation)}?t=${token}&t=x`, { kind: 'token:repeated' }),
        () => draftUpgrade(r, `${STREAM(conversation)}?t=${token}&watermark=${r.pick(['-1', 'abc', '1e99', '%ZZ'])}`, { kind: 'watermark:odd' }),
        () => draftUpgrade(r, `${STREAM(conversation)}?t=${token}&${oddQuery(r)}`, { kind: 'query:odd' }),
        () => draftUpgrade(r, r.pick([`/${STREAM(conversation)}?t=${token}`, `${STREAM(conversation)}/?t=${token}`, `http://localhost${STREAM(conversation)}?t=${token}`, `${STREAM(conversation).toUpperCase()}?t=${token}`, `${STREAM(conversation)}#x?t=${token}`]), { kind: 'path:odd-form' }),
        () => {
          const odd = oddHandshake(r);
          return draftUpgrade(r, `${STREAM(conversation)}?t=${token}`, { kind: odd.kind, handshake: odd.handshake });
        },
        () => draftUpgrade(r, `${STREAM(conversation)}?t=${token}`, { kind: 'method:post', method: 'POST' }),
        () => draftUpgrade(r, `${STREAM(conversation)}?t=${token}`, { kind: 'http/1.0', version: 'HTTP/1.0' }),
      ])();
    },
  },
  'upgrade.agent': {
    routes: 'Upgrade GET /api/agent/stream',
    build: (r) => {
      const bearer: [string, string] = ['Authorization', `Bearer ${PLACEHOLDERS.agentToken}`];
      const cookie: [string, string] = ['Cookie', `kefu_agent=${PLACEHOLDERS.agentToken}`];
      return r.pick([
        () => draftUpgrade(r, '/api/agent/stream', { headers: [bearer] }),
        () => draftUpgrade(r, '/api/agent/stream', { kind: 'valid:cookie-same-origin', headers: [cookie, ['Origin', `http://${PLACEHOLDERS.host}`]] }),
        () => draftUpgrade(r, '/api/agent/stream', { kind: 'cookie:no-origin', headers: [cookie] }),
        () => draftUpgrade(r, '/api/agent/stream', { kind: 'cookie:other-origin', headers: [cookie, ['Origin', r.pick(['http://evil.example', 'null', '%ZZ', 'http://[::1'])]] }),
        () => draftUpgrade(r, '/api/agent/stream', { kind: 'auth:missing' }),
        () => {
          const bad = badToken(r);
          return draftUpgrade(r, '/api/agent/stream', { kind: `token:${bad.kind}`, headers: [['Authorization', `Bearer ${bad.token}`]] });
        },
        () => draftUpgrade(r, '/api/agent/stream', { kind: 'token:directline', headers: [['Authorization', `Bearer ${PLACEHOLDERS.token(0)}`]] }),
        () => draftUpgrade(r, '/api/agent/stream', { kind: 'cookie:odd', headers: [['Cookie', r.pick(['kefu_agent=%ZZ', 'kefu_agent=', `kefu_agent=${'x'.repeat(6000)}`])], ['Origin', `http://${PLACEHOLDERS.host}`]] }),
        () => draftUpgrade(r, r.pick(['/api/agent/stream?x=%ZZ', '/api/agent/stream/', '//api/agent/stream', '/api/agent//stream', '/API/AGENT/STREAM', '/api/agent/stream#x', '/api/agent/%73tream']), { kind: 'path:odd-form', headers: [bearer] }),
        () => {
          const odd = oddHandshake(r);
          return draftUpgrade(r, '/api/agent/stream', { kind: odd.kind, handshake: odd.handshake, headers: [bearer] });
        },
      ])();
    },
  },
  'upgrade.other': {
    routes: 'Upgrade on any other path (the socket is destroyed)',
    build: (r) => {
      const target = r.pick(['//', '//[::1', '%C0%AF', '/%C0%AF', '%ZZ', '/%ZZ', '/', '/healthz', '*', 'http://[::1', 'http://x:99999/', '//[::1]:80/', '//user:pass@host/', '/v3/directline/conversations//stream', '/v3/directline/conversations/%2F/stream', '/v3/directline/conversations/x/stream/extra', '\\\\', '/流', '/?%ZZ', '/'.repeat(3000), `/${'a'.repeat(12_000)}`]);
      return draftUpgrade(r, target, { kind: `path:${target.length > 40 ? `long-${target[1] ?? ''}` : target}` });
    },
  },
};
