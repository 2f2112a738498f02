import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REPLAY_PAGE_SIZE } from '../../src/channels/directline/createDirectLineHub.js';
import { UNIONPAY } from '../privacy/testNumbers.js';
import { rawExchange, upgradeRequest } from '../support/rawHttp.js';
import { startServer, type StartServerOptions, type TestServer } from '../support/startServer.js';

/*
 * Direct Line as an attacker meets it: malformed upgrade paths, slow and idle sockets, too many
 * streams, odd activity shapes, secrets outside `text`, a flood of posts and a huge replay.
 */

const CARD = '4111111111111111'; // passes Luhn

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: StartServerOptions = {}) {
  const server = await startServer(options);
  servers.push(server);
  return server;
}
const portOf = (server: TestServer) => Number(new URL(server.url).port);

async function conversation(server: TestServer) {
  const { token, conversationId } = (await (await fetch(`${server.url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const started = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const { streamUrl } = (await started.json()) as { streamUrl: string };
  const activities = `${server.url}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
  const post = (body: unknown) =>
    fetch(activities, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const poll = async (watermark = 0) =>
    (await (await fetch(`${activities}?watermark=${watermark}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { activities: Record<string, unknown>[]; watermark: string };
  return { token, conversationId, streamUrl, post, poll };
}

function openStream(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('WebSocket upgrades with malformed paths', () => {
  it.each([
    '/v3/directline/conversations/%ZZ/stream',
    '/v3/directline/conversations/%C0%AF/stream',
    '/v3/directline/conversations/%E4%B8/stream?t=x',
    '//',
    '//[::1',
    '%C0%AF',
    '/v3/directline/conversations/abc/stream?watermark=-1&t=%ZZ',
  ])('%s gets a 4xx and the server keeps serving', async (path) => {
    const server = await start();
    const { response } = await rawExchange(portOf(server), upgradeRequest(path));
    expect(response).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('slow and idle connections', () => {
  const limits = { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 400, checkIntervalMs: 100 };

  it('closes a client that sends its headers too slowly (slowloris)', async () => {
    const server = await start({ limits });
    // Only part of a request head, never finished: the server must hang up on its own.
    const { response } = await rawExchange(portOf(server), 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection that never sends anything', async () => {
    const server = await start({ limits });
    const { response } = await rawExchange(portOf(server), '');
    expect(response === '' || /^HTTP\/1\.1 408/.test(response)).toBe(true);
  });
});

describe('streams per conversation', () => {
  it('refuses a fourth stream with 429 while three are open', async () => {
    const server = await start();
    const c = await conversation(server);
    const open = await Promise.all([1, 2, 3].map(() => openStream(c.streamUrl)));
    await expect(openStream(c.streamUrl)).rejects.toThrow(/HTTP 429/);
    open[0]!.close();
    await new Promise((resolve) => open[0]!.once('close', resolve));
    // The server sees the close a moment later; a new stream is then accepted.
    await expect.poll(async () => openStream(c.streamUrl).then((ws) => (ws.close(), 'open'), (error: Error) => error.message), { timeout: 5_000 }).toBe('open');
    for (const ws of open) ws.close();
  });
});

describe('activities of shapes the bot does not take', () => {
  it.each([
    ['text as an array', { type: 'message', text: [CARD] }],
    ['text as an object', { type: 'message', text: { toString: CARD } }],
    ['locale as a number', { type: 'message', text: 'x', locale: 42 }],
    ['an oversized value', { type: 'message', value: { blob: 'x'.repeat(20_000) } }],
    ['malformed suggestedActions', { type: 'message', text: 'x', suggestedActions: { actions: [{ title: 1 }] } }],
    ['no type', { text: 'x' }],
    ['an array', [{ type: 'message', text: 'x' }]],
  ])('answers %s with a JSON 400 and a reason', async (_what, body) => {
    const server = await start();
    const c = await conversation(server);
    const res = await c.post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'BadArgument', message: expect.any(String) });
  });

  it('answers a value nested 30,000 deep with a 400, not a stack overflow', async () => {
    const server = await start();
    const c = await conversation(server);
    const res = await c.post(`{"type":"event","name":"x","value":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/nested deeper/);
  });
});

describe('a card number outside text', () => {
  it('is hidden in value, channelData, attachments, from.name, speak, summary and an event value, in the replay and the database', async () => {
    const server = await start();
    const c = await conversation(server);
    const posts = [
      { type: 'message', text: '提交表单', value: { cardNumber: CARD } },
      { type: 'message', text: 'hi', channelData: { note: `卡号 ${CARD}` } },
      { type: 'message', text: 'hi', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ text: CARD }] } }] },
      { type: 'message', text: 'hi', from: { id: 'x', name: CARD } },
      { type: 'message', text: 'hi', speak: `my card ${CARD}`, summary: CARD },
      { type: 'event', name: 'webchat/form', value: CARD },
    ];
    for (const body of posts) expect((await c.post(body)).status).toBe(200);
    const replay = JSON.stringify(await c.poll());
    expect(replay).not.toContain(CARD);
    expect(replay).toContain('[卡号已隐藏]');
    expect(await dump(server)).not.toContain(CARD);
  });
});

describe('secrets spread over two messages', () => {
  it('hides both halves of a card split over two messages, in the replay and the database', async () => {
    const server = await start();
    const c = await conversation(server);
    const first = UNIONPAY.slice(0, 12).replace(/(\d{4})(?=\d)/g, '$1 ');
    const second = UNIONPAY.slice(12);
    expect((await c.post({ type: 'message', text: `卡号 ${first}` })).status).toBe(200);
    expect((await c.post({ type: 'message', text: second })).status).toBe(200);
    const stored = dump(server);
    expect(stored).not.toContain(UNIONPAY.slice(0, 4) + ' ' + UNIONPAY.slice(4, 8));
    expect(stored).not.toContain(second);
    expect(JSON.stringify(await c.poll())).not.toContain(second);
  });

  it('hides a PIN sent on its own right after the user mentioned being asked for it', async () => {
    const server = await start();
    const c = await conversation(server);
    await c.post({ type: 'message', text: '收银员问我密码是多少' });
    await c.post({ type: 'message', text: '604193' });
    expect(await dump(server)).not.toContain('604193');
    expect(JSON.stringify(await c.poll())).toContain('[密码已隐藏]');
  });
});

/** Everything the transcript (which is also the Direct Line log) holds, as one string. */
async function dump(server: TestServer): Promise<string> {
  return JSON.stringify(await server.runtime.database.db.selectFrom('transcript').selectAll().execute());
}

describe('a flood from one token', () => {
  it('is refused with 429 past the per-conversation limit', async () => {
    const server = await start();
    const c = await conversation(server);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await c.post({ type: 'typing' })).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('cannot send a body over 64 KB', async () => {
    const server = await start();
    const c = await conversation(server);
    expect((await c.post({ type: 'message', text: 'x'.repeat(70_000) })).status).toBe(413);
  });
});

describe('replay', () => {
  it('comes in pages: a poll returns at most a page, and the watermark carries the client on', async () => {
    const server = await start();
    const c = await conversation(server);
    const total = REPLAY_PAGE_SIZE * 2 + 30;
    for (let i = 0; i < total; i++) await server.runtime.directLine.hub.deliver(c.conversationId, { type: 'message', text: `#${i}` });
    const pages: number[] = [];
    let watermark = 0;
    for (;;) {
      const page = await c.poll(watermark);
      if (page.activities.length === 0) break;
      pages.push(page.activities.length);
      watermark = Number(page.watermark);
    }
    expect(Math.max(...pages)).toBeLessThanOrEqual(REPLAY_PAGE_SIZE);
    expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(total);
  });

  it('on a stream comes in frames of at most a page, and all of it arrives', async () => {
    const server = await start();
    const c = await conversation(server);
    const total = REPLAY_PAGE_SIZE * 2 + 30;
    for (let i = 0; i < total; i++) await server.runtime.directLine.hub.deliver(c.conversationId, { type: 'message', text: `#${i}` });
    const ws = await openStream(c.streamUrl);
    const sizes: number[] = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const text = String(data);
        if (!text) return;
        const frame = JSON.parse(text) as { activities: { text?: string }[] };
        sizes.push(frame.activities.length);
        if (frame.activities.some((a) => a.text === `#${total - 1}`)) resolve();
      });
    });
    ws.close();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(REPLAY_PAGE_SIZE);
  });
});
