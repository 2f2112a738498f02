import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWechatApi, type FakeWechatApi } from '../support/fakeWechatApi.js';
import { runCli } from '../support/runCli.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

/*
 * `npm run wechat -- menu`: the menu file as WeChat's menu/create takes it, against a local fake of
 * WeChat's API. Most tests run the command in this process; publishing and the missing
 * configuration run it as its own process, as an operator does, so that the wiring stays tested:
 * the arguments, the environment and the exit codes 0 and 1. Each process takes a second or two
 * to start (tsx), more on a busy machine.
 */

let api: FakeWechatApi;
beforeEach(async () => {
  api = await startFakeWechatApi();
});
afterEach(async () => {
  await api.close();
});

const wechat = (args: readonly string[], env: Record<string, string> = {}) => runCliInProcess('wechat', args, { env: { LOG_LEVEL: 'silent', ...env } });
const wechatProcess = (args: readonly string[], env: Record<string, string> = {}) => runCli('wechat', args, { env: { LOG_LEVEL: 'silent', ...env } });
const processTimeout = { timeout: 60_000 };

describe('npm run wechat -- menu', () => {
  it('publishes knowledge/wechat-menu.yaml with menu/create (as its own process)', processTimeout, async () => {
    const { code, stdout } = await wechatProcess(['menu'], { WECHAT_TOKEN: 'kefuToken1', WECHAT_APP_ID: api.appId, WECHAT_APP_SECRET: api.appSecret, WECHAT_API_BASE: api.baseUrl });
    expect(code).toBe(0);
    expect(stdout).toMatch(/菜单已发布/);
    const [created] = api.requestsTo('/cgi-bin/menu/create');
    expect(created!.json).toMatchObject({ button: expect.arrayContaining([expect.objectContaining({ name: '人工客服', type: 'click', key: 'say:转人工' })]) });
  });

  it('says what is missing when the channel is not configured, and sends nothing (as its own process)', processTimeout, async () => {
    const { code, stderr } = await wechatProcess(['menu'], { WECHAT_TOKEN: '', WECHAT_APP_ID: '' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/WECHAT_APP_ID/);
    expect(api.requests).toHaveLength(0);
  });

  it('prints the menu with --dry-run, and answers bad usage with exit code 2', async () => {
    const dry = await wechat(['menu', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ button: expect.any(Array) });
    expect((await wechat(['nonsense'])).code).toBe(2);
  });
});
