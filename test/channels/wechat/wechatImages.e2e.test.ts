import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildWechatXml, wechatSignature } from '../../../src/channels/wechat/index.js';
import { startFakeWechatApi, type FakeWechatApi } from '../../support/fakeWechatApi.js';
import { JPEG, PNG, TEXT } from '../../support/images.js';
import { startServer, type TestServer } from '../../support/startServer.js';

/*
 * Pictures on WeChat, both ways, end to end: kefu as main.ts runs it against a local fake of
 * WeChat's API (media/get serves what `addMedia` put there; media/upload keeps what it is sent).
 */

const TOKEN = 'kefuToken2026';
const APP_ID = 'wx0123456789abcdef';
const NOW = new Date('2026-12-02T15:00:00+08:00');
const SECONDS = Math.floor(NOW.getTime() / 1000);
const OPEN_ID = 'oUSER_picture_sender_abcdef';
const ACCOUNT = 'gh_0123456789ab';
const PASSWORD = 'a-long-password-1';

let api: FakeWechatApi;
let server: TestServer;

beforeEach(async () => {
  api = await startFakeWechatApi({ appId: APP_ID });
  server = await startServer({ now: () => NOW, env: { WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: api.appSecret, WECHAT_API_BASE: api.baseUrl } });
  await server.addAgent('li', PASSWORD, '小李');
});
afterEach(async () => {
  await server?.close();
  await api?.close();
});

let msgIds = 8_100_000_000_000_000_000n;
const nextId = () => String(msgIds++);
const textMessage = (content: string) => buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'text', Content: content, MsgId: nextId() });
const imageMessage = (mediaId: string) =>
  buildWechatXml({ ToUserName: ACCOUNT, FromUserName: OPEN_ID, CreateTime: String(SECONDS), MsgType: 'image', PicUrl: 'http://mmbiz.example/x.jpg', MediaId: mediaId, MsgId: nextId() });

/** POSTs a plaintext message as WeChat does; the reply's text, or 'success'. */
async function post(xml: string): Promise<string> {
  const timestamp = String(SECONDS);
  const nonce = 'n0nce42';
  const query = new URLSearchParams({ signature: wechatSignature({ token: TOKEN, timestamp, nonce }), timestamp, nonce, openid: OPEN_ID });
  const response = await fetch(`${server.url}/wechat?${query}`, { method: 'POST', body: xml, headers: { 'content-type': 'text/xml' } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The user asks for a person and one accepts: the ticket, and the agent acting on it. */
async function withAgent() {
  await post(textMessage('转人工'));
  const [ticket] = await server.runtime.desk.list({ states: ['waiting'] });
  const agent = (await server.runtime.agents.get('li'))!;
  const acting = { id: agent.id, displayName: agent.displayName };
  await server.runtime.desk.accept(ticket!.id, acting);
  return { ticketId: ticket!.id, acting };
}

describe('a WeChat user sends a picture', () => {
  it('while a person has the conversation: fetched with media/get, kept, and shown to the agent as an image beside "[图片]"', async () => {
    const { ticketId } = await withAgent();
    api.addMedia('MEDIA_SCREEN_1', JPEG, 'image/jpeg');

    expect(await post(imageMessage('MEDIA_SCREEN_1'))).toBe('success');

    expect(api.requestsTo('/cgi-bin/media/get').map((r) => r.query.media_id)).toEqual(['MEDIA_SCREEN_1']);
    const { transcript } = await server.runtime.desk.get(ticketId);
    const last = transcript.at(-1)!;
    expect(last).toMatchObject({ from: 'user', text: '[图片]', image: { mediaId: expect.any(String), contentType: 'image/jpeg' } });
    // The agent console reads it with its session; the bytes are WeChat's.
    const login = await fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'li', password: PASSWORD, kind: 'cookie' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const image = await fetch(`${server.url}/api/agent/media/${last.image!.mediaId}`, { headers: { cookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.compare(Buffer.from(await image.arrayBuffer()), JPEG)).toBe(0);
  });

  it('while nobody has it: answered honestly at once, and not fetched', async () => {
    api.addMedia('MEDIA_SCREEN_2', PNG, 'image/png');
    const reply = await post(imageMessage('MEDIA_SCREEN_2'));
    expect(reply).toMatch(/看不懂图片/);
    expect(api.requestsTo('/cgi-bin/media/get')).toHaveLength(0);
  });

  it('that WeChat cannot give, or that is no image: the agent still reads "[图片]", without an image', async () => {
    const { ticketId } = await withAgent();
    api.addMedia('MEDIA_NOT_AN_IMAGE', TEXT, 'image/png');
    expect(await post(imageMessage('MEDIA_GONE'))).toBe('success');
    expect(await post(imageMessage('MEDIA_NOT_AN_IMAGE'))).toBe('success');
    const { transcript } = await server.runtime.desk.get(ticketId);
    expect(transcript.slice(-2)).toEqual([
      expect.objectContaining({ from: 'user', text: '[图片]' }),
      expect.objectContaining({ from: 'user', text: '[图片]' }),
    ]);
    expect(transcript.slice(-2).map((m) => m.image)).toEqual([undefined, undefined]);
  });
});

describe("an agent's picture to a WeChat user", () => {
  it('is uploaded as temporary media and sent as an image customer-service message', async () => {
    const { ticketId, acting } = await withAgent();
    const message = await server.runtime.desk.sendImage(ticketId, acting, PNG);
    expect(message).toMatchObject({ from: 'agent', agentName: '小李', image: { contentType: 'image/png' } });
    await server.runtime.wechat!.outbox.drain();

    const [upload] = api.requestsTo('/cgi-bin/media/upload');
    expect(upload?.query.type).toBe('image');
    expect(Buffer.compare(upload!.file!.bytes, PNG)).toBe(0);
    expect(upload!.file!.contentType).toBe('image/png');
    const sent = api.requestsTo('/cgi-bin/message/custom/send').map((r) => r.json as { touser: string; msgtype: string; image?: { media_id: string } });
    expect(sent.at(-1)).toEqual({ touser: OPEN_ID, msgtype: 'image', image: { media_id: 'FAKE_MEDIA_1' } });
    // The agents' transcript refers to the kept image.
    const { transcript } = await server.runtime.desk.get(ticketId);
    expect(transcript.at(-1)).toMatchObject({ from: 'agent', image: { mediaId: message.image!.mediaId } });
  });

  it('is refused before anything is sent when it is no image', async () => {
    const { ticketId, acting } = await withAgent();
    await expect(server.runtime.desk.sendImage(ticketId, acting, TEXT)).rejects.toMatchObject({ code: 'STORAGE_NOT_AN_IMAGE' });
    expect(api.requestsTo('/cgi-bin/media/upload')).toHaveLength(0);
  });
});
