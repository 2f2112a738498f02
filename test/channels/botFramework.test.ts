import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotFrameworkChannel } from '../../src/channels/botframework/createBotFrameworkChannel.js';
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

async function startApp(appId?: string) {
  const logger = createLogger({ level: 'silent' });
  const channel = createBotFrameworkChannel({
    appId,
    appPassword: appId ? 'secret' : undefined,
    middleware: bot.runtime.bot.middleware,
    run: (context) => bot.runtime.bot.bot.run(context),
    onError: async (error) => {
      throw error;
    },
  });
  app = await listen(createServer(createApp({ knowledge: bot.runtime.knowledge, logger, botFramework: channel.handle })), 0, '127.0.0.1');
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
