import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { webDistDir } from '../../src/app/createRuntime.js';
import { startServer, type TestServer } from '../support/startServer.js';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';
import { missFixtures } from './workspaceFixtures.js';

const PASSWORD = 'correct horse battery staple';
/** The walkthrough 押金怎么退 starts (flows/deposit-refund.yaml). */
const DEPOSIT_FLOW_TITLE = '押金退还查询';

let browser: Browser;
let server: TestServer;
const contexts: BrowserContext[] = [];

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  return page;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

const places = (page: Page) => page.getByRole('navigation', { name: '工作区' });

describe.runIf(browserTestsEnabled('workspace browser tests'))('the editors’ workspace at /workspace/, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/workspace/workspace.js`), 'run `npm run build:web` first').toBe(true);
    browser = await launchChromium();
    server = await startServer();
    await server.addAgent('bian', PASSWORD, '卞编辑', 'editor');
    await server.addAgent('wang', PASSWORD, '王小明', 'agent');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  it('is served like the console: never framed, and without the widget’s CORS header', async () => {
    for (const path of ['/workspace/', '/workspace/workspace.js']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await fetch(`${server.url}/widget.js`)).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets an editor try questions: the decision in words, the rules that fired, the words and the candidates', async () => {
    const page = await open('/workspace');
    expect(new URL(page.url()).pathname).toBe('/workspace/');
    await page.getByRole('heading', { name: '登录知识库工作台' }).waitFor();
    await signIn(page, 'bian');

    // The nav holds only what an editor may use.
    await places(page).getByRole('link', { name: '知识库' }).waitFor();
    expect(await places(page).getByRole('link', { name: '会话' }).isVisible()).toBe(false);

    const question = page.getByLabel('商户的问题');
    await question.fill('押金怎么退');
    await question.press('Enter');
    const decision = page.locator('.ws-decision-text');
    await decision.filter({ hasText: `开始排查「${DEPOSIT_FLOW_TITLE}」` }).waitFor();
    await page.locator('.ws-decision-why', { hasText: '排查流程的触发词' }).waitFor();
    // The candidates, best first, with the margin.
    const first = page.locator('.ws-table tbody tr').first();
    expect(await first.getAttribute('data-article-id')).toBe('deposit-refund');
    expect(await first.textContent()).toMatch(/^1押金怎么退？退还条件最佳deposit-refund[\d.]+100%100%$/);
    await page.locator('.ws-margin', { hasText: '第二名的得分是第一名的' }).waitFor();
    await page.locator('.ws-word', { hasText: '押金' }).waitFor();

    await question.fill('mima cuole');
    await page.getByRole('button', { name: '试一试' }).click();
    const pinyin = page.locator('.ws-rule[data-kind="pinyin"]');
    await pinyin.waitFor();
    expect(await pinyin.textContent()).toBe('拼音mima cuole → 密码 错了');
    await page.locator('.ws-rule[data-kind="synonym"]', { hasText: '错了 → 错误' }).waitFor();
    await decision.filter({ hasText: '直接回答「刷卡提示"密码错误"（返回码55）」' }).waitFor();

    // The words follow the 中文/EN toggle without asking again.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.locator('.ws-rule[data-kind="pinyin"]', { hasText: 'Pinyin' }).waitFor();
    await decision.filter({ hasText: 'Answer with “刷卡提示"密码错误"（返回码55）”' }).waitFor();
    await page.getByRole('button', { name: '切换到中文' }).click();
    await decision.filter({ hasText: '直接回答' }).waitFor();
  }, 60_000);

  it('shows an agent no workspace, and no 知识库 in the nav', async () => {
    const page = await open('/workspace/');
    await signIn(page, 'wang');
    await page.getByRole('heading', { name: '这个账号（客服）不能使用知识库工作台。' }).waitFor();
    await places(page).getByRole('link', { name: '会话' }).waitFor();
    expect(await places(page).getByRole('link', { name: '知识库' }).isVisible()).toBe(false);
    expect(await page.locator('.ws-main').isVisible()).toBe(false);
    expect(await page.getByLabel('商户的问题').isVisible()).toBe(false);
    // The way to where an agent belongs.
    await page.locator('.no-access').getByRole('link', { name: '会话' }).click();
    await page.getByRole('tab', { name: /等待中/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent/');
  }, 60_000);

  it('points an editor who opens the console to the workspace, instead of the queue', async () => {
    const page = await open('/agent/');
    await signIn(page, 'bian');
    await page.getByRole('heading', { name: '这个账号（编辑）不能接待会话。' }).waitFor();
    expect(await page.locator('#queue-list').isVisible()).toBe(false);
    expect(await places(page).getByRole('link', { name: '会话' }).isVisible()).toBe(false);
    const link = page.locator('.no-access').getByRole('link', { name: '知识库' });
    expect(await link.getAttribute('href')).toBe('../workspace/');
    // One sign-in for both pages.
    await link.click();
    await page.getByLabel('商户的问题').waitFor();
    expect(new URL(page.url()).pathname).toBe('/workspace/');
  }, 60_000);

  it('draws the misses inbox from fixtures (its routes are not this suite’s subject): sorted, added to an article, ignored; 暂无数据 when the server has none', async () => {
    const page = await open('/workspace/#misses', { width: 390, height: 844 });
    const posted: Array<{ path: string; body: unknown; csrf: string | undefined }> = [];
    await page.route(
      (url) => url.pathname.startsWith('/api/agent/workspace/misses'),
      async (route: Route) => {
        const request = route.request();
        const url = new URL(request.url());
        if (request.method() === 'GET') {
          if (url.searchParams.get('status') === 'ignored') return route.fulfill({ status: 404, json: { error: { code: 'NOT_FOUND', message: 'no route' } } });
          return route.fulfill({ json: { groups: url.searchParams.get('status') === 'open' ? missFixtures.open : [] } });
        }
        posted.push({ path: url.pathname, body: request.postDataJSON(), csrf: request.headers()['x-csrf-token'] });
        if (url.pathname.endsWith('/add')) return route.fulfill({ json: missFixtures.added });
        return route.fulfill({ json: { group: missFixtures.ignored } });
      },
    );
    await signIn(page, 'bian');

    const rows = page.locator('.ws-miss');
    await rows.first().waitFor();
    expect(await rows.locator('.ws-miss-text').allTextContents()).toEqual(['机器一直显示A6是什么意思', '押金什么时候到账', '手续费怎么算']);
    expect(await rows.first().locator('.ws-miss-count').textContent()).toBe('×12');
    expect(await rows.first().locator('.ws-kind').allTextContents()).toEqual(['没答上 9', '要人工 3']);
    await rows.first().getByText('原话（2）').click();
    await rows.first().getByText('显示A6了怎么办').waitFor();

    // Add the first to the suggested article, with one more phrasing.
    await rows.first().getByRole('button', { name: '加到文章' }).click();
    const questions = rows.first().getByLabel('要加入的问法');
    expect(await questions.inputValue()).toBe('机器一直显示A6是什么意思\n显示A6了怎么办');
    await questions.fill('机器一直显示A6是什么意思\n显示A6');
    await rows.first().getByRole('button', { name: '加入', exact: true }).click();
    await rows.first().getByText('已加入 knowledge/device/device-code-a6.yaml').waitFor();
    await rows.first().getByText('机器人现在能回答这个问题了。').waitFor();
    await rows.first().locator('.ws-files code', { hasText: 'knowledge/device/device-code-a6.yaml' }).waitFor();
    expect(posted[0]).toMatchObject({ path: '/api/agent/workspace/misses/7/add', body: { articleId: 'device-code-a6', questions: ['机器一直显示A6是什么意思', '显示A6'], version: '3f2a9c1d0b7e4a55' } });
    expect(posted[0]!.csrf).toBeTruthy();

    // Ignore the third, with a reason.
    const third = rows.nth(2);
    await third.getByRole('button', { name: '忽略' }).click();
    await third.getByRole('button', { name: '确认忽略' }).click();
    await third.getByRole('alert').filter({ hasText: '请填写原因。' }).waitFor();
    await third.getByLabel('忽略的原因').fill('与业务无关');
    await third.getByRole('button', { name: '确认忽略' }).click();
    await third.locator('.ws-resolution', { hasText: '已忽略：与业务无关 · 卞编辑' }).waitFor();
    expect(posted[1]).toMatchObject({ path: '/api/agent/workspace/misses/9/ignore', body: { reason: '与业务无关' } });

    // A status the server has nothing for, and one it has no route for, read the same.
    await page.getByRole('tab', { name: '已解决' }).click();
    await page.locator('#misses-panel .ws-empty', { hasText: '暂无数据' }).waitFor();
    await page.getByRole('tab', { name: '已忽略' }).click();
    await page.locator('#misses-panel .ws-empty', { hasText: '暂无数据' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 60_000);

  it('lists the articles, filtered as the editor types', async () => {
    const page = await open('/workspace/');
    await signIn(page, 'bian');
    await page.getByRole('link', { name: '文章' }).click();
    const rows = page.locator('.ws-articles-table tbody tr');
    await rows.first().waitFor();
    const total = await rows.count();
    expect(total).toBeGreaterThan(30);
    await page.getByLabel('筛选文章').fill('押金');
    await expect.poll(() => rows.count()).toBeLessThan(total);
    for (const title of await rows.locator('td:nth-child(2)').allTextContents()) expect(title).toContain('押金');
    await page.getByLabel('筛选文章').fill('pin-wrong');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-article-id')).toBe('pin-wrong');
  }, 60_000);
});
