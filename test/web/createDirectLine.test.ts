import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../src/log/index.js';
import { createApp, listen, type Listening } from '../../src/server/index.js';
import type { Activity, ActivitySet } from '../../web/widget/Activity.js';
import { connectWebSocket, type ConnectSocket } from '../../web/shared/connectWebSocket.js';
import { createDirectLine, parseSession, type ConnectionStatus, type DirectLine, type DirectLineOptions, type FetchLike, type StorageLike } from '../../web/widget/createDirectLine.js';
import { mergeActivities } from '../../web/widget/timeline.js';
import { startTestBot, type TestBot } from '../bot/harness.js';

// The widget's own Direct Line client against the real server and bot, in-process: the same
// fetch and WebSocket calls a browser makes, with storage, the network and the socket in our hands.

// Whatever the test waits for is checked again after each thing that can change it.
const waiters: (() => void)[] = [];
const changed = () => waiters.splice(0).forEach((w) => w());
/** Resolves when `test` holds, checked after each network call, activity or status change. */
function until<T>(test: () => T | undefined | false): Promise<T> {
  return new Promise((resolve) => {
    const check = () => {
      const found = test();
      if (found) resolve(found);
      else waiters.push(check);
    };
    check();
  });
}

// One server for the file: every test works in conversations of its own.
let bot: TestBot;
let server: Listening;
let baseUrl: string;
const clients: DirectLine[] = [];

beforeAll(async () => {
  bot = await startTestBot();
  const { directLine } = bot.runtime;
  const http = createServer(createApp({ knowledge: bot.runtime.knowledge, logger: createLogger({ level: 'silent' }), directLine }));
  http.on('upgrade', (req, socket, head) => {
    if (!directLine.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server = await listen(http, 0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${server.port}`;
});
afterEach(() => {
  waiters.splice(0);
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await server?.close();
  await bot?.close();
});

function memoryStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** A network the test can cut: fetch calls fail while offline, and every call is recorded. */
function network() {
  const calls: string[] = [];
  const requests: { call: string; headers: Record<string, string>; body: unknown }[] = [];
  const net = {
    offline: false,
    calls,
    /** The same calls with their headers and parsed bodies. */
    requests,
    fetch: (async (url, init) => {
      const call = `${init.method} ${new URL(url).pathname}${new URL(url).search}`;
      calls.push(call);
      requests.push({ call, headers: init.headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body });
      try {
        if (net.offline) throw new TypeError('Failed to fetch');
        return await fetch(url, init);
      } finally {
        setTimeout(changed, 0); // after the client has handled the answer
      }
    }) as FetchLike,
  };
  return net;
}

/** Sockets through `ws`, kept so the test can kill them the way a network drop does. */
function sockets() {
  const open: WebSocket[] = [];
  const connect: ConnectSocket = (url, handlers) =>
    connectWebSocket(
      class extends WebSocket {
        constructor(address: string) {
          super(address);
          open.push(this);
        }
      },
    )(url, handlers);
  return { open, connect };
}

/** A client, everything it delivered, and ways to wait for what it should deliver. */
function client(options: Omit<DirectLineOptions, 'onActivities' | 'onStatus'>) {
  const activities: Activity[] = [];
  const statuses: ConnectionStatus[] = [];
  const dl = createDirectLine({
    ...options,
    onActivities(set: ActivitySet) {
      activities.push(...set.activities);
      changed();
    },
    onStatus(status) {
      statuses.push(status);
      changed();
    },
  });
  clients.push(dl);
  const message = (predicate: (a: Activity) => boolean) => until(() => activities.find((a) => a.type === 'message' && predicate(a)));
  return { dl, activities, statuses, message };
}

const fromBot = (a: Activity) => a.from?.role === 'bot';

/** Says something in the conversation from outside the client under test; returns the activity id. */
async function post(session: { conversationId: string; token: string; userId: string }, text: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v3/directline/conversations/${session.conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text, from: { id: session.userId } }),
  });
  return ((await res.json()) as { id: string }).id;
}

describe('createDirectLine against the kefu server', () => {
  it('starts a conversation over the WebSocket, gets the greeting, and posts with a clientActivityID that comes back on the echo', async () => {
    const storage = memoryStorage();
    const net = network();
    const ws = sockets();
    const c = client({ baseUrl, fetch: net.fetch, connectSocket: ws.connect, storage, locale: 'zh-CN' });
    await c.dl.start();

    const greeting = await c.message(fromBot);
    expect(greeting.suggestedActions?.actions?.map((a) => a.title)).toContain('转人工');
    expect(c.statuses).toEqual(['connecting', 'online']);
    const id = await c.dl.post({ type: 'message', text: '刷卡密码错误', channelData: { clientActivityID: 'kefu-w-1' } });
    const echo = await c.message((a) => a.id === id);
    expect(echo.channelData?.clientActivityID).toBe('kefu-w-1');
    expect(echo.from?.id).toBe(c.dl.userId);
    const answer = await c.message((a) => fromBot(a) && /返回码55/.test(a.text ?? ''));
    expect(answer.suggestedActions?.actions?.map((a) => a.title)).toContain('👍 有帮助');

    expect(net.calls.slice(0, 2)).toEqual(['POST /api/webchat/token', 'POST /v3/directline/conversations']);
    expect(net.calls.some((call) => call.includes('/activities?'))).toBe(false); // no polling
    const session = parseSession(storage.getItem('kefu-w:session'));
    expect(session).toMatchObject({ userId: c.dl.userId, watermark: expect.any(Number) });
    expect(session!.watermark).toBeGreaterThanOrEqual(3);
  });

  it('falls back to polling every pollMs when the WebSocket cannot open', async () => {
    const net = network();
    const refused: ConnectSocket = (_url, { closed }) => {
      setTimeout(closed, 0);
      return { close() {} };
    };
    const c = client({ baseUrl, fetch: net.fetch, connectSocket: refused, storage: memoryStorage(), pollMs: 50 });
    await c.dl.start();
    await c.message(fromBot);
    const id = await c.dl.post({ type: 'message', text: '押金怎么退', channelData: { clientActivityID: 'k' } });
    await c.message((a) => fromBot(a) && a.replyToId === id);
    const polls = net.calls.filter((call) => /\/activities\?watermark=\d+$/.test(call));
    expect(polls.length).toBeGreaterThan(1);
    expect(c.statuses.at(-1)).toBe('online');
  });

  it('resumes after a reload from the stored watermark: gets what it missed and nothing twice', async () => {
    const storage = memoryStorage();
    const first = client({ baseUrl, fetch: network().fetch, connectSocket: sockets().connect, storage });
    await first.dl.start();
    await first.message(fromBot);
    const id1 = await first.dl.post({ type: 'message', text: '你好', channelData: { clientActivityID: 'k1' } });
    await first.message((a) => fromBot(a) && a.replyToId === id1);
    first.dl.close();
    // While the page reloads, something is said (an agent, another tab): the reloaded page must show it.
    const stored = parseSession(storage.getItem('kefu-w:session'))!;
    const missed = await post(stored, '押金怎么退');

    const net = network();
    const second = client({ baseUrl, fetch: net.fetch, connectSocket: sockets().connect, storage });
    await second.dl.start();
    expect(net.calls[0]).toBe(`GET /v3/directline/conversations/${encodeURIComponent(stored.conversationId)}?watermark=${stored.watermark}`);
    expect(second.dl.userId).toBe(first.dl.userId);
    await second.message((a) => a.id === missed);
    await second.message((a) => fromBot(a) && a.replyToId === missed);
    const id2 = await second.dl.post({ type: 'message', text: '电签的', channelData: { clientActivityID: 'k2' } });
    await second.message((a) => fromBot(a) && a.replyToId === id2);

    const firstIds = first.activities.map((a) => a.id);
    expect(second.activities.filter((a) => firstIds.includes(a.id))).toEqual([]);
    // What the widget shows, built from both pages' activities: every message once, in order.
    const shown = mergeActivities([], [...first.activities, ...second.activities], first.dl.userId).items;
    expect(new Set(shown.map((i) => i.id)).size).toBe(shown.length);
    expect(shown.filter((i) => i.from === 'user').map((i) => i.text)).toEqual(['你好', '押金怎么退', '电签的']);
  });

  it('survives a network loss: reconnects with the watermark and shows what was said meanwhile', async () => {
    const storage = memoryStorage();
    const net = network();
    const ws = sockets();
    const c = client({ baseUrl, fetch: net.fetch, connectSocket: ws.connect, storage, retryMs: [20, 40] });
    await c.dl.start();
    await c.message(fromBot);
    const before = parseSession(storage.getItem('kefu-w:session'))!;

    net.offline = true;
    c.dl.networkChanged(false);
    expect(c.statuses.at(-1)).toBe('offline');
    ws.open.at(-1)!.terminate();
    await until(() => net.calls.filter((call) => call.startsWith('GET /v3/directline/conversations/')).length >= 2);
    // Meanwhile the bot answers something (as if an agent wrote, or another tab asked).
    const id = await post(before, '押金怎么退');

    net.offline = false;
    c.dl.networkChanged(true);
    await c.message((a) => a.id === id);
    await c.message((a) => fromBot(a) && a.replyToId === id);
    expect(c.statuses.at(-1)).toBe('online');
    expect(net.calls).toContain(`GET /v3/directline/conversations/${encodeURIComponent(before.conversationId)}?watermark=${before.watermark}`);
    const ids = c.activities.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renews the token before it expires, and keeps working with the new one', async () => {
    const storage = memoryStorage();
    const net = network();
    const c = client({ baseUrl, fetch: net.fetch, connectSocket: sockets().connect, storage, refreshMs: 30 });
    await c.dl.start();
    await c.message(fromBot);
    await until(() => net.calls.filter((call) => call === 'POST /v3/directline/tokens/refresh').length >= 2);
    const id = await c.dl.post({ type: 'message', text: '你好', channelData: { clientActivityID: 'k' } });
    await c.message((a) => a.id === id);
  });

  it('starts a new conversation when the stored one cannot be resumed (expired or forged token)', async () => {
    const storage = memoryStorage();
    storage.setItem('kefu-w:session', JSON.stringify({ token: 'forged.token', conversationId: 'gone', userId: 'dl_old', watermark: 7 }));
    let fresh = 0;
    const c = client({ baseUrl, fetch: network().fetch, connectSocket: sockets().connect, storage, onNewConversation: () => (fresh += 1) });
    await c.dl.start();
    await c.message(fromBot);
    expect(fresh).toBe(1);
    expect(c.dl.userId).not.toBe('dl_old');
    expect(parseSession(storage.getItem('kefu-w:session'))).toMatchObject({ userId: c.dl.userId });
  });

  it('asks for the conversation in its language, and posts webchat/join with it once the stream is connected', async () => {
    const net = network();
    const c = client({ baseUrl, fetch: net.fetch, connectSocket: sockets().connect, storage: memoryStorage(), locale: 'en-US', page: 'https://shop.example.com/pos' });
    await c.dl.start();
    const start = net.requests.find((r) => r.call === 'POST /v3/directline/conversations');
    expect(start?.headers['accept-language']).toBe('en-US');
    // The server stores and echoes the event: it comes back on the stream, from this user.
    const join = await until(() => c.activities.find((a) => a.type === 'event' && a.name === 'webchat/join'));
    expect(join).toMatchObject({ value: { language: 'en-US', page: 'https://shop.example.com/pos' }, locale: 'en-US', from: { id: c.dl.userId } });
    expect(c.statuses).toContain('online');
  });

  it('posts webchat/join once per conversation: not again when it resumes, over the socket or by polling', async () => {
    const storage = memoryStorage();
    const joins = (net: ReturnType<typeof network>) => net.requests.filter((r) => (r.body as Activity | undefined)?.name === 'webchat/join');
    const firstNet = network();
    const first = client({ baseUrl, fetch: firstNet.fetch, connectSocket: sockets().connect, storage, locale: 'zh-CN' });
    await first.dl.start();
    await until(() => first.activities.find((a) => a.name === 'webchat/join'));
    first.dl.close();

    // A reload: the stream reconnects (the join would go out the moment it is online).
    const socketNet = network();
    const resumed = client({ baseUrl, fetch: socketNet.fetch, connectSocket: sockets().connect, storage, locale: 'zh-CN' });
    await resumed.dl.start();
    await until(() => resumed.statuses.includes('online'));
    const id = await resumed.dl.post({ type: 'message', text: '你好', channelData: { clientActivityID: 'k' } });
    await resumed.message((a) => fromBot(a) && a.replyToId === id);
    resumed.dl.close();

    const pollNet = network();
    const polled = client({ baseUrl, fetch: pollNet.fetch, storage, locale: 'zh-CN', pollMs: 20 });
    await polled.dl.start();
    await until(() => pollNet.calls.filter((call) => call.includes('/activities?')).length >= 2);

    expect(joins(firstNet)).toHaveLength(1);
    expect(joins(socketNet)).toEqual([]);
    expect(joins(pollNet)).toEqual([]);
    expect(socketNet.calls.concat(pollNet.calls)).not.toContain('POST /v3/directline/conversations');
    const { conversationId, token } = parseSession(storage.getItem('kefu-w:session'))!;
    const log = (await (await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities?watermark=0`, { headers: { authorization: `Bearer ${token}` } })).json()) as ActivitySet;
    expect(log.activities.filter((a) => a.name === 'webchat/join')).toHaveLength(1);
  });

  it('posts webchat/join when polling, too, and again for the new conversation that replaces a lost one', async () => {
    const storage = memoryStorage();
    storage.setItem('kefu-w:session', JSON.stringify({ token: 'forged.token', conversationId: 'gone', userId: 'dl_old', watermark: 7 }));
    const net = network();
    const c = client({ baseUrl, fetch: net.fetch, storage, locale: 'zh-CN', pollMs: 20 });
    await c.dl.start();
    const join = await until(() => c.activities.find((a) => a.type === 'event' && a.name === 'webchat/join'));
    expect(join.value).toEqual({ language: 'zh-CN' });
    expect(parseSession(storage.getItem('kefu-w:session'))).not.toHaveProperty('joined');
  });

  it('sends no webchat/join and no Accept-Language without a locale', async () => {
    const net = network();
    const c = client({ baseUrl, fetch: net.fetch, connectSocket: sockets().connect, storage: memoryStorage() });
    await c.dl.start();
    await c.message(fromBot);
    const id = await c.dl.post({ type: 'message', text: '你好', channelData: { clientActivityID: 'k' } });
    await c.message((a) => fromBot(a) && a.replyToId === id);
    expect(net.requests.find((r) => r.call === 'POST /v3/directline/conversations')?.headers).not.toHaveProperty('accept-language');
    expect(c.activities.filter((a) => a.type === 'event')).toEqual([]);
  });

  it('keeps trying while the server cannot be reached, and fails a post meanwhile instead of hanging', async () => {
    const net = network();
    net.offline = true;
    const c = client({ baseUrl, fetch: net.fetch, connectSocket: sockets().connect, storage: memoryStorage(), retryMs: [10] });
    await c.dl.start();
    expect(c.statuses).toEqual(['connecting', 'offline']);
    await expect(c.dl.post({ type: 'message', text: '你好' })).rejects.toThrow(/kefu widget: not connected yet/);
    await until(() => net.calls.filter((call) => call === 'POST /api/webchat/token').length >= 3);
    net.offline = false;
    await c.message(fromBot);
    expect(c.statuses.at(-1)).toBe('online');
  });
});

describe('parseSession', () => {
  it('reads a stored session and refuses anything else', () => {
    const ok = { token: 't', conversationId: 'c', userId: 'u', watermark: 3 };
    expect(parseSession(JSON.stringify(ok))).toEqual(ok);
    expect(parseSession(JSON.stringify({ ...ok, joined: false }))).toEqual({ ...ok, joined: false });
    expect(parseSession(JSON.stringify({ ...ok, joined: true }))).not.toHaveProperty('joined');
    for (const bad of [null, '', '{', '[]', JSON.stringify({ ...ok, watermark: -1 }), JSON.stringify({ ...ok, token: 5 }), JSON.stringify({ ...ok, watermark: '3' })]) {
      expect(parseSession(bad), String(bad)).toBeUndefined();
    }
  });
});
