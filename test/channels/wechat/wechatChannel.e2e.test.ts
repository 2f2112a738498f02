import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildWechatXml, createWechatCrypto, parseWechatXml, wechatSignature } from '../../../src/channels/wechat/index.js';
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
const crypto = createWechatCrypto({ token: TOKEN, appId: APP_ID, aesKey: AES_KEY, randomBytes: (n) => randomBytes(n) });

beforeEach(async () => {
  api = await startFakeWechatApi({ appId: APP_ID });
  server = await startServer({
    now: () => NOW,
    env: { WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: api.appSecret, WECHAT_AES_KEY: AES_KEY, WECHAT_API_BASE: api.baseUrl },
  });
});
afterEach(async () => {
  await server?.close();
  await api?.close();
});

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
async function post(xml: string, { mode = 'plain', timestamp }: { mode?: 'plain' | 'safe'; timestamp?: string } = {}) {
  let body = xml;
  let query = signedQuery({ timestamp });
  if (mode === 'safe') {
    const sealed = crypto.seal(xml, { timestamp: timestamp ?? String(SECONDS), nonce: 'n0nce42' });
    body = buildWechatXml({ ToUserName: ACCOUNT, Encrypt: sealed.Encrypt });
    query = signedQuery({ timestamp, encrypt: sealed.Encrypt });
  }
  const response = await fetch(`${server.url}/wechat?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
  const text = await response.text();
  if (response.status !== 200 || text === 'success' || text === '') return { status: response.status, text, reply: undefined };
  let inner = text;
  if (mode === 'safe') {
    const outer = parseWechatXml(text);
    inner = crypto.open({ msgSignature: String(outer.MsgSignature), timestamp: String(outer.TimeStamp), nonce: String(outer.Nonce), encrypt: String(outer.Encrypt) }).message;
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
  it.each(['plain', 'safe'] as const)('answers a text passively in %s mode, Markdown as plain text and options numbered', async (mode) => {
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
    // The agent closes: the rating question arrives with its options numbered, and a number rates.
    await server.runtime.desk.close(ticket!.id, { id: agent.id, displayName: '小李' });
    await server.runtime.wechat!.outbox.drain();
    const last = (api.requestsTo('/cgi-bin/message/custom/send').at(-1)!.json as { text: { content: string } }).text.content;
    expect(last).toMatch(/打分[\s\S]*回复序号：\n1\. 1 很不满意[\s\S]*5\. 5 非常满意/);
    expect(String((await post(textMessage('5'))).reply?.Content)).toMatch(/感谢您的评价/);
    expect((await server.runtime.desk.list({ states: ['closed'] }))[0]).toMatchObject({ id: ticket!.id, rating: 5 });
  });
});
