import { createServer } from 'node:http';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';
import { createLogger } from '../../src/log/index.js';
import { createApp, listen, type Listening } from '../../src/server/index.js';
import { startTestBot, type TestBot } from '../bot/harness.js';

// Microsoft's own Web Chat (its released bundle, served locally) pointed at kefu's Direct Line.
// The package's exports hide dist/, so the bundle is found by path.
const webchatBundle = new URL('../../node_modules/botframework-webchat/dist/webchat.js', import.meta.url).pathname;

const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Web Chat → kefu</title></head>
<body style="margin:0"><div id="webchat" style="height:100vh"></div>
<script src="/webchat/webchat.js"></script>
<script>
  (async () => {
    const { token } = await (await fetch('/api/webchat/token', { method: 'POST' })).json();
    window.WebChat.renderWebChat({ directLine: window.WebChat.createDirectLine({ token, domain: location.origin + '/v3/directline' }), locale: 'zh-CN' }, document.getElementById('webchat'));
  })();
</script></body></html>`;

let browser: Browser;
let bot: TestBot;
let server: Listening;
let tab: Page;

describe.runIf(browserTestsEnabled('Web Chat browser test'))("Microsoft's Web Chat against kefu's Direct Line, in Chromium", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    await tab?.close();
    await server?.close();
    await bot?.close();
  });

  it('shows the greeting, sends a question and shows the answer', async () => {
    bot = await startTestBot();
    const outer = express();
    outer.get('/webchat/webchat.js', (_req, res) => res.sendFile(webchatBundle));
    outer.get('/webchat/', (_req, res) => res.type('html').send(page));
    outer.use(createApp({ knowledge: bot.runtime.knowledge, logger: createLogger({ level: 'silent' }), directLine: bot.runtime.directLine }));
    const http = createServer(outer);
    http.on('upgrade', (req, socket, head) => void (bot.runtime.directLine.handleUpgrade(req, socket, head) || socket.destroy()));
    server = await listen(http, 0, '127.0.0.1');

    tab = await browser.newPage({ locale: 'zh-CN' });
    await tab.goto(`http://127.0.0.1:${server.port}/webchat/`);
    await tab.getByText('智能客服', { exact: false }).first().waitFor();
    const sendBox = tab.locator('[data-id="webchat-sendbox-input"]');
    await sendBox.fill('刷卡密码错误');
    await sendBox.press('Enter');
    await tab.getByText('返回码55', { exact: false }).first().waitFor();
    expect(await tab.getByText('刷卡密码错误', { exact: true }).count()).toBeGreaterThanOrEqual(1);
  });
});
