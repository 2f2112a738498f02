import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotFrameworkChannel, serviceUrlAllowed, type BotFrameworkChannelOptions } from '../../src/channels/botframework/createBotFrameworkChannel.js';
import { createLogger } from '../../src/log/index.js';
import { createApp, listen, type Listening } from '../../src/server/index.js';
import { startTestBot, type TestBot } from '../bot/harness.js';

/** A stand-in for the Bot Connector service: it receives the bot's replies over HTTP. */
function fakeConnector() {
  const received: { path: string; body: Record<string, any>; authorization?: string }[] = [];
  const waiting: ((n: number) => void)[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ path: req.url ?? '', body: JSON.parse(body || '{}'), authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${received.length}` }));
    for (const w of waiting.splice(0)) w(received.length);
  });
  return {
    server,
    received,
    /** Resolves once at least n replies have arrived. */
    until: (n: number) => new Promise<void>((resolve) => {
      const check = () => (received.length >= n ? resolve() : waiting.push(check));
      check();
    }),
  };
}

let bot: TestBot;
let app: Listening;
let connector: ReturnType<typeof fakeConnector>;
let connectorUrl: string;

const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${app.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const activity = (text: string) => ({
  type: 'message',
  id: `in-${Math.random()}`,
  text,
  channelId: 'emulator',
  serviceUrl: connectorUrl,
  locale: 'zh-CN',
  timestamp: new Date().toISOString(),
  from: { id: 'user-1', name: '商户', role: 'user' },
  recipient: { id: 'kefu', name: 'kefu', role: 'bot' },
  conversation: { id: 'bf-conversation-1' },
});

async function startApp(appId?: string, options: Partial<BotFrameworkChannelOptions> = {}, { trustProxy = false } = {}) {
  const logger = createLogger({ level: 'silent' });
  const channel = createBotFrameworkChannel({
    appId,
    appPassword: appId ? 'secret' : undefined,
    middleware: bot.runtime.bot.middleware,
    run: (context) => bot.runtime.bot.bot.run(context),
    onError: async (error) => {
      throw error;
    },
    ...options,
  });
  app = await listen(createServer(createApp({ knowledge: bot.runtime.knowledge, logger, botFramework: channel.handle, trustProxy })), 0, '127.0.0.1');
}

beforeEach(async () => {
  bot = await startTestBot();
  connector = fakeConnector();
  connector.server.listen(0, '127.0.0.1');
  await once(connector.server, 'listening');
  connectorUrl = `http://127.0.0.1:${(connector.server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await app?.close();
  connector.server.close();
  await bot.close();
});

describe('POST /api/messages (Bot Framework)', () => {
  it('without an app id, accepts an unauthenticated activity and replies through the serviceUrl', async () => {
    await startApp();
    const res = await post(activity('刷卡密码错误'));
    expect(res.status).toBe(200);
    await connector.until(1);
    const reply = connector.received[0]!;
    expect(reply.path).toBe('/v3/conversations/bf-conversation-1/activities/' + encodeURIComponent(reply.body.replyToId));
    expect(reply.body.text).toMatch(/返回码55/);
    expect(reply.body.suggestedActions.actions.map((a: { title: string }) => a.title)).toContain('👍 有帮助');
  });

  it('with an app id, refuses a request without a valid token', async () => {
    await startApp('00000000-0000-0000-0000-000000000001');
    const res = await post(activity('刷卡密码错误'));
    expect(res.status).toBe(401);
    expect(connector.received).toHaveLength(0);
  });
});

describe('POST /api/messages: who may call, and what', () => {
  it('without an app id, refuses a caller that is not on this machine', async () => {
    // Behind a trusted proxy, the client's address is the forwarded one.
    await startApp(undefined, {}, { trustProxy: true });
    const res = await post(activity('你好'), { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/BOTFRAMEWORK_ALLOW_UNAUTHENTICATED/);
    expect(connector.received).toHaveLength(0);
  });

  it('accepts a remote unauthenticated caller only when opened on purpose', async () => {
    await startApp(undefined, { allowUnauthenticated: true }, { trustProxy: true });
    const res = await post(activity('你好'), { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(200);
  });

  it.each([
    ['an empty object', {}],
    ['an array', []],
    ['text as an array', { ...activity('x'), text: ['4111111111111111'] }],
    ['locale as a number', { ...activity('x'), locale: 7 }],
    ['no conversation', { ...activity('x'), conversation: undefined }],
    ['a serviceUrl that is kefu\'s own Direct Line', { ...activity('x'), serviceUrl: 'directline://kefu' }],
    ['malformed suggestedActions', { ...activity('x'), suggestedActions: { actions: 'all of them' } }],
  ])('answers %s with a JSON 400 and a reason', async (_what, body) => {
    await startApp();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error).toMatchObject({ code: 'BadArgument', message: expect.any(String) });
  });

  it('answers a value nested 30,000 deep with a 400, not a stack overflow', async () => {
    await startApp();
    const deep = "[".repeat(30_000) + "]".repeat(30_000);
    const body = JSON.stringify(activity('x')).replace(/}$/, `,"value":${deep}}`);
    const res = await fetch(`http://127.0.0.1:${app.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/nested deeper/);
  });

  it("refuses an unauthenticated claim to kefu's own Direct Line channel", async () => {
    await startApp(undefined, { reservedChannels: ['directline'] });
    const res = await post({ ...activity('转人工'), channelId: 'directline' });
    expect(res.status).toBe(403);
    expect(connector.received).toHaveLength(0);
  });

  it('with an app id, refuses a serviceUrl that is not on the allowed list', async () => {
    await startApp('00000000-0000-0000-0000-000000000001', { serviceUrls: ['https://*.botframework.com'] });
    const res = await post(activity('你好'), { authorization: 'Bearer x.y.z' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/BOTFRAMEWORK_SERVICE_URLS/);
  });

  it('gives up on a service URL that never answers, and says so', async () => {
    const silent = createServer(() => undefined); // accepts, never responds
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    let failed!: (error: unknown) => void;
    const failure = new Promise<unknown>((resolve) => (failed = resolve));
    await startApp(undefined, { outboundTimeoutMs: 300, onError: async (error) => failed(error) });
    const res = post({ ...activity('你好'), channelId: 'webchat', serviceUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    const e = await failure;
    expect(String(e)).toMatch(/abort|timeout|timed out/i);
    await res;
    silent.closeAllConnections();
    silent.close();
  });
});

describe('serviceUrlAllowed', () => {
  const azure = ['https://*.botframework.com', 'https://smba.trafficmanager.net'];
  it.each([
    ['https://directline.botframework.com/', true],
    ['https://smba.trafficmanager.net/amer/', true],
    ['https://botframework.com.evil.example/', false],
    ['https://evilbotframework.com/', false],
    ['http://directline.botframework.com/', false],
    ['https://127.0.0.1:3978/', false],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(serviceUrlAllowed(url, azure)).toBe(allowed);
  });
});
