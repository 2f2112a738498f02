import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_5XX,
  ROUTE_GROUPS,
  TEST_CARDS,
  encodeRequest,
  findCard,
  formatReport,
  generateRequests,
  isLuhnValid,
  judgeOutcome,
  parseTarget,
  runFuzz,
  sendRawRequest,
  type FuzzRequest,
  type Outcome,
} from '../../src/cli/security/index.js';

const plan = (seed: number, count = 2000) => generateRequests({ seed, count });
const sample = plan(1, 300);
const request = (group: FuzzRequest['group'], change: Partial<FuzzRequest> = {}): FuzzRequest => ({ ...sample.find((r) => r.group === group && !r.kind.startsWith('essential'))!, ...change });
const response = (status: number, body = '{}', head = `HTTP/1.1 ${status} X\r\nContent-Type: application/json`): Outcome => ({ kind: 'response', status, head, body: Buffer.from(body), upgraded: status === 101 });

describe('generateRequests', () => {
  it('makes the same requests from the same seed', () => {
    expect(plan(42)).toEqual(plan(42));
  });

  it('makes different requests from different seeds', () => {
    const [a, b] = [plan(1), plan(2)];
    const differing = a.filter((r, i) => JSON.stringify(r) !== JSON.stringify(b[i]));
    expect(differing.length).toBeGreaterThan(1000);
  });

  it('keeps request i the same whatever the size of the plan, so one request can be sent again alone', () => {
    expect(plan(7, 2000).slice(0, 300)).toEqual(plan(7, 300));
  });

  it('covers every route group evenly in 2,000 requests', () => {
    const counts = new Map<string, number>();
    for (const r of plan(3)) counts.set(r.group, (counts.get(r.group) ?? 0) + 1);
    for (const group of ROUTE_GROUPS) expect(counts.get(group) ?? 0, group).toBeGreaterThanOrEqual(Math.floor(2000 / ROUTE_GROUPS.length) - 1);
  });

  it('starts every plan with the reported upgrade shapes and the promised odd requests', () => {
    const start = plan(99, 60);
    const sent = (test: (r: FuzzRequest) => boolean) => start.some(test);
    for (const target of ['/v3/directline/conversations/%ZZ/stream', '//', '//[::1', '%C0%AF']) expect(sent((r) => r.upgrade && r.target === target), target).toBe(true);
    expect(sent((r) => r.body.some((p) => typeof p !== 'string' && p.repeat === '[' && p.times === 30_000))).toBe(true);
    expect(sent((r) => r.body.some((p) => typeof p !== 'string' && p.times > 1024 * 1024))).toBe(true);
    for (const body of ['{}', '[]', 'null']) expect(sent((r) => r.target === '/api/messages' && r.body.join('') === body), body).toBe(true);
    for (const kind of ['text-array', 'text-number', 'text-object', 'locale-number', 'suggestedActions-malformed', 'token-garbage', 'token-expired-looking', 'token-other-conversation']) {
      expect(sent((r) => r.kind === `essential:${kind}`), kind).toBe(true);
    }
  });

  it('sends test cards in the fields that could echo them', () => {
    const withCard = plan(5).filter((r) => findCard(JSON.stringify(r.body)) || findCard(r.target));
    expect(withCard.map((r) => r.group)).toEqual(expect.arrayContaining(['dl.activities.post', 'botframework', 'kb.search', 'kb.articles', 'agent.actions']));
  });
});

describe('encodeRequest', () => {
  const values = new Map([
    ['host', '127.0.0.1:1'],
    ['token:0', 'tok.sig'],
    ['conv:0', 'c0'],
    ['user:0', 'u"0'],
  ]);

  it('fills placeholders, JSON-escaped inside bodies, and computes Content-Length from the bytes', () => {
    const r = request('dl.activities.post', { method: 'POST', target: '/v3/directline/conversations/{{conv:0}}/activities', headers: [['Host', '{{host}}'], ['Authorization', 'Bearer {{token:0}}']], body: ['{"from":{"id":"{{user:0}}"},"text":"刷卡"}'], contentLength: 'auto', encoding: 'utf8' });
    const text = encodeRequest(r, values).toString('utf8');
    const body = '{"from":{"id":"u\\"0"},"text":"刷卡"}';
    expect(text).toBe(`POST /v3/directline/conversations/c0/activities HTTP/1.1\r\nHost: 127.0.0.1:1\r\nAuthorization: Bearer tok.sig\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });

  it('writes latin1 requests one byte a character, so bytes that are not UTF-8 reach the server', () => {
    const r = request('upgrade.directline', { target: '/v3/directline/conversations/\u00c0\u00af/stream', encoding: 'latin1', headers: [], contentLength: 'none' });
    expect(encodeRequest(r, values).subarray(0, 40).includes(Buffer.from([0xc0, 0xaf]))).toBe(true);
  });

  it('names a placeholder nobody filled instead of sending the braces', () => {
    const r = request('agent.session', { target: '/api/agent/me', headers: [['Authorization', 'Bearer {{agent}}']], body: [], contentLength: 'none' });
    expect(encodeRequest(r, values).toString()).toContain('Authorization: Bearer missing-agent');
  });
});

describe('test cards', () => {
  it('are Luhn-valid, so a redactor that checks Luhn still treats them as cards', () => {
    for (const card of TEST_CARDS) expect(isLuhnValid(card), card).toBe(true);
  });

  it('are found however they are spelled, and only they', () => {
    for (const text of ['x 4111111111111111 y', '4111 1111 1111 1111', '4111-1111-1111-1111', '４１１１１１１１１１１１１１１１']) expect(findCard(text)?.card, text).toBe('4111111111111111');
    expect(findCard('order 2024061812345678, watermark 0000034')).toBeUndefined();
  });
});

describe('judgeOutcome', () => {
  it('fails a 5xx unless it is a route’s documented answer', () => {
    expect(judgeOutcome(request('dl.activities.post'), response(500))?.type).toBe('server-error');
    expect(judgeOutcome(request('dl.upload'), response(ALLOWED_5XX[0]!.status))).toBeUndefined();
    expect(judgeOutcome(request('dl.upload'), response(500))?.type).toBe('server-error');
  });

  it('accepts a dropped connection only where dropping is an answer', () => {
    const dropped: Outcome = { kind: 'dropped', error: 'ECONNRESET', received: 0 };
    expect(judgeOutcome(request('upgrade.other'), dropped)).toBeUndefined();
    expect(judgeOutcome(request('kb.status', { mayDrop: false }), dropped)?.type).toBe('dropped');
    expect(judgeOutcome(request('kb.status'), { kind: 'timeout', received: 0 })?.type).toBe('timeout');
  });

  it('fails a card that comes back, naming where', () => {
    const echoed = judgeOutcome(request('kb.search'), response(200, JSON.stringify({ query: '4111 1111 1111 1111' })));
    expect(echoed).toMatchObject({ type: 'card-echo', where: ['body $.query'] });
    expect(judgeOutcome(request('unknown'), response(302, '', 'HTTP/1.1 302 Found\r\nLocation: /4111111111111111/'))).toMatchObject({ where: ['header location'] });
    const payload = Buffer.from('{"activities":[{"text":"4111111111111111"}]}');
    const frame = Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
    expect(judgeOutcome(request('upgrade.directline'), { kind: 'response', status: 101, head: 'HTTP/1.1 101 Switching Protocols', body: frame, upgraded: true })?.type).toBe('card-echo');
  });
});

describe('sendRawRequest', () => {
  async function serve(onConnection: (socket: net.Socket) => void) {
    const server = net.createServer(onConnection);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { server, port: (server.address() as AddressInfo).port };
  }
  const send = (port: number, text: string) => sendRawRequest(Buffer.from(text), { host: '127.0.0.1', port, timeoutMs: 5000 });

  it('reads a chunked answer whole, a 101 with its frames, and a close without an answer as dropped', async () => {
    const { server, port } = await serve((socket) =>
      socket.once('data', (data) => {
        const line = String(data).split('\r\n')[0]!;
        if (line.includes('/chunked')) socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
        else if (line.includes('/upgrade')) socket.end(Buffer.concat([Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'), Buffer.from([0x81, 2]), Buffer.from('hi')]));
        else socket.destroy();
      }),
    );
    try {
      const chunked = await send(port, 'GET /chunked HTTP/1.1\r\n\r\n');
      expect(chunked.kind === 'response' && chunked.body.toString()).toBe('hello world');
      const upgraded = await send(port, 'GET /upgrade HTTP/1.1\r\n\r\n');
      expect(upgraded).toMatchObject({ kind: 'response', status: 101, upgraded: true });
      expect(await send(port, 'GET /drop HTTP/1.1\r\n\r\n')).toMatchObject({ kind: 'dropped' });
    } finally {
      server.close();
    }
  });

  it('says refused when nothing listens', async () => {
    const { server, port } = await serve(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    expect(await send(port, 'GET / HTTP/1.1\r\n\r\n')).toMatchObject({ kind: 'refused' });
  });
});

describe('runFuzz', () => {
  it('refuses a target that is not http or https', () => {
    for (const url of ['ftp://127.0.0.1/', 'file:///etc/passwd', 'not a url']) expect(() => parseTarget(url), url).toThrow(/security fuzz: --url/);
  });

  it('finds the request that takes a server down, goes on against a fresh one, and reports it with its seed', async () => {
    // A stand-in for kefu that "crashes" (stops listening) on an upgrade to `//`.
    const servers: http.Server[] = [];
    const start = async () => {
      const server = http.createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404).end('{}'));
      server.on('upgrade', (req, socket) => {
        if (req.url !== '//') return socket.destroy();
        socket.destroy();
        server.close();
        server.closeAllConnections();
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      servers.push(server);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    try {
      const report = await runFuzz({ url: await start(), seed: 11, requests: 120, batchSize: 40, timeoutMs: 5000, restart: async () => ({ url: await start(), how: 'stopped listening' }) });
      const crash = report.failures.find((f) => f.type === 'crash');
      expect(crash?.request).toMatchObject({ index: 1, target: '//', upgrade: true });
      expect(crash?.detail).toContain('stopped listening');
      const text = formatReport(report);
      expect(text).toContain('--seed 11 --only 1');
      expect(text.split('\n').at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed$/);
      expect(report.passed + report.notSent).toBeLessThan(120);
    } finally {
      for (const server of servers) server.close();
    }
  });
});
