import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/index.js';

const whole = {
  WECHAT_TOKEN: 'kefuToken123',
  WECHAT_APP_ID: 'wxb11529c136998cb6',
  WECHAT_APP_SECRET: 'app-secret-value',
};
const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const previousKey = 'KgwVOifMrDO0tQNbzdoeWP6abSF2MIN97UuSlZDLrAI';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected loadConfig to fail');
}

describe('WeChat settings', () => {
  it('leave the channel off when no WECHAT_* variable is set', () => {
    expect(loadConfig({}, '/srv').wechat).toBeUndefined();
    // The API base alone has a default and turns nothing on.
    expect(loadConfig({ WECHAT_API_BASE: 'https://proxy.example.com' }, '/srv').wechat).toBeUndefined();
  });

  it('turn the channel on with token, app id and secret, in plaintext mode and WeChat\'s API host by default', () => {
    const { wechat } = loadConfig(whole, '/srv');
    expect(wechat).toEqual({ token: 'kefuToken123', appId: 'wxb11529c136998cb6', appSecret: 'app-secret-value', aesKey: undefined, aesKeyPrevious: undefined, apiBase: 'https://api.weixin.qq.com' });
    expect(Object.isFrozen(wechat)).toBe(true);
  });

  it('read the current and previous EncodingAESKey and an API base (trailing slash dropped)', () => {
    const config = loadConfig({ ...whole, WECHAT_AES_KEY: aesKey, WECHAT_AES_KEY_PREVIOUS: previousKey, WECHAT_API_BASE: 'http://127.0.0.1:8080/' }, '/srv');
    expect(config.wechat).toMatchObject({ aesKey, aesKeyPrevious: previousKey, apiBase: 'http://127.0.0.1:8080' });
    expect(config.sources).toMatchObject({ WECHAT_AES_KEY: 'env', WECHAT_API_BASE: 'env' });
  });

  it.each([
    [{ WECHAT_TOKEN: 'kefuToken123' }, /WECHAT_TOKEN is set but WECHAT_APP_ID, WECHAT_APP_SECRET are not/],
    [{ WECHAT_APP_ID: 'wxb11529c136998cb6', WECHAT_APP_SECRET: 's' }, /but WECHAT_TOKEN is not/],
    [{ WECHAT_TOKEN: 'kefuToken123', WECHAT_APP_ID: 'wxb11529c136998cb6' }, /but WECHAT_APP_SECRET is not/],
    [{ WECHAT_AES_KEY: aesKey }, /WECHAT_AES_KEY is set but WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_APP_SECRET are not/],
    [{ ...whole, WECHAT_AES_KEY_PREVIOUS: previousKey }, /but WECHAT_AES_KEY is not/],
  ])('stop start-up when half set (%o), naming what is missing', (env, message) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/WeChat channel is half configured/);
    expect(problems[0]).toMatch(message);
  });

  it('refuse a malformed EncodingAESKey, naming the variable but never the value', () => {
    const shortKey = aesKey.slice(0, 42);
    const [problem] = problemsOf({ ...whole, WECHAT_AES_KEY: shortKey });
    expect(problem).toMatch(/^WECHAT_AES_KEY=\(value hidden\) is invalid: must be the 43-character EncodingAESKey/);
    expect(problem).not.toContain(shortKey);
    expect(problemsOf({ ...whole, WECHAT_AES_KEY: aesKey, WECHAT_AES_KEY_PREVIOUS: `${previousKey.slice(0, 42)}=` })[0]).toMatch(/^WECHAT_AES_KEY_PREVIOUS=\(value hidden\)/);
  });

  it('refuse an app id, token or API base WeChat would not have', () => {
    expect(problemsOf({ ...whole, WECHAT_APP_ID: 'gh_10f6c3c3ac5a' })[0]).toMatch(/^WECHAT_APP_ID="gh_10f6c3c3ac5a" is invalid: must be the AppID/);
    expect(problemsOf({ ...whole, WECHAT_TOKEN: 'a token!' })[0]).toMatch(/^WECHAT_TOKEN=\(value hidden\) is invalid: must be 3 to 32 letters or digits/);
    expect(problemsOf({ ...whole, WECHAT_API_BASE: 'ftp://api.weixin.qq.com' })[0]).toMatch(/^WECHAT_API_BASE="ftp:\/\/api.weixin.qq.com" is invalid/);
  });

  it('are redacted when the config is described for the log', () => {
    const config = loadConfig({ ...whole, WECHAT_AES_KEY: aesKey, WECHAT_AES_KEY_PREVIOUS: previousKey }, '/srv');
    const described = JSON.stringify(describeConfig(config));
    for (const secret of ['kefuToken123', 'app-secret-value', aesKey, previousKey]) expect(described).not.toContain(secret);
    expect(described).toContain('wxb11529c136998cb6');
    expect(describeConfig(loadConfig({}, '/srv')).wechat).toBeUndefined();
  });
});
