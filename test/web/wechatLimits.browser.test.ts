import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildWechatXml, wechatSignature } from '../../src/channels/wechat/index.js';
import { webDistDir } from '../../src/app/createRuntime.js';
import { startFakeWechatApi, type FakeWechatApi } from '../support/fakeWechatApi.js';
import { startServer, type TestServer } from '../support/startServer.js';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';

/*
 * A WeChat merchant's ticket in the agent console, in Chromium: WeChat lets customer-service
 * messages reach a user for 48 hours after their last message, and only 5 of them; the agent sees
 * how many are left, is warned before the last, and sees plainly when none can go.
 */

const PASSWORD = 'correct horse battery staple';
const TOKEN = 'kefuToken2026';
let browser: Browser;
let server: TestServer;
let api: FakeWechatApi;

async function wechatSays(text: string, msgId: string): Promise<void> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const query = new URLSearchParams({ signature: wechatSignature({ token: TOKEN, timestamp, nonce: 'n' }), timestamp, nonce: 'n' });
  const xml = buildWechatXml({ ToUserName: 'gh_x', FromUserName: 'oMERCHANT', CreateTime: timestamp, MsgType: 'text', Content: text, MsgId: msgId });
  const response = await fetch(`${server.url}/wechat?${query}`, { method: 'POST', body: xml });
  expect(response.status).toBe(200);
}

async function sendFromConsole(page: Page, text: string) {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
  await page.locator('.transcript .msg-agent', { hasText: text }).waitFor();
}

describe.runIf(browserTestsEnabled('WeChat limits browser test'))("WeChat's limits in the agent console, in Chromium", () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/agent/agent.js`), 'run `npm run build:web` first').toBe(true);
    browser = await launchChromium();
    api = await startFakeWechatApi();
    server = await startServer({ env: { SERVICE_HOURS: 'always', WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: api.appId, WECHAT_APP_SECRET: api.appSecret, WECHAT_API_BASE: api.baseUrl } });
    await server.addAgent('wang', PASSWORD, '王小明');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await api?.close();
  });

  it('shows how many messages may still go, warns before the last, and says when none can', async () => {
    await wechatSays('转人工', '5001');
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}/agent/`);
    await page.getByLabel('用户名').fill('wang');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#queue-list .row', { hasText: '转人工' }).first().click();
    await page.getByRole('button', { name: '接入' }).click();
    const limits = page.locator('.ticket-limits');
    // "王小明 已接入" went to the merchant: one of the five.
    await limits.filter({ hasText: '还可以发 4 条' }).waitFor();
    await sendFromConsole(page, '您好');
    await sendFromConsole(page, '请问机器型号？');
    await sendFromConsole(page, '屏幕上显示什么？');
    await limits.filter({ hasText: '只能再发 1 条' }).waitFor();
    expect(await limits.getAttribute('data-level')).toBe('warn');
    await sendFromConsole(page, '收到请回复');
    await limits.filter({ hasText: '条数已用完' }).waitFor();
    expect(await limits.getAttribute('data-level')).toBe('blocked');
    // A message now does not reach WeChat: the agent sees it as not delivered.
    await page.fill('#composer-input', '还在吗');
    await page.press('#composer-input', 'Enter');
    await page.locator('.transcript', { hasText: '未送达' }).waitFor();
    // The merchant writes: five again.
    await wechatSays('在的', '5002');
    await limits.filter({ hasText: '还可以发 5 条' }).waitFor();
  }, 120_000);
});
