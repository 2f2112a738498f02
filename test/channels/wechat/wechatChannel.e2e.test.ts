import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildWechatXml, createWechatCrypto, parseWechatXml, wechatSignature } from '../../../src/channels/wechat/index.js';
import { createArrivals } from '../../support/arrivals.js';
import { startFakeWechatApi, type FakeWechatApi } from '../../support/fakeWechatApi.js';
import { startServer, type TestServer } from '../../support/startServer.js';

/*
 * The WeChat Official Account endpoint end to end: kefu as main.ts runs it, on a real port,
 * against a local fake of WeChat's API (WeChat's servers cannot be reached from here). Each
 * request is signed the way WeChat signs it; the clock is fixed, so "5 minutes old" is exact.
 */

const TOKEN = 'kefuToken2026';
const APP_ID = 'wx0123456789abcdef';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const NOW = new Date('2026-12-02T15:00:00+08:00');
const SECONDS = Math.floor(NOW.getTime() / 1000);
const OPEN_ID = 'oUSER_abcdefghijklmnopqrstu';
const ACCOUNT = 'gh_0123456789ab';

let api: FakeWechatApi;
let server: TestServer;
// The server's clock: NOW, one millisecond later at every reading (so what happens after a message
// is after it), and moved on by tests that need hours to pass.
let clock = NOW.getTime();
const ticking = () => new Date((clock += 1));
const crypto = createWechatCrypto({ token: TOKEN, appId: APP_ID, aesKey: AES_KEY, randomBytes: (n) => randomBytes(n) });

beforeEach(async () => {
  api = await startFakeWechatApi({ appId: APP_ID });
  clock = NOW.getTime();
  server = await startServer({
    now: ticking,
    env: { WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: api.appSecret, WECHAT_AES_KEY: AES_KEY, WECHAT_API_BASE: api.baseUrl },
  });
});
afterEach(async () => {
  await server?.close();
  await api?.close();
});

type Mode = 'plain' | 'compatible' | 'safe';
const MODES: readonly Mode[] = ['plain', 'compatible', 'safe'];
let msgIds = 7_000_000_000_000_000_000n;
const textMessage = (content: string, msgId = String(msgIds++)) =>
  buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'text', Content: content, MsgId: msgId });

function signedQuery({ timestamp = String(SECONDS), nonce = 'n0nce42', encrypt }: { timestamp?: string; nonce?: string; encrypt?: string } = {}) {
  const query = new URLSearchParams({ signature: wechatSignature({ token: TOKEN, timestamp, nonce }), timestamp, nonce, openid: OPEN_ID });
  if (encrypt !== undefined) {
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', wechatSignature({ token: TOKEN, timestamp, nonce, encrypt }));
  }
  return query;
}

/** POSTs a message as WeChat does, in plaintext or safe mode; returns the status and the reply's inner XML fields. */
async function post(xml: string, { mode = 'plain', timestamp, sealer = crypto }: { mode?: Mode; timestamp?: string; sealer?: typeof crypto } = {}) {
  let body = xml;
  let query = signedQuery({ timestamp });
  if (mode !== 'plain') {
    const sealed = sealer.seal(xml, { timestamp: timestamp ?? String(SECONDS), nonce: 'n0nce42' });
    // Compatible mode sends the message both in the clear and sealed; safe mode only sealed.
    body = mode === 'safe' ? buildWechatXml({ ToUserName: ACCOUNT, Encrypt: sealed.Encrypt }) : xml.replace('</xml>', `<Encrypt><![CDATA[${sealed.Encrypt}]]></Encrypt></xml>`);
    query = signedQuery({ timestamp, encrypt: sealed.Encrypt });
  }
  const response = await fetch(`${server.url}/wechat?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
  const text = await response.text();
  if (response.status !== 200 || text === 'success' || text === '') return { status: response.status, text, reply: undefined };
  let inner = text;
  if (mode !== 'plain') {
    const outer = parseWechatXml(text);
    inner = sealer.open({ msgSignature: String(outer.MsgSignature), timestamp: String(outer.TimeStamp), nonce: String(outer.Nonce), encrypt: String(outer.Encrypt) }).message;
  }
  return { status: response.status, text, reply: parseWechatXml(inner) };
}

describe('URL verification (GET /wechat)', () => {
  it('answers echostr when the signature verifies', async () => {
    const response = await fetch(`${server.url}/wechat?${signedQuery()}&echostr=4815162342`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('4815162342');
  });

  it('refuses a bad signature with a 4xx and nothing of the echostr', async () => {
    const query = signedQuery();
    query.set('signature', '0'.repeat(40));
    const response = await fetch(`${server.url}/wechat?${query}&echostr=4815162342`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('4815162342');
  });
});

describe('messages (POST /wechat)', () => {
  it.each(MODES)('answers a text passively in %s mode, Markdown as plain text and options numbered', async (mode) => {
    const { status, reply } = await post(textMessage('刷卡提示密码错误'), { mode });
    expect(status).toBe(200);
    expect(reply).toMatchObject({ ToUserName: OPEN_ID, FromUserName: ACCOUNT, MsgType: 'text' });
    const content = String(reply!.Content);
    expect(content).toMatch(/返回码55/);
    expect(content).toMatch(/回复序号：\n1\. /);
    expect(content).not.toMatch(/\*\*/);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
  });

  it('lets a typed number pick an option of the last message', async () => {
    const follow = buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'event', Event: 'subscribe' });
    expect(String((await post(follow)).reply!.Content)).toMatch(/1\. 刷卡密码错误/);
    expect(String((await post(textMessage('1'))).reply!.Content)).toMatch(/返回码55/);
  });

  it('puts a WeChat user who asks for a person in the queue, as a ticket of the wechat channel', async () => {
    const { reply } = await post(textMessage('转人工'));
    expect(String(reply!.Content)).toMatch(/排队/);
    const [ticket] = await server.runtime.desk.list({ states: ['waiting'] });
    expect(ticket).toMatchObject({ channel: 'wechat', conversationId: OPEN_ID });
  });

  it('greets a new follower with the main topics as numbers', async () => {
    const xml = buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'event', Event: 'subscribe' });
    const { reply } = await post(xml);
    expect(String(reply!.Content)).toMatch(/智能客服[\s\S]*回复序号：\n1\. 刷卡密码错误/);
  });

  // Every kind of message WeChat sends, in each mode: a reply (or 'success'), never a refusal.
  const envelope = { ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS) };
  const kinds: readonly [string, Record<string, string>, RegExp][] = [
    ['text', { MsgType: 'text', Content: '刷卡提示密码错误', MsgId: '2001' }, /返回码55/],
    ['voice with Recognition', { MsgType: 'voice', MediaId: 'm1', Format: 'amr', Recognition: '押金怎么退', MsgId: '2002' }, /哪种POS机/],
    ['voice without', { MsgType: 'voice', MediaId: 'm2', Format: 'amr', MsgId: '2003' }, /听不懂语音/],
    ['image', { MsgType: 'image', PicUrl: 'http://mmbiz.example/p.jpg', MediaId: 'media-2', MsgId: '2004' }, /看不懂图片/],
    ['location', { MsgType: 'location', Location_X: '31.2304', Location_Y: '121.4737', Scale: '15', Label: '上海市黄浦区', MsgId: '2005' }, /收到您的位置/],
    ['link', { MsgType: 'link', Title: '我的店', Description: '店铺', Url: 'https://example.com/shop', MsgId: '2006' }, /收到您发的链接/],
    ['video (not handled)', { MsgType: 'video', MediaId: 'v', ThumbMediaId: 't', MsgId: '2007' }, /这类消息我还看不了/],
    ['subscribe', { MsgType: 'event', Event: 'subscribe' }, /智能客服/],
    ['SCAN', { MsgType: 'event', Event: 'SCAN', EventKey: '123', Ticket: 'tk' }, /智能客服/],
    ['CLICK', { MsgType: 'event', Event: 'CLICK', EventKey: 'article:pin-wrong' }, /返回码55/],
  ];
  for (const mode of MODES) {
    it.each(kinds)(`${mode} mode: %s`, async (_kind, fields, expected) => {
      const { status, reply } = await post(buildWechatXml({ ...envelope, ...fields }), { mode });
      expect(status).toBe(200);
      expect(String(reply?.Content)).toMatch(expected);
    });
    it(`${mode} mode: unsubscribe is answered with success and nothing else`, async () => {
      const { status, text } = await post(buildWechatXml({ ...envelope, MsgType: 'event', Event: 'unsubscribe' }), { mode });
      expect([status, text]).toEqual([200, 'success']);
    });
  }

  it('reads a message sealed with the previous key during a rotation, and answers with that key', async () => {
    await server.close();
    const previousKey = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
    server = await startServer({
      now: ticking,
      env: { WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: api.appSecret, WECHAT_AES_KEY: AES_KEY, WECHAT_AES_KEY_PREVIOUS: previousKey, WECHAT_API_BASE: api.baseUrl },
    });
    const old = createWechatCrypto({ token: TOKEN, appId: APP_ID, aesKey: previousKey });
    const { reply } = await post(textMessage('刷卡提示密码错误'), { mode: 'safe', sealer: old });
    expect(String(reply?.Content)).toMatch(/返回码55/);
    // The current key still works beside it.
    expect(String((await post(textMessage('刷卡提示密码错误'), { mode: 'safe' })).reply?.Content)).toMatch(/返回码55/);
  });

  it('reads a menu tap as its words: an article by its title, a walkthrough by its button', async () => {
    const click = (key: string, at: number) => buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(at), MsgType: 'event', Event: 'CLICK', EventKey: key });
    expect(String((await post(click('article:pin-wrong', SECONDS))).reply!.Content)).toMatch(/返回码55/);
    expect(String((await post(click('flow:deposit-refund', SECONDS - 1))).reply!.Content)).toMatch(/哪种POS机[\s\S]*回复序号：\n1\. /);
    expect((await post(click('V1001_UNKNOWN', SECONDS - 2))).text).toBe('success');
  });

  it('answers a picture honestly while no person has the conversation', async () => {
    const xml = buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'image', PicUrl: 'http://mmbiz.example/x.jpg', MediaId: 'media-1', MsgId: '1234567890123' });
    const { reply } = await post(xml);
    expect(String(reply!.Content)).toMatch(/看不懂图片/);
  });

  it('reads recognised speech as text, and says how to type when there is none', async () => {
    const voice = (recognition: string, msgId: string) =>
      buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'voice', MediaId: 'm', Format: 'amr', Recognition: recognition, MsgId: msgId });
    expect(String((await post(voice('刷卡提示密码错误。', '111')))!.reply!.Content)).toMatch(/返回码55/);
    expect(String((await post(voice('', '112')))!.reply!.Content)).toMatch(/听不懂语音/);
  });
});

describe('refusals: a 4xx with a reason, never a turn', () => {
  it('refuses a timestamp older than 5 minutes (a replay)', async () => {
    const { status } = await post(textMessage('刷卡提示密码错误'), { timestamp: String(SECONDS - 301) });
    expect(status).toBe(403);
  });

  it('refuses a message sealed for another app id', async () => {
    const other = createWechatCrypto({ token: TOKEN, appId: 'wxfedcba9876543210', aesKey: AES_KEY });
    const sealed = other.seal(textMessage('你好'), { timestamp: String(SECONDS), nonce: 'n0nce42' });
    const response = await fetch(`${server.url}/wechat?${signedQuery({ encrypt: sealed.Encrypt })}`, { method: 'POST', body: buildWechatXml({ ToUserName: ACCOUNT, Encrypt: sealed.Encrypt }) });
    expect(response.status).toBe(400);
  });

  it('refuses an XML bomb without expanding it, and a body over 64 KB with 413', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><ToUserName>x</ToUserName><Content>&b;</Content></xml>`;
    expect((await post(bomb)).status).toBe(400);
    expect((await post(textMessage('x'.repeat(70_000)))).status).toBe(413);
    const logged = server.logs.join('\n');
    expect(logged).toMatch(/WeChat request refused/);
    expect(logged).not.toContain('aaaaaaaaaa');
  });
});

describe('never twice', () => {
  it('runs a retry storm of one MsgId as one turn, and answers each with the same reply', async () => {
    const xml = textMessage('刷卡提示密码错误', '9999999999999999');
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(xml)));
    const contents = new Set(answers.map((a) => String(a.reply?.Content)));
    expect(contents.size).toBe(1);
    expect([...contents][0]).toMatch(/返回码55/);
    const stored = await server.runtime.database.db.selectFrom('transcript').select(['text', 'direction']).where('channel', '=', 'wechat').execute();
    expect(stored.filter((row) => row.direction === 'in')).toHaveLength(1);
    // A retry after the answer gets it again, without a turn.
    expect(String((await post(xml)).reply?.Content)).toBe([...contents][0]);
  });
});

describe('a person on WeChat', () => {
  it("delivers an agent's messages through the customer-service API, and the user's words reach the agent", async () => {
    await post(textMessage('转人工'));
    const [ticket] = await server.runtime.desk.list({ states: ['waiting'] });
    const agent = await server.runtime.agents.add({ username: 'li', password: 'a-long-password-1', displayName: '小李' });
    await server.runtime.desk.accept(ticket!.id, { id: agent.id, displayName: '小李' });
    await server.runtime.desk.sendMessage(ticket!.id, { id: agent.id, displayName: '小李' }, '您好，我是小李，请问机器型号是？');
    await server.runtime.wechat!.outbox.drain();
    const sent = api.requestsTo('/cgi-bin/message/custom/send').map((r) => r.json as { touser: string; text: { content: string } });
    expect(sent.map((s) => s.touser)).toEqual([OPEN_ID, OPEN_ID]);
    expect(sent.map((s) => s.text.content).join('\n')).toMatch(/小李 已接入[\s\S]*请问机器型号是/);
    // The user's answer is for the person: no bot reply.
    const { text } = await post(textMessage('电签的'));
    expect(text).toBe('success');
    const { transcript } = await server.runtime.desk.get(ticket!.id);
    expect(transcript.at(-1)).toMatchObject({ from: 'user', text: '电签的' });
    // The agent closes: the rating question arrives as a menu message to tap, and a tap rates.
    await server.runtime.desk.close(ticket!.id, { id: agent.id, displayName: '小李' });
    await server.runtime.wechat!.outbox.drain();
    expect(api.requestsTo('/cgi-bin/message/custom/send').at(-1)!.json).toMatchObject({
      touser: OPEN_ID,
      msgtype: 'msgmenu',
      msgmenu: { head_content: expect.stringMatching(/打分/), list: expect.arrayContaining([{ id: '1', content: '1 很不满意' }, { id: '5', content: '5 非常满意' }]) },
    });
    const tap = buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'text', Content: '5 非常满意', MsgId: String(msgIds++), bizmsgmenuid: '5' });
    expect(String((await post(tap)).reply?.Content)).toMatch(/感谢您的评价/);
    expect((await server.runtime.desk.list({ states: ['closed'] }))[0]).toMatchObject({ id: ticket!.id, rating: 5 });
  });

  it('numbers the options instead when WeChat refuses the menu message, and a typed number rates', async () => {
    await post(textMessage('转人工'));
    const [ticket] = await server.runtime.desk.list({ states: ['waiting'] });
    const agent = await server.runtime.agents.add({ username: 'zhao', password: 'a-long-password-1', displayName: '小赵' });
    await server.runtime.desk.accept(ticket!.id, { id: agent.id, displayName: '小赵' });
    await server.runtime.wechat!.outbox.drain();
    api.failNext('/cgi-bin/message/custom/send', { errcode: 48001 });
    await server.runtime.desk.close(ticket!.id, { id: agent.id, displayName: '小赵' });
    await server.runtime.wechat!.outbox.drain();
    const last = (api.requestsTo('/cgi-bin/message/custom/send').at(-1)!.json as { text: { content: string } }).text.content;
    expect(last).toMatch(/打分[\s\S]*回复序号：\n1\. 1 很不满意[\s\S]*5\. 5 非常满意/);
    expect(String((await post(textMessage('4'))).reply?.Content)).toMatch(/感谢您的评价/);
    expect((await server.runtime.desk.list({ states: ['closed'] }))[0]).toMatchObject({ rating: 4 });
  });
});

describe("WeChat's 48-hour window and quota", () => {
  const wang = async () => {
    const agent = await server.runtime.agents.add({ username: 'wang', password: 'a-long-password-1', displayName: '小王' });
    return { id: agent.id, displayName: '小王' };
  };
  const queueAndAccept = async () => {
    await post(textMessage('转人工'));
    const [ticket] = await server.runtime.desk.list({ states: ['waiting'] });
    const agent = await wang();
    await server.runtime.desk.accept(ticket!.id, agent);
    return { ticket: ticket!, agent };
  };
  const lastLine = async (ticketId: number) => (await server.runtime.desk.get(ticketId)).transcript.at(-1);

  it('counts what may still be sent since the user last wrote, 5 at most, for 48 hours', async () => {
    const { ticket, agent } = await queueAndAccept();
    const wechat = server.runtime.wechat!;
    // The "小王 已接入" notice is one message of the five.
    expect(await wechat.window(OPEN_ID)).toMatchObject({ open: true, remaining: 4, quota: 5 });
    // 48 hours from when kefu received the message (its clock ticks a millisecond a reading).
    expect(Date.parse((await wechat.window(OPEN_ID)).closesAt!) - NOW.getTime()).toBeGreaterThan(48 * 3_600_000);
    expect(Date.parse((await wechat.window(OPEN_ID)).closesAt!) - NOW.getTime()).toBeLessThan(48 * 3_600_000 + 1000);
    for (const text of ['一', '二', '三', '四']) await server.runtime.desk.sendMessage(ticket.id, agent, text);
    expect((await wechat.window(OPEN_ID)).remaining).toBe(0);
    // The sixth is not sent: the agent sees it as not delivered, in the transcript.
    await server.runtime.desk.sendMessage(ticket.id, agent, '第六条消息');
    await wechat.outbox.drain();
    expect(api.requestsTo('/cgi-bin/message/custom/send').map((r) => (r.json as { text: { content: string } }).text.content)).not.toContain('第六条消息');
    expect(await lastLine(ticket.id)).toMatchObject({ from: 'bot', text: expect.stringMatching(/未送达（用户上次发消息后已发满条数[\s\S]*第六条消息/) });
    // The user writes again: the count starts afresh.
    await post(textMessage('好的'));
    expect((await wechat.window(OPEN_ID)).remaining).toBe(5);
  });

  it("shows WeChat's typing while the agent types, at most once every 10 seconds", async () => {
    const { ticket, agent } = await queueAndAccept();
    await server.runtime.desk.agentTyping(ticket.id, agent);
    await server.runtime.desk.agentTyping(ticket.id, agent);
    clock += 11_000;
    await server.runtime.desk.agentTyping(ticket.id, agent);
    expect(api.requestsTo('/cgi-bin/message/custom/typing').map((r) => r.json)).toEqual([
      { touser: OPEN_ID, command: 'Typing' },
      { touser: OPEN_ID, command: 'Typing' },
    ]);
  });

  it('does not send once 48 hours have passed since the user wrote, and says so to the agent', async () => {
    const { ticket, agent } = await queueAndAccept();
    // What was queued before (the notice that a person took over) goes first, whenever the outbox runs.
    await server.runtime.wechat!.outbox.drain();
    const sentBefore = api.requestsTo('/cgi-bin/message/custom/send').length;
    clock += 49 * 3_600_000;
    expect(await server.runtime.wechat!.window(OPEN_ID)).toMatchObject({ open: false, remaining: 0 });
    // The note for the agents is written after the refusal, apart from the send: awaited as the agents hear it.
    const lines = createArrivals<{ ticketId: number; message: { text: string } }>();
    server.runtime.desk.on('message', lines.add);
    await server.runtime.desk.sendMessage(ticket.id, agent, '您好，还在吗');
    await lines.waitFor((line) => line.ticketId === ticket.id && line.message.text.includes('未送达'));
    await server.runtime.wechat!.outbox.drain();
    expect(api.requestsTo('/cgi-bin/message/custom/send')).toHaveLength(sentBefore);
    expect(await lastLine(ticket.id)).toMatchObject({ text: expect.stringMatching(/未送达（用户超过 48 小时没有发消息/) });
  });

  it('shows a message WeChat refuses (45015) to the agent as not delivered', async () => {
    const { ticket, agent } = await queueAndAccept();
    await server.runtime.wechat!.outbox.drain();
    api.failNext('/cgi-bin/message/custom/send', { errcode: 45015 });
    await server.runtime.desk.sendMessage(ticket.id, agent, '这条会被微信拒绝');
    await server.runtime.wechat!.outbox.drain();
    expect(await lastLine(ticket.id)).toMatchObject({ from: 'bot', text: expect.stringMatching(/未送达[\s\S]*这条会被微信拒绝/) });
  });
});
