import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMessages } from '../../../src/bot/index.js';
import { buildWechatXml, createWechatApi, createWechatChannel, wechatSignature, type WechatChannel } from '../../../src/channels/wechat/index.js';
import { localesDir } from '../../../src/app/createRuntime.js';

import { createWechatStore, openDatabase, type KefuDatabase } from '../../../src/storage/index.js';
import { startFakeWechatApi, type FakeWechatApi } from '../../support/fakeWechatApi.js';

/*
 * What WeChat's 5-second budget asks of the channel: a turn that runs late is answered with
 * `success` at once and its replies go through the customer-service API; a message acknowledged
 * to WeChat is sent even when the process stops right after (the outbox is in the database).
 * The turn here is the test's own, held until the test lets it go: nothing waits on the clock.
 */

const TOKEN = 'kefuToken2026';
const NOW = new Date('2026-12-02T15:00:00+08:00');
const SECONDS = String(Math.floor(NOW.getTime() / 1000));
const zh = (await loadMessages(localesDir))['zh-CN'];

let dir: string;
let database: KefuDatabase;
let api: FakeWechatApi;

let channel: WechatChannel | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kefu-wechat-'));
  database = await openDatabase({ file: path.join(dir, 'kefu.sqlite') });
  api = await startFakeWechatApi();
});
afterEach(async () => {
  channel?.close();

  await api.close();
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

function start(run: Parameters<typeof createWechatChannel>[0]['run'], { lateAfterMs = 4000 } = {}) {
  channel = createWechatChannel({
    token: TOKEN,
    api: createWechatApi({ appId: api.appId, appSecret: api.appSecret, baseUrl: api.baseUrl }),
    store: createWechatStore(database.db),
    middleware: [],
    run,
    messages: zh,
    withPerson: async () => false,
    now: () => NOW,
    lateAfterMs,
  });
  return channel;
}


describe('a late turn', () => {
  it('answers success at once, then sends the replies as customer-service messages when the turn ends', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const c = start(
      async (context) => {
        await held;
        await context.sendActivity('这是一个慢回答');
      },
      { lateAfterMs: 1 },
    );
    const app = express();
    app.use('/wechat', c.router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      const nonce = 'abc';
      const query = new URLSearchParams({ signature: wechatSignature({ token: TOKEN, timestamp: SECONDS, nonce }), timestamp: SECONDS, nonce });
      const xml = buildWechatXml({ ToUserName: 'gh_x', FromUserName: 'oUSER', CreateTime: SECONDS, MsgType: 'text', Content: '在吗', MsgId: '123456' });
      const response = await fetch(`http://127.0.0.1:${port}/wechat?${query}`, { method: 'POST', body: xml });
      expect(await response.text()).toBe('success');
      expect(api.requestsTo('/cgi-bin/message/custom/send')).toHaveLength(0);
      release();
      const sent = api.hold('/cgi-bin/message/custom/send');
      await sent.arrived;
      sent.release();
      await c.outbox.drain();
      expect(api.requestsTo('/cgi-bin/message/custom/send').map((r) => r.json)).toEqual([{ touser: 'oUSER', msgtype: 'text', text: { content: '这是一个慢回答' } }]);
    } finally {
      server.close();
    }
  });
});

describe('the outbox', () => {
  it('sends after a restart what was acknowledged before the process stopped', async () => {
    // The first process acknowledged a message and queued its answer, then died before sending.
    await createWechatStore(database.db).claim('msg:1', NOW.toISOString(), 'oUSER', { nowMs: NOW.getTime(), untilMs: NOW.getTime() + 4_500 });
    await createWechatStore(database.db).finish('msg:1', { reply: '', outbox: [{ openId: 'oUSER', payload: JSON.stringify({ kind: 'text', content: '重启后照样送达' }) }] }, NOW);
    // The next process starts its outbox, and the message goes.
    const c = start(async () => undefined);
    await c.outbox.drain();
    expect(api.requestsTo('/cgi-bin/message/custom/send').map((r) => (r.json as { text: { content: string } }).text.content)).toEqual(['重启后照样送达']);
    // Sent once: a second drain sends nothing more.
    await c.outbox.drain();
    expect(api.requestsTo('/cgi-bin/message/custom/send')).toHaveLength(1);
  });

  it('retries a 5xx later, and gives up at once when WeChat refuses (window closed)', async () => {
    const store = createWechatStore(database.db);
    await store.enqueue([{ openId: 'oA', payload: JSON.stringify({ kind: 'text', content: 'A' }) }, { openId: 'oB', payload: JSON.stringify({ kind: 'text', content: 'B' }) }], NOW);
    api.failNext('/cgi-bin/message/custom/send', { status: 502 });
    api.failNext('/cgi-bin/message/custom/send', { errcode: 45015 });
    const c = start(async () => undefined);
    await c.outbox.drain();
    const rows = await database.db.selectFrom('wechat_outbox').select(['open_id', 'state', 'attempts', 'due_at_ms']).orderBy('id').execute();
    expect(rows).toEqual([
      { open_id: 'oA', state: 'pending', attempts: 1, due_at_ms: NOW.getTime() + 1000 },
      { open_id: 'oB', state: 'failed', attempts: 1, due_at_ms: NOW.getTime() },
    ]);
  });
});
