/**
 * How to build a request for each HTTP route group: mostly well-formed (a real widget token, the
 * session's own conversation), otherwise wrong in a way that route in particular might mishandle.
 * Wrongness any route could meet (methods, headers, bodies) is added later by `mutateRequest`.
 * Routes as read from src/server/createApp.ts, src/server/routes/*.ts and
 * src/channels/directline/createDirectLineChannel.ts.
 */
import type { Random } from './createRandom.js';
import { draftJson, draftRequest, withAuthorization } from './draftRequest.js';
import { PLACEHOLDERS, SESSIONS, type DraftRequest, type RouteGroup } from './FuzzRequest.js';
import { authorizationFor, badToken, nestingLevel, oddQuery, oddSegment, oddText, wrongType } from './fuzzValues.js';
import { TEST_CARDS, cardSpellings } from './testCards.js';

export interface RouteBuilder {
  /** The routes of the group, for the report. */
  readonly routes: string;
  build(random: Random, index: number): DraftRequest;
}

const DL = '/v3/directline';
// Lone surrogates become U+FFFD first: encodeURIComponent throws on them.
const q = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
const card = (random: Random) => random.pick(cardSpellings(random.pick(TEST_CARDS)));

function watermark(random: Random): { kind: string; query: string } {
  return random.pick([
    { kind: 'valid', query: '' },
    { kind: 'valid', query: `?watermark=${random.between(0, 40)}` },
    { kind: 'watermark:negative', query: '?watermark=-1' },
    { kind: 'watermark:text', query: '?watermark=abc' },
    { kind: 'watermark:huge', query: '?watermark=99999999999999999999999' },
    { kind: 'watermark:repeated', query: '?watermark=1&watermark=2' },
    { kind: 'watermark:float', query: '?watermark=1.5' },
    { kind: 'watermark:bad-percent', query: '?watermark=%ZZ' },
  ]);
}

/** The conversation in a Direct Line path and the credentials sent with it. */
function conversationRequest(random: Random): { kind: string; id: string; authorization?: string } {
  const session = random.int(SESSIONS);
  if (random.chance(0.25)) {
    const odd = oddSegment(random);
    return { kind: odd.kind, id: odd.segment, authorization: `Bearer ${PLACEHOLDERS.token(session)}` };
  }
  const auth = authorizationFor(random, session);
  return { kind: auth.kind, id: PLACEHOLDERS.conversation(session), ...(auth.header ? { authorization: auth.header } : {}) };
}

/** An activity as Web Chat sends it, or one with fields of the wrong type, shape or size. */
function activityBody(random: Random, session: number, index: number): { kind: string; parts: string[] } {
  const base = { type: 'message', from: { id: PLACEHOLDERS.user(session), role: 'user' }, locale: 'zh-CN', text: oddText(random), fuzzRequest: index };
  const json = (kind: string, value: unknown) => ({ kind, parts: [JSON.stringify(value) ?? 'null'] });
  return random.pick([
    () => json('valid', base),
    () => json('valid', base),
    () => json('valid:card-text', { ...base, text: `卡号 ${card(random)}，刷卡失败` }),
    () => json('valid:typing', { ...base, type: 'typing', text: undefined }),
    () => json('valid:event', { ...base, type: 'event', name: random.pick(['webchat/join', 'rating', '']), value: random.pick([1, 'x', { rating: 5 }]) }),
    () => json(`text:${wrongType(random).kind}`, { ...base, text: wrongType(random).value }),
    () => json('locale:number', { ...base, locale: random.pick([1, -1, 1e21]) }),
    () => json('locale:odd', { ...base, locale: random.pick(['', 'xx-ZZ', 'zh-CN'.repeat(500), '../../etc', { toLowerCase: 1 }]) }),
    () => json('type:odd', { ...base, type: random.pick(['conversationUpdate', 'endOfConversation', 'invoke', 'messageReaction', 'installationUpdate', 'handoff', 'MESSAGE', '']) }),
    () => json('type:wrong-type', { ...base, type: wrongType(random).value }),
    () => json('suggestedActions:malformed', { ...base, suggestedActions: random.pick(['x', { actions: 'x' }, { actions: [null, 1, { type: 5, value: {} }] }, { to: 5, actions: [{}] }]) }),
    () => json('attachments:malformed', { ...base, attachments: random.pick(['x', [null], [{ contentType: 5, content: card(random) }], [{ contentUrl: 'file:///etc/passwd' }]]) }),
    () => json('entities:malformed', { ...base, entities: random.pick(['x', [null], [{ type: 'mention', mentioned: null }]]) }),
    () => json('channelData:card', { ...base, channelData: { clientActivityID: 'a', note: card(random) } }),
    () => json('value:card', { ...base, value: { cardNumber: card(random) } }),
    () => json('from.name:card', { ...base, from: { id: PLACEHOLDERS.user(session), name: card(random) } }),
    () => json('attachments:card', { ...base, attachments: [{ contentType: 'text/plain', content: card(random) }] }),
    () => json('from:spoofed', { ...base, from: { id: 'kefu', role: 'bot', name: '客服' } }),
    () => json('conversation:other', { ...base, conversation: { id: PLACEHOLDERS.conversation((session + 1) % SESSIONS) } }),
    () => json('id:given', { ...base, id: random.pick(['x', `${PLACEHOLDERS.conversation(session)}|0000001`, '']) }),
    () => json('replyToId:odd', { ...base, replyToId: random.pick(['x'.repeat(5000), { a: 1 }]) }),
    () => json('proto-keys', JSON.parse(`{"type":"message","text":"hi","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}`)),
    () => ({ kind: 'value:nested-30000-arrays', parts: [`{"type":"message","text":"深","fuzzRequest":${index},"value":`, '['.repeat(30_000), ']'.repeat(30_000), '}'] }),
    () => {
      const { open, close } = nestingLevel('object');
      return { kind: 'value:nested-30000-objects', parts: [`{"type":"message","value":`, open.repeat(30_000), '1', close.repeat(30_000), '}'] };
    },
    () => ({ kind: 'value:nested-5000-arrays', parts: [`{"type":"event","name":"x","value":`, '['.repeat(5000), ']'.repeat(5000), '}'] }),
    () => json('body:empty-object', {}),
    () => json('body:array', []),
    () => json('body:null', null),
    () => json('body:string', 'message'),
    () => json('body:number', 1),
    () => json('text:60kb', { ...base, text: '长'.repeat(20_000) }),
  ])();
}

/** An activity for /api/messages; valid ones ask for replies in the response, so none leaves the server. */
function botFrameworkBody(random: Random, index: number): { kind: string; value: unknown } {
  const valid = {
    type: 'message',
    id: `fz-${index}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: `fuzz-user-${random.int(5)}`, name: 'fuzz' },
    recipient: { id: 'kefu', name: 'kefu' },
    conversation: { id: `fuzz-conversation-${random.int(5)}` },
    text: oddText(random),
    locale: 'zh-CN',
  };
  return random.pick([
    () => ({ kind: 'valid', value: valid }),
    () => ({ kind: 'valid:card-text', value: { ...valid, text: `我的卡号 ${card(random)}` } }),
    () => ({ kind: 'body:empty-object', value: {} }),
    () => ({ kind: 'body:array', value: [] }),
    () => ({ kind: 'body:null', value: null }),
    () => ({ kind: `text:${wrongType(random).kind}`, value: { ...valid, text: wrongType(random).value } }),
    () => ({ kind: 'locale:number', value: { ...valid, locale: 7 } }),
    () => ({ kind: 'conversation:missing', value: { ...valid, conversation: undefined } }),
    () => ({ kind: 'from:wrong-type', value: { ...valid, from: 'x' } }),
    () => ({ kind: 'type:odd', value: { ...valid, type: random.pick(['invoke', 'conversationUpdate', 'endOfConversation', 'typing', 5]) } }),
    () => ({ kind: 'serviceUrl:odd', value: { ...valid, serviceUrl: random.pick(['', 'file:///etc/passwd', 'http://[::1', 5]) } }),
    () => ({ kind: 'deliveryMode:odd', value: { ...valid, deliveryMode: random.pick(['stream', 5, null]) } }),
    () => ({ kind: 'value:card', value: { ...valid, value: { card: card(random) } } }),
  ])();
}

export const httpRouteBuilders: Record<Exclude<RouteGroup, 'raw' | 'unknown' | `upgrade.${string}`>, RouteBuilder> = {
  health: {
    routes: 'GET /healthz',
    build: (r) =>
      r.pick([
        () => draftRequest('GET', '/healthz'),
        () => draftRequest('HEAD', '/healthz', { kind: 'head' }),
        () => draftRequest('GET', `/healthz?${oddQuery(r)}`, { kind: 'query' }),
      ])(),
  },
  'kb.search': {
    routes: 'GET /api/kb/search?q=&limit=',
    build: (r) =>
      r.pick([
        () => draftRequest('GET', `/api/kb/search?q=${q(r.pick(['刷卡密码错误', '怎么开通', '退款', 'pos']))}`),
        () => draftRequest('GET', `/api/kb/search?q=${q(oddText(r)) || 'x'}&limit=${r.between(1, 50)}`, { kind: 'valid:odd-text' }),
        () => draftRequest('GET', `/api/kb/search?q=${q(card(r))}`, { kind: 'query:card' }),
        () => draftRequest('GET', '/api/kb/search?q=刷卡密码错误', { kind: 'query:raw-utf8' }),
        () => draftRequest('GET', '/api/kb/search', { kind: 'query:missing' }),
        () => draftRequest('GET', '/api/kb/search?q=', { kind: 'query:empty' }),
        () => draftRequest('GET', '/api/kb/search?q=a&q=b', { kind: 'query:repeated' }),
        () => draftRequest('GET', `/api/kb/search?q=x&limit=${r.pick(['0', '51', 'abc', '1e2', '-1', '5.5', '99999999999999999999', 'Infinity', '0x10'])}`, { kind: 'limit:odd' }),
        () => draftRequest('GET', `/api/kb/search?q=${'刷'.repeat(r.pick([500, 2000]))}`, { kind: 'query:long' }),
        () => draftRequest('GET', `/api/kb/search?q=${r.pick(['%ZZ', '%C0%AF', '%E5%88', '%00'])}`, { kind: 'query:bad-percent' }),
        () => draftRequest('GET', `/api/kb/search?${oddQuery(r)}`, { kind: 'query:odd' }),
      ])(),
  },
  'kb.articles': {
    routes: 'GET /api/kb/articles/:id',
    build: (r) => {
      if (r.chance(0.3)) return draftRequest('GET', `/api/kb/articles/${r.pick(['pin-wrong', 'activation-how', 'apply-pos'])}`);
      const odd = oddSegment(r);
      return draftRequest('GET', `/api/kb/articles/${odd.segment}`, { kind: odd.kind });
    },
  },
  'kb.status': {
    routes: 'GET /api/kb/status',
    build: (r) => (r.chance(0.6) ? draftRequest('GET', '/api/kb/status') : draftRequest('GET', `/api/kb/status?${oddQuery(r)}`, { kind: 'query:odd' })),
  },
  'webchat.token': {
    routes: 'POST /api/webchat/token (+ CORS preflight)',
    build: (r) =>
      r.pick([
        () => draftRequest('POST', '/api/webchat/token'),
        () => draftRequest('POST', '/api/webchat/token', { kind: 'origin:odd', headers: [['Origin', r.pick(['null', 'http://evil.example', 'http://[::1', '%ZZ', 'x'.repeat(3000)])]] }),
        () => draftRequest('OPTIONS', '/api/webchat/token', { kind: 'preflight', headers: [['Origin', 'http://shop.example'], ['Access-Control-Request-Method', 'POST'], ['Access-Control-Request-Headers', r.pick(['content-type', 'x-evil', ' , ,'])]] }),
        () => draftJson('POST', '/api/webchat/token', r.pick([{ user: { id: 'admin' } }, { conversationId: 'x' }, [], 'x']), { kind: 'body:ignored' }),
        () => draftRequest('GET', '/api/webchat/token', { kind: 'method:get' }),
      ])(),
  },
  'dl.tokens': {
    routes: 'POST /v3/directline/tokens/generate, /tokens/refresh',
    build: (r) => {
      const session = r.int(SESSIONS);
      const auth = authorizationFor(r, session, 0.5);
      const path = r.pick(['generate', 'refresh']);
      const body = r.pick([undefined, { user: { id: r.pick(['admin', 'kefu', card(r), '']) } }, { user: 'x' }, [1]]);
      return body === undefined
        ? draftRequest('POST', `${DL}/tokens/${path}`, { kind: `${path}:${auth.kind}`, headers: withAuthorization(auth.header) })
        : draftJson('POST', `${DL}/tokens/${path}`, body, { kind: `${path}:${auth.kind}/body`, headers: withAuthorization(auth.header) });
    },
  },
  'dl.conversations': {
    routes: 'POST /v3/directline/conversations',
    build: (r) => {
      const auth = authorizationFor(r, r.int(SESSIONS));
      if (r.chance(0.3)) {
        const body = wrongType(r);
        return draftJson('POST', `${DL}/conversations`, body.value, { kind: `${auth.kind}/body:${body.kind}`, headers: withAuthorization(auth.header) });
      }
      return draftRequest('POST', `${DL}/conversations`, { kind: auth.kind, headers: withAuthorization(auth.header) });
    },
  },
  'dl.conversation': {
    routes: 'GET /v3/directline/conversations/:id',
    build: (r) => {
      const c = conversationRequest(r);
      const w = watermark(r);
      return draftRequest('GET', `${DL}/conversations/${c.id}${w.query}`, { kind: `${c.kind}/${w.kind}`, headers: withAuthorization(c.authorization) });
    },
  },
  'dl.activities.get': {
    routes: 'GET /v3/directline/conversations/:id/activities',
    build: (r) => {
      const c = conversationRequest(r);
      const w = watermark(r);
      return draftRequest('GET', `${DL}/conversations/${c.id}/activities${w.query}`, { kind: `${c.kind}/${w.kind}`, headers: withAuthorization(c.authorization) });
    },
  },
  'dl.activities.post': {
    routes: 'POST /v3/directline/conversations/:id/activities',
    build: (r, index) => {
      const session = r.int(SESSIONS);
      const c = r.chance(0.8) ? { kind: 'valid', id: PLACEHOLDERS.conversation(session), authorization: `Bearer ${PLACEHOLDERS.token(session)}` } : conversationRequest(r);
      const body = activityBody(r, session, index);
      return draftRequest('POST', `${DL}/conversations/${c.id}/activities`, {
        kind: c.kind === 'valid' ? body.kind : `${c.kind}/${body.kind}`,
        headers: withAuthorization(c.authorization, [['Content-Type', 'application/json']]),
        body: body.parts,
      });
    },
  },
  'dl.upload': {
    routes: 'POST /v3/directline/conversations/:id/upload',
    build: (r) => {
      const c = conversationRequest(r);
      const multipart = r.chance(0.5);
      return draftRequest('POST', `${DL}/conversations/${c.id}/upload${r.chance(0.3) ? '?userId=x' : ''}`, {
        kind: `${c.kind}/${multipart ? 'multipart' : 'octets'}`,
        headers: withAuthorization(c.authorization, [['Content-Type', multipart ? 'multipart/form-data; boundary=zz' : 'application/octet-stream']]),
        body: multipart ? ['--zz\r\nContent-Disposition: form-data; name="file"; filename="../../x.txt"\r\n\r\n', card(r), '\r\n--zz--\r\n'] : [r.bytes(64).toString('latin1')],
      });
    },
  },
  botframework: {
    routes: 'POST /api/messages',
    build: (r, index) => {
      const body = botFrameworkBody(r, index);
      const auth = r.pick([undefined, undefined, 'Bearer x.y.z', `Bearer ${badToken(r).token}`]);
      return draftJson('POST', '/api/messages', body.value, { kind: auth ? `${body.kind}/auth` : body.kind, headers: withAuthorization(auth) });
    },
  },
  'agent.login': {
    routes: 'POST /api/agent/login',
    build: (r) => {
      // Never the real username with a wrong password: that would lock the deployer's agent out.
      const stranger = `fuzz-${r.int(1000)}`;
      return r.pick([
        () => draftJson('POST', '/api/agent/login', { username: PLACEHOLDERS.agentUsername, password: PLACEHOLDERS.agentPassword, kind: 'bearer' }),
        () => draftJson('POST', '/api/agent/login', { username: stranger, password: 'wrong', kind: r.pick(['bearer', 'cookie']) }, { kind: 'unknown-user' }),
        () => draftJson('POST', '/api/agent/login', { username: card(r), password: card(r) }, { kind: 'card' }),
        () => draftJson('POST', '/api/agent/login', { username: wrongType(r).value, password: wrongType(r).value }, { kind: 'wrong-types' }),
        () => draftJson('POST', '/api/agent/login', { username: 'u'.repeat(r.pick([65, 5000])), password: 'p'.repeat(r.pick([201, 50_000])) }, { kind: 'too-long' }),
        () => draftJson('POST', '/api/agent/login', { username: stranger, password: 'x', kind: r.pick(['admin', 5, null]) }, { kind: 'kind:odd' }),
        () => draftJson('POST', '/api/agent/login', r.pick([{}, [], null, 'x', { __proto__: { username: 'a' } }]), { kind: 'body:odd' }),
      ])();
    },
  },
  'agent.session': {
    routes: 'GET /api/agent/me, POST /api/agent/logout',
    build: (r) =>
      r.pick([
        () => draftRequest('GET', '/api/agent/me', { headers: [['Authorization', `Bearer ${PLACEHOLDERS.agentToken}`]] }),
        () => draftRequest('GET', '/api/agent/me', { kind: 'cookie', headers: [['Cookie', `kefu_agent=${PLACEHOLDERS.agentToken}`]] }),
        () => draftRequest('GET', '/api/agent/me', { kind: 'cookie:odd', headers: [['Cookie', r.pick(['kefu_agent=%ZZ', 'kefu_agent=', 'kefu_agent', ';;;=', `kefu_agent=${'x'.repeat(8000)}`, 'kefu_agent=a; kefu_agent=b'])]] }),
        () => draftRequest('POST', '/api/agent/logout', { kind: 'spare-session', headers: [['Authorization', `Bearer ${PLACEHOLDERS.spareAgentToken}`]] }),
        () => draftRequest('POST', '/api/agent/logout', { kind: 'cookie:no-csrf', headers: [['Cookie', `kefu_agent=${PLACEHOLDERS.agentToken}`]] }),
        () => draftRequest('POST', '/api/agent/logout', { kind: 'cookie:wrong-csrf', headers: [['Cookie', `kefu_agent=${PLACEHOLDERS.agentToken}`], ['X-CSRF-Token', r.pick(['x', '', '令牌'])]] }),
        () => {
          const bad = badToken(r);
          return draftRequest('GET', '/api/agent/me', { kind: `token:${bad.kind}`, headers: [['Authorization', `Bearer ${bad.token}`]] });
        },
        () => draftRequest('GET', '/api/agent/me', { kind: 'token:directline', headers: [['Authorization', `Bearer ${PLACEHOLDERS.token(0)}`]] }),
      ])(),
  },
  'agent.queue': {
    routes: 'GET /api/agent/agents, /api/agent/tickets, /api/agent/tickets/:id',
    build: (r) => {
      const auth: [string, string][] = r.chance(0.85) ? [['Authorization', `Bearer ${PLACEHOLDERS.agentToken}`]] : [];
      const kind = auth.length ? '' : 'no-auth:';
      return r.pick([
        () => draftRequest('GET', '/api/agent/agents', { kind: `${kind}valid`, headers: auth }),
        () => draftRequest('GET', `/api/agent/tickets${r.pick(['', '?state=closed', '?mine=1', '?state=waiting&mine=true'])}`, { kind: `${kind}valid`, headers: auth }),
        () => draftRequest('GET', `/api/agent/tickets?${r.pick(['state=x', 'state=waiting&state=closed', 'mine=yes', oddQuery(r)])}`, { kind: `${kind}query:odd`, headers: auth }),
        () => draftRequest('GET', `/api/agent/tickets/${r.between(1, 4)}`, { kind: `${kind}valid`, headers: auth }),
        () => {
          const odd = oddSegment(r);
          return draftRequest('GET', `/api/agent/tickets/${odd.segment}`, { kind: `${kind}${odd.kind}`, headers: auth });
        },
      ])();
    },
  },
  'agent.actions': {
    routes: 'POST /api/agent/tickets/:id/{accept,messages,typing,transfer,release,close}',
    build: (r) => {
      const auth: [string, string][] = r.chance(0.85) ? [['Authorization', `Bearer ${PLACEHOLDERS.agentToken}`]] : [];
      const odd = r.chance(0.25) ? oddSegment(r) : undefined;
      const id = odd?.segment ?? String(r.between(1, 4));
      const action = r.pick(['accept', 'messages', 'typing', 'transfer', 'release', 'close']);
      const kind = `${action}:${auth.length ? '' : 'no-auth:'}${odd?.kind ?? 'valid'}`;
      const target = `/api/agent/tickets/${id}/${action}`;
      if (action === 'messages') {
        const text = r.pick([() => '您好，我来帮您处理', () => `请核对卡号 ${card(r)}`, () => wrongType(r).value, () => 'x'.repeat(4001), () => oddText(r)])();
        return draftJson('POST', target, { text }, { kind: `${kind}${typeof text === 'string' && text.length < 4001 ? '' : ':text-odd'}`, headers: auth });
      }
      if (action === 'transfer') return draftJson('POST', target, { agent: r.pick([PLACEHOLDERS.agentUsername, 1, -1, 0, 'nobody', {}, [], 1.5]) }, { kind, headers: auth });
      return draftRequest('POST', target, { kind, headers: auth });
    },
  },
  static: {
    routes: 'GET /, /widget.js, /agent, /agent/ (built web pages)',
    build: (r) => {
      const path = r.pick(['/', '/index.html', '/widget.js', '/agent', '/agent/', '/agent/index.html', '/favicon.ico']);
      return r.pick([
        () => draftRequest('GET', path),
        () => draftRequest('HEAD', path, { kind: 'head' }),
        () => draftRequest('GET', path, { kind: 'range', headers: [['Range', r.pick(['bytes=0-0', 'bytes=999999999-', 'bytes=a-b', `bytes=${Array.from({ length: 300 }, (_, i) => `${i}-${i}`).join(',')}`, 'bytes=-0'])]] }),
        () => draftRequest('GET', path, { kind: 'conditional', headers: [['If-None-Match', r.pick(['*', 'W/"x"', '"'.repeat(300)])], ['If-Modified-Since', r.pick(['yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT', '9'.repeat(50)])]] }),
        () => draftRequest('GET', r.pick(['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/agent/..%5c..%5cpackage.json', '/.env', '/%00', '/agent/%ZZ', '/widget.js%00.html', '/web/dist/widget.js']), { kind: 'traversal' }),
      ])();
    },
  },
};
