import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';
import { createLogger } from '../../src/log/index.js';
import { webDistDir } from '../../src/app/createRuntime.js';
import { createApp, listen } from '../../src/server/index.js';
import { startTestBot, type TestBot } from '../bot/harness.js';
import { loginAgent } from '../support/agentClient.js';
import { startServer } from '../support/startServer.js';

let browser: Browser;
let bot: TestBot;
let page: Page;
/** What a test started, closed after it in reverse order. */
const closers: (() => Promise<void>)[] = [];

describe.runIf(browserTestsEnabled('widget browser tests'))('the widget on the demo page, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/widget.js`), 'run `npm run build:web` first').toBe(true);
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** The demo page on a bot with Direct Line only, the panel open. */
  async function open(env: Record<string, string> = {}): Promise<void> {
    const started = await startTestBot({ env });
    bot = started;
    closers.push(() => started.close());
    const http = createServer(createApp({ knowledge: bot.runtime.knowledge, logger: createLogger({ level: 'silent' }), directLine: bot.runtime.directLine, webDir: webDistDir }));
    http.on('upgrade', (req, socket, head) => void (started.runtime.directLine.handleUpgrade(req, socket, head) || socket.destroy()));
    const server = await listen(http, 0, '127.0.0.1');
    closers.push(() => server.close());
    await openDemo(`http://127.0.0.1:${server.port}/`);
  }
  async function openDemo(url: string): Promise<void> {
    const opened = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    page = opened;
    closers.push(() => opened.close());
    await page.goto(url);
    await page.click('.kefu-w-launcher');
  }
  const botSays = (text: string) => page.locator('.kefu-w-msg.kefu-w-bot', { hasText: text }).first().waitFor();

  it('opens, greets, answers a question typed in Chinese, and takes a tap on a suggested action', async () => {
    await open();
    await botSays('智能客服');
    await page.fill('.kefu-w-input', '刷卡密码错误');
    await page.press('.kefu-w-input', 'Enter');
    await botSays('返回码55');
    await page.locator('.kefu-w-action', { hasText: '有帮助' }).click();
    await botSays('谢谢您的反馈');
    if (process.env.KEFU_SCREENSHOT) await page.screenshot({ path: process.env.KEFU_SCREENSHOT });
  });

  it('keeps the conversation across a reload, without showing anything twice', async () => {
    await open();
    await botSays('智能客服');
    await page.fill('.kefu-w-input', '押金怎么退');
    await page.press('.kefu-w-input', 'Enter');
    await botSays('哪种POS机');
    await page.reload();
    if (!(await page.locator('.kefu-w-input').isVisible())) await page.click('.kefu-w-launcher');
    await botSays('哪种POS机');
    expect(await page.locator('.kefu-w-msg.kefu-w-user', { hasText: '押金怎么退' }).count()).toBe(1);
    // The conversation goes on where it stood: the flow takes the answer.
    await page.fill('.kefu-w-input', '电签的');
    await page.press('.kefu-w-input', 'Enter');
    await botSays('3 个月');
  });

  it('does not send when Enter picks an input-method candidate', async () => {
    await open();
    await botSays('智能客服');
    const input = page.locator('.kefu-w-input');
    await input.fill('押金');
    await input.dispatchEvent('compositionstart');
    await input.press('Enter');
    expect(await page.locator('.kefu-w-msg.kefu-w-user').count()).toBe(0);
    await input.dispatchEvent('compositionend');
    await input.press('Enter');
    await page.locator('.kefu-w-msg.kefu-w-user', { hasText: '押金' }).waitFor();
  });

  it('names the agent above a run of their messages, and shows them typing', async () => {
    // Always open: outside service hours the user would be told to leave a message instead.
    await open({ SERVICE_HOURS: 'always' });
    await botSays('智能客服');
    await page.fill('.kefu-w-input', '转人工');
    await page.press('.kefu-w-input', 'Enter');
    await botSays('排队');
    const { desk, agents } = bot.runtime;
    const wang = await agents.add({ username: 'wang', password: 'correct horse battery staple', displayName: '王小明' });
    const [ticket] = await desk.list({ states: ['waiting'] });
    await desk.accept(ticket!.id, wang);
    await botSays('王小明');
    await desk.agentTyping(ticket!.id, wang);
    await page.locator('.kefu-w-typing').waitFor();
    await desk.sendMessage(ticket!.id, wang, '您好，请问终端序列号是？');
    await desk.sendMessage(ticket!.id, wang, '在机身背面');
    await botSays('在机身背面');
    expect(await page.locator('.kefu-w-typing').isHidden()).toBe(true);
    // Once above the run, not above the system notice that said who joined.
    const label = page.locator('.kefu-w-sender');
    expect(await label.allTextContents()).toEqual(['人工客服 · 王小明']);
    expect(await page.locator('.kefu-w-msg.kefu-w-bot', { has: label }).textContent()).toContain('您好，请问终端序列号是？');
    // Screen readers hear the name with each of the agent's messages, labelled or not.
    const unlabelled = page.getByRole('log').locator('.kefu-w-bubble', { hasText: '在机身背面' });
    expect(await unlabelled.textContent()).toMatch(/^人工客服王小明：/);
  });

  it('tells the agent the user is typing, once on the first key and not again within 3 s', async () => {
    // The whole server, as main.ts runs it, for the agent's live stream.
    const kefu = await startServer({ env: { SERVICE_HOURS: 'always' } });
    closers.push(() => kefu.close());
    await kefu.addAgent('wang', 'correct horse battery staple', '王小明');
    const wang = await loginAgent(kefu, 'wang', 'correct horse battery staple');
    const stream = await wang.stream();
    closers.push(() => stream.close());
    await openDemo(`${kefu.url}/`);
    await botSays('智能客服');
    await page.fill('.kefu-w-input', '转人工');
    await page.press('.kefu-w-input', 'Enter');
    const { ticket } = await stream.waitFor((f) => f.type === 'ticket' && f.ticket.state === 'waiting');
    expect((await wang.call('POST', `/tickets/${ticket.id}/accept`)).status).toBe(200);
    await botSays('王小明');

    const typingFrame = (f: { type: string; ticketId?: unknown }) => f.type === 'typing' && f.ticketId === ticket.id;
    const acceptedAt = stream.frames.length;
    const input = page.locator('.kefu-w-input');
    const startedTyping = Date.now();
    await input.pressSequentially('终端');
    await stream.waitFor(typingFrame);
    await input.pressSequentially('一直提示55');
    await input.press('Enter');
    // Every key fell within 3 s of the first: one more typing frame would be one too many.
    expect(Date.now() - startedTyping, 'typed too slowly for this test to tell').toBeLessThan(3_000);
    await stream.waitFor((f) => f.type === 'message' && f.ticketId === ticket.id && f.message.from === 'user' && f.message.text === '终端一直提示55');
    expect(stream.frames.slice(acceptedAt).filter(typingFrame)).toHaveLength(1);
    // A typing activity is no message: nothing new in the timeline but what was sent.
    expect(await page.locator('.kefu-w-msg.kefu-w-user').allTextContents()).toEqual([expect.stringContaining('转人工'), expect.stringContaining('终端一直提示55')]);
  });
});
