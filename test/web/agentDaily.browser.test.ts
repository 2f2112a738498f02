import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { webDistDir } from '../../src/app/createRuntime.js';
import { connectUser, type DirectLineUser } from '../support/directLineUser.js';
import { startServer, type TestServer } from '../support/startServer.js';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';

const PASSWORD = 'correct horse battery staple';
const SHOTS = '/tmp/console-shots';
/** The page the widget says it is on; the console shows it without the query. */
const PAGE = 'https://shop.example.com/pos?x=1';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let server: TestServer;
const contexts: BrowserContext[] = [];
const users: DirectLineUser[] = [];

async function openConsole(viewport: { width: number; height: number }, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/agent/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.connection[data-state="open"]').waitFor();
  return page;
}

/** A merchant on the widget: joins from a shop's page, says something, asks for a person. */
async function widgetMerchant(firstWords: string): Promise<DirectLineUser> {
  const user = await connectUser(server);
  users.push(user);
  await user.event('webchat/join', { language: 'zh-CN', page: PAGE });
  const answered = user.waitFor(() => true);
  await user.say(firstWords);
  await answered;
  const queued = user.waitFor(/排队|转接人工/);
  await user.say('转人工');
  await queued;
  return user;
}

const said = (user: DirectLineUser, words: string) => user.seen.some((a) => (a.text ?? '').includes(words));
// Run in the page (this project's tests are typed without the DOM's types).
const noSideways = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/** On a phone, every visible button in the ticket, the queue and the top bar can be hit with a finger (links within text aside, not 返回队列). */
function smallButtons(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`
    [...document.querySelectorAll('.topbar button, .ticket button, .queue button, .canned [role="option"]')]
      .filter((b) => b.offsetParent !== null && (!b.classList.contains('btn-link') || b.classList.contains('back')))
      .filter((b) => b.getBoundingClientRect().height < 40)
      .map((b) => b.className + ': ' + b.textContent.trim() + ' (' + Math.round(b.getBoundingClientRect().height) + ' px)')
  `);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

describe.runIf(browserTestsEnabled('agent daily tools browser tests'))('the agent console’s everyday tools, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/agent/agent.js`), 'run `npm run build:web` first').toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    server = await startServer({ env: { SERVICE_HOURS: 'always' } });
    await server.addAgent('wang', PASSWORD, '王小明');
    await server.addAgent('zhao', PASSWORD, '赵敏');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(users.map((u) => u.close().catch(() => undefined)));
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`takes a widget visitor from the queue to a found-again ticket: identity, note, tags, canned reply, away, close, search (${viewport.width}×${viewport.height})`, async () => {
      const phone = size === 'phone';
      const tag = `批次-${size}`;
      const wang = await openConsole(viewport, 'wang');
      const zhao = await openConsole(DESKTOP, 'zhao');
      const overflow = async (screen: string) => {
        if (!phone) return;
        expect(await noSideways(wang), `${screen}: no sideways scrolling`).toBeLessThanOrEqual(PHONE.width);
        // The panes scroll; the page does not (the top bar stays on screen).
        expect(await wang.evaluate<number>('window.scrollY'), `${screen}: the page itself not scrolled`).toBe(0);
        expect(await smallButtons(wang), `${screen}: buttons at least 40 px high`).toEqual([]);
      };

      const firstWords = `我的机器刷不了卡（${size}）`;
      const user = await widgetMerchant(firstWords);

      // The queue names the visitor by the channel, not by a raw id.
      const row = wang.locator('#queue-list .row', { hasText: '网页访客' });
      await row.waitFor();
      expect(await row.locator('.row-who').textContent()).toBe('网页访客');
      await shot(wang, `${size}-1-queue`);
      await overflow('queue');

      await row.click();
      await wang.locator('.ticket-title', { hasText: '网页访客' }).waitFor();
      const page = wang.locator('.ticket-page');
      await expect.poll(() => page.textContent()).toBe('shop.example.com/pos');
      expect(await page.evaluate((node) => node.closest('a') === null)).toBe(true);
      expect(await wang.locator('.ticket-first').textContent()).toContain(firstWords);
      const joined = user.waitFor('王小明');
      await wang.getByRole('button', { name: '接入' }).click();
      await joined;
      const composer = wang.getByLabel('回复用户');
      await composer.waitFor();
      // Accepting put the cursor in the composer; the header is what this screen is about.
      await wang.locator('.ticket-content').evaluate((node) => (node.scrollTop = 0));
      await shot(wang, `${size}-2-ticket`);
      await overflow('ticket');

      // A private note: in the side panel, marked as such, never sent to the merchant.
      const noteText = `已让用户重启机器（${size}）`;
      await wang.getByText('仅客服可见，不会发给用户').waitFor();
      await wang.getByLabel('新备注').fill(noteText);
      await wang.getByRole('button', { name: '添加备注' }).click();
      const note = wang.locator('.note', { hasText: noteText });
      await note.waitFor();
      expect(await note.locator('.note-who').textContent()).toBe('王小明');
      expect(await wang.locator('.note').count()).toBe(1);
      await wang.getByLabel('新备注').evaluate((node) => node.scrollIntoView({ block: 'center' }));
      await shot(wang, `${size}-3-notes`);
      await overflow('notes');

      // Two tags, typed and Enter; one too long is refused in words, before any call.
      const tagInput = wang.getByLabel('添加标签');
      await tagInput.fill('密码错误');
      await tagInput.press('Enter');
      await tagInput.fill(tag);
      await tagInput.press('Enter');
      await tagInput.fill('这是一个超过二十个字的标签名字，一定会被拒绝的');
      await tagInput.press('Enter');
      await wang.getByRole('alert').filter({ hasText: '标签最多 20 个字' }).waitFor();
      await tagInput.fill('');
      await expect.poll(() => wang.locator('.tags .tag-text').allTextContents()).toEqual(['密码错误', tag].sort());

      // A canned reply: "/" in the empty composer opens the list, Esc closes it; the button opens it too.
      await composer.focus();
      await wang.keyboard.type('/');
      const cannedQuery = wang.locator('#canned-query');
      await cannedQuery.waitFor();
      expect(await composer.inputValue()).toBe('');
      await cannedQuery.press('Escape');
      await cannedQuery.waitFor({ state: 'hidden' });
      await wang.getByRole('button', { name: '常用回复' }).click();
      await cannedQuery.fill('问候');
      const greeting = wang.getByRole('option', { name: /问候/ });
      await greeting.waitFor();
      await shot(wang, `${size}-4-canned`);
      await overflow('canned list');
      await greeting.click();
      await expect.poll(() => composer.inputValue()).toBe('您好，我是客服王小明，很高兴为您服务。请问有什么可以帮您？');
      expect(said(user, '很高兴为您服务')).toBe(false); // inserted, not sent
      const greeted = user.waitFor('我是客服王小明');
      await composer.press('Enter');
      await greeted;
      await expect.poll(() => composer.inputValue()).toBe('');
      // By now the note would have reached the merchant if it ever went.
      expect(said(user, noteText)).toBe(false);

      // Away and back; a colleague's away shows in the transfer list.
      const transfer = wang.locator('#transfer-agent');
      await expect.poll(() => transfer.locator('option').first().textContent()).toBe('赵敏（在线）');
      await zhao.getByRole('button', { name: '离开' }).click();
      await expect.poll(() => zhao.getByRole('button', { name: '离开' }).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => transfer.locator('option').first().textContent()).toBe('赵敏（离开）');
      await wang.getByRole('button', { name: '离开' }).click();
      await expect.poll(() => wang.getByRole('button', { name: '离开' }).getAttribute('aria-pressed')).toBe('true');
      await shot(wang, `${size}-5-away`);
      await overflow('away');
      await wang.getByRole('button', { name: '在线' }).click();
      await expect.poll(() => wang.getByRole('button', { name: '在线' }).getAttribute('aria-pressed')).toBe('true');
      await zhao.getByRole('button', { name: '在线' }).click();
      await expect.poll(() => transfer.locator('option').first().textContent()).toBe('赵敏（在线）');

      // Close, then find it again by its tag.
      wang.once('dialog', (dialog) => void dialog.accept());
      await wang.getByRole('button', { name: '结束会话' }).click();
      await wang.locator('.badge-state', { hasText: '已结束' }).waitFor();
      if (phone) await wang.getByRole('button', { name: /返回队列/ }).click();
      await wang.getByRole('tab', { name: '查找' }).click();
      await wang.locator('#search-tag').fill(tag);
      await wang.locator('.search-submit').click();
      const found = wang.locator('.search-results .row');
      await wang.getByText('找到 1 个会话').waitFor();
      expect(await found.textContent()).toContain('网页访客');
      expect(await found.locator('.tag').allTextContents()).toEqual(['密码错误', tag].sort());
      await shot(wang, `${size}-6-search`);
      await overflow('search');
      await found.click();
      await wang.locator('.note', { hasText: noteText }).waitFor();
      await wang.locator('.ticket-title', { hasText: '网页访客' }).waitFor();
    }, 120_000);
  }
});
