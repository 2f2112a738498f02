import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService, signingKey } from '../../src/channels/directline/index.js';
import { firstLanguage } from '../../src/channels/directline/createDirectLineChannel.js';
import { loadMessages } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';
import { createApp, listen, type Listening } from '../../src/server/index.js';
import { startTestBot, type TestBot } from '../bot/harness.js';
import { createArrivals } from '../support/arrivals.js';
import { TEST_DIRECTLINE_SECRET, testDialect } from '../support/testDatabase.js';

// botframework-directlinejs is written for browsers: Node needs XMLHttpRequest and WebSocket.
const require = createRequire(import.meta.url);
beforeAll(() => {
  Object.assign(globalThis, { XMLHttpRequest: require('xhr2'), WebSocket: require('ws') });
});
type Activity = { id?: string; type: string; text?: string; from: { id: string; role?: string }; replyToId?: string; suggestedActions?: { actions: { title: string }[] }; channelData?: Record<string, unknown> };
interface DirectLineClient {
  activity$: { subscribe(next: (a: Activity) => void, error?: (e: unknown) => void): { unsubscribe(): void } };
  postActivity(a: Activity): { subscribe(next: (id: string) => void, error?: (e: unknown) => void): void };
  end(): void;
}
const { DirectLine } = require('botframework-directlinejs') as { DirectLine: new (options: Record<string, unknown>) => DirectLineClient };

let bot: TestBot;
let server: Listening;
const clients: DirectLineClient[] = [];

async function start(dataDir?: string) {
  bot = await startTestBot({ dataDir });
  const http = createServer(createApp({ knowledge: bot.runtime.knowledge, logger: createLogger({ level: 'silent' }), directLine: bot.runtime.directLine }));
  http.on('upgrade', (req, socket, head) => {
    if (!bot.runtime.directLine.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server = await listen(http, 0, '127.0.0.1');
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.end();
  await server?.close();
  await bot?.close();
});

const base = () => `http://127.0.0.1:${server.port}`;
const webchatToken = async () => (await (await fetch(`${base()}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; userId: string; conversationId: string; expires_in: number };

/** A Direct Line client, and a way to wait for an activity that matches. */
function connect(options: Record<string, unknown>) {
  const client = new DirectLine({ domain: `${base()}/v3/directline`, ...options });
  clients.push(client);
  const arrived = createArrivals<Activity>();
  client.activity$.subscribe(
    (a) => arrived.add(a),
    () => undefined, // the client errors its stream with "conversation ended" when we end it
  );
  const seen = arrived.seen;
  const next = arrived.waitFor;
  const post = (activity: Activity) => new Promise<string>((resolve, reject) => client.postActivity(activity).subscribe(resolve, reject));
  return { client, seen, next, post };
}

describe.each([
  ['WebSocket', { webSocket: true }],
  ['polling', { webSocket: false, pollingInterval: 100 }],
])('Direct Line 3.0 with botframework-directlinejs over %s', (_how, transport) => {
  it('starts a conversation, greets, sends a question and receives the answer with suggested actions', async () => {
    await start();
    const { token, userId } = await webchatToken();
    const dl = connect({ token, ...transport });
    const greeting = await dl.next((a) => a.from.role === 'bot' && a.type === 'message');
    expect(greeting.suggestedActions?.actions.map((x) => x.title)).toContain('转人工');

    const id = await dl.post({ type: 'message', text: '刷卡密码错误', from: { id: userId }, channelData: { clientActivityID: 'c-1' } });
    const echo = await dl.next((a) => a.id === id);
    expect(echo.channelData).toMatchObject({ clientActivityID: 'c-1' });
    const answer = await dl.next((a) => a.replyToId === id && a.type === 'message');
    expect(answer.text).toMatch(/返回码55/);
    expect(answer.from.role).toBe('bot');
    expect(answer.suggestedActions?.actions.map((x) => x.title)).toContain('👍 有帮助');
  });
});

describe('Direct Line reconnection and tokens', () => {
  it('resumes from a watermark without repeating what the client already had', async () => {
    await start();
    const { token, userId, conversationId } = await webchatToken();
    const first = connect({ token, webSocket: true });
    const id = await first.post({ type: 'message', text: '押金怎么退', from: { id: userId } });
    await first.next((a) => a.replyToId === id);
    const poll = (await (await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })).json()) as { activities: Activity[]; watermark: string };
    first.client.end();

    const second = connect({ token, conversationId, watermark: poll.watermark, webSocket: true });
    const id2 = await second.post({ type: 'message', text: '电签的', from: { id: userId } });
    await second.next((a) => a.replyToId === id2);
    const ids = second.seen.map((a) => a.id);
    expect(ids).not.toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Number(poll.watermark)).toBeGreaterThan(0);
  });

  it('keeps the log across a restart: a client that comes back gets what it missed, and watermarks only grow', async () => {
    await start();
    const { token, userId, conversationId } = await webchatToken();
    const dl = connect({ token, webSocket: false, pollingInterval: 100 });
    const id = await dl.post({ type: 'message', text: '押金怎么退', from: { id: userId } });
    await dl.next((a) => a.replyToId === id);
    const dataDir = bot.dataDir;
    dl.client.end();
    clients.splice(0);
    await server.close();
    await bot.runtime.close();

    await start(dataDir);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const all = (await (await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities?watermark=0`, { headers })).json()) as { activities: Activity[]; watermark: string };
    expect(all.activities.map((a) => a.id)).toContain(id);
    const posted = (await (await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: '电签的', from: { id: userId } }) })).json()) as { id: string };
    const after = (await (await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities?watermark=${all.watermark}`, { headers })).json()) as { activities: Activity[]; watermark: string };
    expect(Number(after.watermark)).toBeGreaterThan(Number(all.watermark));
    expect(after.activities[0]!.id).toBe(posted.id);
    expect(after.activities.at(-1)!.text).toMatch(/3 个月/);
  });

  it('refuses a token for another conversation, and an expired token', async () => {
    await start();
    const mine = await webchatToken();
    const other = await webchatToken();
    await fetch(`${base()}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${other.token}` } });
    const foreign = await fetch(`${base()}/v3/directline/conversations/${other.conversationId}/activities`, { headers: { authorization: `Bearer ${mine.token}` } });
    expect(foreign.status).toBe(403);
    const posting = await fetch(`${base()}/v3/directline/conversations/${other.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mine.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', from: { id: mine.userId } }),
    });
    expect(posting.status).toBe(403);

    // The key the runtime signs with: its data folder's, or on PostgreSQL the shared secret.
    const key = await signingKey({ directLineSecret: testDialect === 'postgres' ? TEST_DIRECTLINE_SECRET : undefined, dataDir: bot.dataDir });
    const expired = createTokenService({ key, now: () => Date.now() - 3_600_000 }).issue(other.conversationId, other.userId).token;
    const late = await fetch(`${base()}/v3/directline/conversations/${other.conversationId}/activities`, { headers: { authorization: `Bearer ${expired}` } });
    expect(late.status).toBe(403);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('TokenExpired');
    // Change one character inside the signature (the last one's low bits are ignored in base64url).
    const [payload, signature] = other.token.split('.') as [string, string];
    const forgedToken = `${payload}.${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
    const forged = await fetch(`${base()}/v3/directline/conversations/${other.conversationId}/activities`, { headers: { authorization: `Bearer ${forgedToken}` } });
    expect(forged.status).toBe(403);
  });

  it("greets in the client's language when the start request names it (Accept-Language), and a later webchat/join in it does not greet again", async () => {
    await start();
    const { token, conversationId } = await webchatToken();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = await fetch(`${base()}/v3/directline/conversations`, { method: 'POST', headers: { ...headers, 'accept-language': 'en-US,en;q=0.9,zh;q=0.8' } });
    expect(started.status).toBe(201);
    const join = { type: 'event', name: 'webchat/join', value: { language: 'en-US' }, locale: 'en-US', from: { id: 'ignored' } };
    expect((await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify(join) })).status).toBe(200);
    const log = (await (await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { headers })).json()) as { activities: Activity[] };
    const greetings = log.activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
    expect(greetings.map((a) => a.text)).toEqual([(await loadMessages(localesDir)).en.greeting]);
  });

  it('reads the first well-formed tag of Accept-Language', () => {
    expect(firstLanguage('en-US,en;q=0.9')).toBe('en-US');
    expect(firstLanguage('zh-CN')).toBe('zh-CN');
    expect(firstLanguage(' zh ;q=1')).toBe('zh');
    expect(firstLanguage(undefined)).toBeUndefined();
    expect(firstLanguage('*')).toBeUndefined();
    expect(firstLanguage('<script>')).toBeUndefined();
  });

  it('refreshes a token, and refuses an upload that holds no image (images: test/channels/directLineUpload.test.ts)', async () => {
    await start();
    const { token, conversationId } = await webchatToken();
    const refreshed = await fetch(`${base()}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ conversationId, expires_in: 1800, token: expect.any(String) });
    expect((await fetch(`${base()}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(201);
    const upload = await fetch(`${base()}/v3/directline/conversations/${conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new FormData() });
    expect(upload.status).toBe(400);
  });

  it('allows the browser headers the official client sends, from any origin when none is configured', async () => {
    await start();
    const preflight = await fetch(`${base()}/v3/directline/conversations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-ms-bot-agent' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-ms-bot-agent/i);
  });

  it('hides a card number before the activity is stored or echoed, and the bot still warns', async () => {
    await start();
    const { token, userId, conversationId } = await webchatToken();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${base()}/v3/directline/conversations`, { method: 'POST', headers });
    const card = '4111 1111 1111 1111';
    await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: `我的卡号 ${card}`, from: { id: userId } }) });
    const log = (await (await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { headers })).json()) as { activities: Activity[] };
    expect(JSON.stringify(log)).not.toContain(card);
    expect(log.activities.some((a) => a.from.role === 'user' && a.text === '我的卡号 [卡号已隐藏]')).toBe(true);
    expect(log.activities.some((a) => a.from.role === 'bot' && /不要发送银行卡号/.test(a.text ?? ''))).toBe(true);
    const stored = await bot.runtime.database.db.selectFrom('transcript').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain('4111');
  });

  it("accepts the user's typing with an id but neither keeps it in the log nor echoes it", async () => {
    await start();
    const { token, userId, conversationId } = await webchatToken();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${base()}/v3/directline/conversations`, { method: 'POST', headers });
    const posted = await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'typing', from: { id: userId } }) });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as { id: string }).id).toMatch(new RegExp(`^${conversationId}\\|typing-`));
    const log = (await (await fetch(`${base()}/v3/directline/conversations/${conversationId}/activities`, { headers })).json()) as { activities: Activity[] };
    expect(log.activities.filter((a) => a.type === 'typing')).toEqual([]);
  });
});
