import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { webDistDir } from '../../src/app/createRuntime.js';
import { connectUser, type DirectLineUser } from '../support/directLineUser.js';
import { startServer, type TestServer } from '../support/startServer.js';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';

const PASSWORD = 'correct horse battery staple';
/** The article the agent finds for 密码错误 (knowledge/pin/pin-wrong.yaml). */
const PIN_WRONG_TITLE = '刷卡提示"密码错误"（返回码55）';

let browser: Browser;
let server: TestServer;
const contexts: BrowserContext[] = [];
const users: DirectLineUser[] = [];

/**
 * A fresh browser profile (own cookies and localStorage) on the console. `muted()` true holds back
 * the stream's frames from the page, as a slow network would: the console then acts on stale state.
 */
async function openConsole({ viewport = { width: 1400, height: 900 }, muted }: { viewport?: { width: number; height: number }; muted?: () => boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  if (muted) {
    await page.routeWebSocket(/\/api\/agent\/stream$/, (socket) => {
      const upstream = socket.connectToServer();
      upstream.onMessage((frame) => {
        if (!muted()) socket.send(frame);
      });
    });
  }
  await page.goto(`${server.url}/agent/`);
  return page;
}

async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function connectedUser(): Promise<DirectLineUser> {
  const user = await connectUser(server);
  users.push(user);
  return user;
}

const waitingRow = (page: Page, text: string) => page.locator('#queue-list .row', { hasText: text });
const text = (page: Page, selector: string) => () => page.locator(selector).textContent();

describe.runIf(browserTestsEnabled('agent console browser tests'))('the agent console at /agent/, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/agent/agent.js`), 'run `npm run build:web` first').toBe(true);
    browser = await launchChromium();
    // Always open: outside service hours the user would be told to leave a message instead.
    server = await startServer({ env: { SERVICE_HOURS: 'always' } });
    await server.addAgent('wang', PASSWORD, '王小明');
    await server.addAgent('li', PASSWORD, '李雷');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(users.map((u) => u.close().catch(() => undefined)));
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  it('is served at /agent (redirected to /agent/), in Chinese, and shows the server’s word for a wrong password', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/agent`);
    expect(new URL(page.url()).pathname).toBe('/agent/');
    await page.getByRole('heading', { name: '客服登录' }).waitFor();
    await signIn(page, 'wang', 'not the password');
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
  });

  it('takes a ticket live from the queue to a rated close: accept, chat, send an article', async () => {
    const wang = await openConsole();
    // A phone-sized second agent: one pane at a time.
    const li = await openConsole({ viewport: { width: 390, height: 844 } });
    // li again, in another window whose stream falls behind at the wrong moment.
    let lagging = false;
    const liLagging = await openConsole({ muted: () => lagging });
    await signIn(wang, 'wang');
    await signIn(li, 'li');
    await signIn(liLagging, 'li');
    for (const page of [wang, li, liLagging]) await page.locator('.connection[data-state="open"]').waitFor();
    await wang.getByRole('status').filter({ hasText: '已连接' }).waitFor();
    // Set on the page now, still there at the end: nothing below reloads it.
    await wang.evaluate(() => ((globalThis as unknown as { noReload: boolean }).noReload = true));

    const user = await connectedUser();
    const answered = user.waitFor('返回码55');
    await user.say('刷卡密码错误');
    await answered;
    const queued = user.waitFor(/排队|转接人工/);
    await user.say('转人工');
    await queued;
    await user.say('我的机器刷卡一直提示55');

    // Both consoles see it arrive, with the waiting count and wait time.
    const row = waitingRow(wang, '我的机器刷卡一直提示55');
    await row.waitFor();
    await waitingRow(li, '我的机器刷卡一直提示55').waitFor();
    expect(await row.textContent()).toContain('用户要求转人工');
    // The wait as the browser reckons it: Chromium keeps the real clock while the test pins Node's
    // Date to 03:00 or 15:00 in Beijing, so the wait may read in hours; that it is shown is the point.
    expect(await row.textContent()).toMatch(/等待 (不到 1 分钟|\d+ 分钟|\d+ 小时)/);
    await expect.poll(text(wang, '.waiting-count')).toBe('1 个等待中');
    await expect.poll(() => wang.title()).toContain('(1) 客服工作台');

    // The transcript and the context.
    await row.click();
    const transcript = wang.locator('.transcript');
    await transcript.locator('.msg-user', { hasText: '转人工' }).first().waitFor();
    await transcript.locator('.msg-user', { hasText: '我的机器刷卡一直提示55' }).waitFor();
    await transcript.locator('.msg-bot').first().waitFor();
    const context = wang.locator('.context-list');
    for (const label of ['转人工原因', '优先级', '渠道', '终端序列号', '商户号', '返回码']) await context.locator('dt', { hasText: label }).waitFor();
    // The article the bot showed, by its title.
    await context.locator('[data-article-id="pin-wrong"]', { hasText: PIN_WRONG_TITLE }).waitFor();

    // Accept: the ticket leaves everyone's waiting queue, the user is told who joined.
    await waitingRow(liLagging, '我的机器刷卡一直提示55').click();
    await liLagging.getByRole('button', { name: '接入' }).waitFor();
    lagging = true;
    const joined = user.waitFor('王小明');
    await wang.getByRole('button', { name: '接入' }).click();
    await joined;
    await waitingRow(li, '我的机器刷卡一直提示55').waitFor({ state: 'detached' });
    await expect.poll(text(li, '.waiting-count')).toBe('0 个等待中');
    // The window that missed it tries too: the server's word, then the ticket as it now is.
    await liLagging.getByRole('button', { name: '接入' }).click();
    await liLagging.getByRole('alert').filter({ hasText: '已被王小明接入' }).waitFor();
    await liLagging.getByText('接待：王小明').first().waitFor();
    await liLagging.getByRole('button', { name: '接入' }).waitFor({ state: 'hidden' });
    lagging = false;
    const composer = wang.getByLabel('回复用户');
    await composer.waitFor();

    // A reply reaches the user; the user's typing and next message reach the agent live.
    const reply = user.waitFor('请问您用的是哪种机器');
    await composer.fill('您好，我是王小明。请问您用的是哪种机器？');
    await composer.press('Enter');
    await reply;
    await transcript.locator('.msg-agent', { hasText: '请问您用的是哪种机器' }).waitFor();
    expect(await transcript.locator('.msg-agent', { hasText: '请问您用的是哪种机器' }).count()).toBe(1);
    await user.typing();
    await wang.getByText('用户正在输入…').waitFor();
    await user.say('电签的，换了好几张卡都这样');
    await transcript.locator('.msg-user', { hasText: '换了好几张卡' }).waitFor();

    // Knowledge: search, open, insert, edit nothing, send.
    await wang.getByLabel('搜索知识库').fill('密码错误');
    await wang.getByRole('button', { name: '搜索', exact: true }).click();
    await wang.locator('.kb-hit', { hasText: PIN_WRONG_TITLE }).click();
    await wang.locator('.kb-title', { hasText: PIN_WRONG_TITLE }).waitFor();
    await wang.getByRole('button', { name: '插入' }).click();
    await expect.poll(() => composer.inputValue()).toMatch(/^\*\*刷卡提示"密码错误"（返回码55）\*\*\n\n提示"密码错误"/);
    const article = user.waitFor('交易密码');
    await composer.press('Enter');
    expect((await article).text).toContain('刷卡提示"密码错误"（返回码55）');
    await expect.poll(() => composer.inputValue()).toBe('');

    // Close, with a confirmation; the user's rating shows when it comes.
    const ratingAsked = user.waitFor('打分');
    wang.once('dialog', (dialog) => void dialog.accept());
    await wang.getByRole('button', { name: '结束会话' }).click();
    await wang.locator('.badge-state', { hasText: '已结束 · 已解决' }).waitFor();
    await ratingAsked;
    expect(await composer.isVisible()).toBe(false);
    await user.say('4 满意');
    await wang.getByText('用户评分：4/5').waitFor();

    expect(await wang.evaluate(() => (globalThis as unknown as { noReload?: boolean }).noReload)).toBe(true);
  }, 120_000);

  it('switches to English and back with the 中文/EN toggle, and remembers the choice', async () => {
    const page = await openConsole();
    await signIn(page, 'wang');
    await page.getByRole('tab', { name: /等待中/ }).waitFor();
    for (const name of [/我的/, /全部进行中/, /已结束/]) await page.getByRole('tab', { name }).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('tab', { name: /Waiting/ }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('tab', { name: /All active/ }).waitFor();
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('tab', { name: /全部进行中/ }).waitFor();
    // Signing out ends the session: a reload shows the form again.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '客服登录' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '客服登录' }).waitFor();
  }, 60_000);
});
