import { describe, expect, it } from 'vitest';
import { WechatApiError, WechatError, wechatErrcodes, wechatErrorCodes } from '../../../src/channels/wechat/index.js';

describe('WechatError', () => {
  it('has unique codes, all prefixed WECHAT_', () => {
    expect(new Set(wechatErrorCodes).size).toBe(wechatErrorCodes.length);
    for (const code of wechatErrorCodes) expect(code).toMatch(/^WECHAT_[A-Z_]+$/);
  });

  it('names the module in its message', () => {
    expect(new WechatError('WECHAT_BAD_XML', 'broken').message).toBe('kefu wechat: broken');
  });
});

describe('WechatApiError', () => {
  const refused = (errcode: number) => new WechatApiError('WECHAT_API_REFUSED', 'x', { errcode, errmsg: 'm' });

  it('is retryable for the network, timeouts, 5xx, "busy" and rate limits', () => {
    for (const code of ['WECHAT_API_NETWORK', 'WECHAT_API_TIMEOUT', 'WECHAT_API_SERVER'] as const) expect(new WechatApiError(code, 'x').retryable).toBe(true);
    expect(refused(wechatErrcodes.SYSTEM_BUSY).retryable).toBe(true);
    expect(refused(wechatErrcodes.API_RATE_LIMITED).retryable).toBe(true);
  });

  it('is a refusal, not retryable, when the window is closed, the quota spent or the answer unreadable', () => {
    expect(refused(wechatErrcodes.RESPONSE_WINDOW_EXPIRED).retryable).toBe(false);
    expect(refused(wechatErrcodes.OUT_OF_RESPONSE_QUOTA).retryable).toBe(false);
    expect(new WechatApiError('WECHAT_API_BAD_RESPONSE', 'x').retryable).toBe(false);
  });

  it('marks token errcodes as curable by a fresh token', () => {
    expect([40001, 40014, 42001].map((errcode) => refused(errcode).isTokenProblem)).toEqual([true, true, true]);
    expect(refused(45015).isTokenProblem).toBe(false);
    expect(new WechatApiError('WECHAT_API_SERVER', 'x').isTokenProblem).toBe(false);
  });

  it('is a WechatError carrying errcode and errmsg', () => {
    const error = refused(45015);
    expect(error).toBeInstanceOf(WechatError);
    expect(error).toMatchObject({ code: 'WECHAT_API_REFUSED', errcode: 45015, errmsg: 'm', name: 'WechatApiError' });
  });
});
