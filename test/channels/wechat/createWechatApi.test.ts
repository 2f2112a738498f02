import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWechatApi, WechatApiError, type WechatApi, type WechatApiOptions } from '../../../src/channels/wechat/index.js';
import { startFakeWechatApi, type FakeWechatApi } from '../../support/fakeWechatApi.js';

const SEND = '/cgi-bin/message/custom/send';
const TOKEN = '/cgi-bin/stable_token';

let fake: FakeWechatApi;
let clock: number;

function api(options: Partial<WechatApiOptions> = {}): WechatApi {
  return createWechatApi({ appId: fake.appId, appSecret: fake.appSecret, baseUrl: fake.baseUrl, now: () => clock, ...options });
}

async function failure(promise: Promise<unknown>): Promise<WechatApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WechatApiError) return error;
    throw new Error(`expected a WechatApiError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  fake = await startFakeWechatApi();
  clock = 1_700_000_000_000;
});

afterEach(async () => {
  await fake.close();
});

describe('createWechatApi: the access token', () => {
  it('fetches a stable token with the client credential, then calls with it', async () => {
    await api().sendCustomMessage({ toUser: 'o_user', kind: 'text', content: '您好' });
    expect(fake.requestsTo(TOKEN)).toEqual([
      expect.objectContaining({ method: 'POST', json: { grant_type: 'client_credential', appid: fake.appId, secret: fake.appSecret, force_refresh: false } }),
    ]);
    expect(fake.requestsTo(SEND)[0]?.query).toEqual({ access_token: fake.currentToken });
  });

  it('keeps the token until 5 minutes before it expires, then fetches it again', async () => {
    const client = api();
    await client.typing('o_user', 'Typing');
    clock += (7200 - 300) * 1000 - 1;
    await client.typing('o_user', 'CancelTyping');
    expect(fake.requestsTo(TOKEN)).toHaveLength(1);
    clock += 1;
    await client.typing('o_user', 'Typing');
    expect(fake.requestsTo(TOKEN)).toHaveLength(2);
  });

  it('fetches one token for calls that need one at the same time', async () => {
    const client = api();
    const held = fake.hold(TOKEN);
    const calls = [1, 2, 3].map((n) => client.sendCustomMessage({ toUser: `o_${n}`, kind: 'text', content: 'x' }));
    await held.arrived;
    held.release();
    await Promise.all(calls);
    expect(fake.requestsTo(TOKEN)).toHaveLength(1);
    expect(fake.requestsTo(SEND)).toHaveLength(3);
  });

  it('on 40001, asks for the token again, forces a fresh one when WeChat still has the rejected one, and tries the call once more', async () => {
    const client = api();
    await client.accessToken();
    const stale = fake.currentToken;
    fake.failNext(SEND, { errcode: 40001, errmsg: 'invalid credential' });
    await client.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' });
    expect(fake.requestsTo(TOKEN).map((r) => (r.json as { force_refresh: boolean }).force_refresh)).toEqual([false, false, true]);
    expect(fake.requestsTo(SEND).map((r) => r.query.access_token)).toEqual([stale, fake.currentToken]);
    expect(fake.currentToken).not.toBe(stale);
  });

  it("takes the token another instance forced, without forcing one itself (which would invalidate that instance's)", async () => {
    const mine = api();
    const other = api();
    await mine.accessToken();
    fake.failNext(SEND, { errcode: 40001, errmsg: 'invalid credential' });
    await other.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'other' });
    const forcedByOther = fake.currentToken;
    // Mine is now rejected: WeChat's stable token is the one the other instance forced.
    await mine.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'mine' });
    expect(fake.requestsTo(TOKEN).filter((r) => (r.json as { force_refresh: boolean }).force_refresh)).toHaveLength(1);
    expect(fake.currentToken).toBe(forcedByOther);
    expect(fake.requestsTo(SEND).at(-1)!.query.access_token).toBe(forcedByOther);
  });

  it('on 42001 (expired), does the same', async () => {
    const client = api();
    await client.accessToken();
    fake.expireToken();
    await client.createMenu({ button: [{ type: 'click', name: '打印', key: 'MENU_PRINTER' }] });
    expect(fake.requestsTo('/cgi-bin/menu/create')).toHaveLength(2);
    expect(fake.requestsTo(TOKEN)).toHaveLength(2);
  });

  it('tries only once more: a second 40001 is the caller\'s', async () => {
    fake.failNext(SEND, { errcode: 40001 }, 2);
    const error = await failure(api().sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }));
    expect(error).toMatchObject({ code: 'WECHAT_API_REFUSED', errcode: 40001 });
    expect(fake.requestsTo(SEND)).toHaveLength(2);
  });

  it('forces one refresh, not one per call, when several calls are refused with the same token', async () => {
    const client = api();
    await client.accessToken();
    fake.failNext(SEND, { errcode: 40001 }, 3);
    await Promise.all([1, 2, 3].map((n) => client.sendCustomMessage({ toUser: `o_${n}`, kind: 'text', content: 'x' })));
    expect(fake.requestsTo(TOKEN).filter((r) => (r.json as { force_refresh: boolean }).force_refresh)).toHaveLength(1);
    expect(fake.requestsTo(SEND)).toHaveLength(6);
  });

  it('reports a wrong app secret as a refusal of the token call, without retrying it', async () => {
    const error = await failure(api({ appSecret: 'wrong' }).sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }));
    expect(error).toMatchObject({ code: 'WECHAT_API_REFUSED', errcode: 40125, retryable: false });
    expect(error.message).toContain('/cgi-bin/stable_token');
    expect(error.message).not.toContain('wrong');
    expect(fake.requestsTo(TOKEN)).toHaveLength(1);
    expect(fake.requestsTo(SEND)).toHaveLength(0);
  });
});

describe('createWechatApi: customer-service messages', () => {
  it('sends text, image and menu messages in WeChat\'s format', async () => {
    const client = api();
    await client.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: '回复 1 查看打印机问题' });
    await client.sendCustomMessage({ toUser: 'o_user', kind: 'image', mediaId: 'MEDIA_1' });
    await client.sendCustomMessage({ toUser: 'o_user', kind: 'menu', head: '您对本次服务是否满意呢？', options: [{ id: '101', content: '满意' }, { id: '102', content: '不满意' }], tail: '欢迎再次光临' });
    expect(fake.requestsTo(SEND).map((r) => r.json)).toEqual([
      { touser: 'o_user', msgtype: 'text', text: { content: '回复 1 查看打印机问题' } },
      { touser: 'o_user', msgtype: 'image', image: { media_id: 'MEDIA_1' } },
      { touser: 'o_user', msgtype: 'msgmenu', msgmenu: { head_content: '您对本次服务是否满意呢？', list: [{ id: '101', content: '满意' }, { id: '102', content: '不满意' }], tail_content: '欢迎再次光临' } },
    ]);
  });

  it('sends the typing commands', async () => {
    const client = api();
    await client.typing('o_user', 'Typing');
    await client.typing('o_user', 'CancelTyping');
    expect(fake.requestsTo('/cgi-bin/message/custom/typing').map((r) => r.json)).toEqual([
      { touser: 'o_user', command: 'Typing' },
      { touser: 'o_user', command: 'CancelTyping' },
    ]);
  });

  it.each([
    [45015, 'the 48-hour window has closed'],
    [45047, 'the quota of messages is spent'],
  ])('reports errcode %i (%s) as a refusal with errcode and errmsg, not retried', async (errcode) => {
    fake.failNext(SEND, { errcode, errmsg: `fake ${errcode}` });
    const error = await failure(api().sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }));
    expect(error).toMatchObject({ code: 'WECHAT_API_REFUSED', errcode, errmsg: `fake ${errcode}`, retryable: false });
    expect(fake.requestsTo(SEND)).toHaveLength(1);
  });

  it('reports 45011 (rate limit) as a refusal that may be retried later', async () => {
    fake.failNext(SEND, { errcode: 45011 });
    expect(await failure(api().sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }))).toMatchObject({ errcode: 45011, retryable: true });
  });

  it('tells a 5xx and a cut connection (retryable) apart from refusals', async () => {
    const client = api();
    fake.failNext(SEND, { status: 503 });
    expect(await failure(client.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }))).toMatchObject({ code: 'WECHAT_API_SERVER', status: 503, retryable: true });
    fake.failNext(SEND, { drop: true });
    expect(await failure(client.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }))).toMatchObject({ code: 'WECHAT_API_NETWORK', retryable: true });
  });

  it('reports a server that is not there as a network error', async () => {
    const { baseUrl } = fake;
    await fake.close();
    const error = await failure(createWechatApi({ appId: 'wx0123456789abcdef', appSecret: 's', baseUrl }).accessToken());
    expect(error).toMatchObject({ code: 'WECHAT_API_NETWORK', retryable: true });
    fake = await startFakeWechatApi();
  });

  it('gives up after the timeout, and when the caller aborts', async () => {
    const held = fake.hold(SEND);
    expect(await failure(api({ timeoutMs: 50 }).sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }))).toMatchObject({ code: 'WECHAT_API_TIMEOUT', retryable: true });
    held.release();

    const controller = new AbortController();
    const again = fake.hold(SEND);
    const call = failure(api().sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }, { signal: controller.signal }));
    await again.arrived;
    controller.abort();
    expect(await call).toMatchObject({ code: 'WECHAT_API_TIMEOUT', message: expect.stringContaining('aborted') });
    again.release();
  });

  it('never puts the access token in an error message', async () => {
    fake.failNext(SEND, { errcode: 45015 });
    const error = await failure(api().sendCustomMessage({ toUser: 'o_user', kind: 'text', content: 'x' }));
    expect(error.message).toContain(SEND);
    expect(error.message).not.toContain(fake.currentToken!);
  });

  it('accepts a base URL with a trailing slash', async () => {
    await api({ baseUrl: `${fake.baseUrl}/` }).typing('o_user', 'Typing');
    expect(fake.requestsTo('/cgi-bin/message/custom/typing')).toHaveLength(1);
  });
});

describe('createWechatApi: media and menu', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  it('downloads a user\'s image as bytes with its content type', async () => {
    fake.addMedia('MEDIA_PHOTO', png, 'image/jpeg');
    const media = await api().getMedia('MEDIA_PHOTO');
    expect(media.contentType).toBe('image/jpeg');
    expect(Buffer.from(media.bytes).equals(png)).toBe(true);
    expect(fake.requestsTo('/cgi-bin/media/get')[0]?.query).toMatchObject({ media_id: 'MEDIA_PHOTO' });
  });

  it('reports an unknown media id as a refusal, and a file over the limit as a bad answer', async () => {
    expect(await failure(api().getMedia('NOPE'))).toMatchObject({ code: 'WECHAT_API_REFUSED', errcode: 40007 });
    fake.addMedia('BIG', Buffer.alloc(2048, 1), 'image/png');
    expect(await failure(api({ maxMediaBytes: 1024 }).getMedia('BIG'))).toMatchObject({ code: 'WECHAT_API_BAD_RESPONSE', retryable: false });
  });

  it('uploads an image as multipart "media" and gets a media id that serves the same bytes', async () => {
    const client = api();
    const uploaded = await client.uploadMedia({ bytes: png, contentType: 'image/png' });
    const [request] = fake.requestsTo('/cgi-bin/media/upload');
    expect(request?.query).toMatchObject({ type: 'image' });
    expect(request?.file).toMatchObject({ fileName: 'image.png', contentType: 'image/png' });
    expect(uploaded.mediaId).toMatch(/^FAKE_MEDIA_/);
    expect(uploaded.createdAt).toBeGreaterThan(0);
    expect(Buffer.from((await client.getMedia(uploaded.mediaId)).bytes).equals(png)).toBe(true);
  });

  it('retries an upload refused for its token with the whole file again', async () => {
    const client = api();
    await client.accessToken();
    fake.failNext('/cgi-bin/media/upload', { errcode: 42001 });
    await client.uploadMedia({ bytes: png, contentType: 'image/png', fileName: 'screen.png' });
    expect(fake.requestsTo('/cgi-bin/media/upload').map((r) => r.file?.bytes.length)).toEqual([png.length, png.length]);
  });

  it('creates the menu with the buttons as given', async () => {
    const menu = { button: [{ type: 'click' as const, name: '常见问题', key: 'MENU_FAQ' }, { name: '更多', sub_button: [{ type: 'view' as const, name: '官网', url: 'https://example.com/' }] }] };
    await api().createMenu(menu);
    expect(fake.requestsTo('/cgi-bin/menu/create')[0]?.json).toEqual(menu);
  });
});

describe('createWechatApi: failures for the metrics', () => {
  it("tells onFailure WeChat's errcode when it refuses, and the kind of failure otherwise", async () => {
    const codes: string[] = [];
    const client = api({ onFailure: (code) => codes.push(code) });
    fake.failNext(SEND, { errcode: 45047 });
    await failure(client.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: '您好' }));
    fake.failNext(SEND, { status: 502 });
    await failure(client.sendCustomMessage({ toUser: 'o_user', kind: 'text', content: '您好' }));
    expect(codes).toEqual(['45047', 'WECHAT_API_SERVER']);
  });
});
