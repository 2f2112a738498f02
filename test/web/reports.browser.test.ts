import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { webDistDir } from '../../src/app/createRuntime.js';
import { formatSeconds } from '../../web/reports/formatSeconds.js';
import { messages } from '../../web/reports/messages.js';
import { formatPercent } from '../../web/shared/formatPercent.js';
import { startServer, type TestServer } from '../support/startServer.js';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';
import { MONTH, nearestRank, seedPerformance, seedReports, type SeededPerformance, type SeededReports } from './reportsSeed.js';

const PASSWORD = 'correct horse battery staple';
const zh = messages['zh-CN'];

let browser: Browser;
let server: TestServer;
let seeded: SeededReports;
let performance: SeededPerformance;
const contexts: BrowserContext[] = [];

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
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

/** Picks the seeded month with the two day inputs, once the first figures are in. */
async function pickMonth(page: Page, note: Locator): Promise<void> {
  await note.filter({ hasText: /\d{4}-\d{2}-\d{2}/ }).waitFor();
  await page.getByLabel('开始日期').fill(MONTH.from);
  await page.getByLabel('结束日期').fill(MONTH.to);
  await note.filter({ hasText: `${MONTH.from} 至 ${MONTH.to}` }).waitFor();
}

const places = (page: Page) => page.getByRole('navigation', { name: '工作区' });
const figure = (page: Page, key: string) => page.locator(`[data-figure="${key}"] .rp-figure-value`);
const average = (xs: readonly number[]) => (Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100).toFixed(2);

/** How many pixels of a canvas hold something (uPlot draws the axes and the series into one). */
const paintedPixels = (canvas: Locator) =>
  canvas.evaluate((element) => {
    // Node's types have no DOM: the canvas is described by what is used of it.
    const c = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
    return painted;
  });

describe.runIf(browserTestsEnabled('reports browser tests'))('the supervisors’ reports at /reports/ and the editors’ 表现, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/reports/reports.js`), 'run `npm run build:web` first').toBe(true);
    browser = await launchChromium();
    server = await startServer();
    await server.addAgent('zhou', PASSWORD, '主管老周', 'supervisor');
    await server.addAgent('wang', PASSWORD, '王小明', 'agent');
    await server.addAgent('bian', PASSWORD, '卞编辑', 'editor');
    const ids = await Promise.all(['zhou', 'wang'].map(async (name) => (await server.runtime.agents.get(name))!.id));
    seeded = await seedReports(server, ids);
    performance = await seedPerformance(server);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  it('is served like the console: never framed, and without the widget’s CORS header', async () => {
    for (const path of ['/reports/', '/reports/reports.js']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('shows a supervisor the month’s figures, the charts and the tables, and downloads a table as CSV', async () => {
    const page = await open('/reports');
    expect(new URL(page.url()).pathname).toBe('/reports/');
    await page.getByRole('heading', { name: '登录客服报表' }).waitFor();
    await signIn(page, 'zhou');

    // A supervisor's places: the desk and the reports, not the knowledge workspace.
    await places(page).getByRole('link', { name: '报表' }).waitFor();
    expect(await places(page).getByRole('link', { name: '会话' }).isVisible()).toBe(true);
    expect(await places(page).getByRole('link', { name: '知识库' }).isVisible()).toBe(false);

    const note = page.locator('.rp-note');
    await pickMonth(page, note);
    expect(await note.textContent()).toBe(`${MONTH.from} 至 ${MONTH.to}，按 Asia/Shanghai 时区计日`);
    const { all } = seeded;
    expect(await figure(page, 'conversations').textContent()).toBe(all.conversations.toLocaleString('en-US'));
    expect(await figure(page, 'escalations').textContent()).toBe(String(all.escalations));
    expect(await figure(page, 'containment').textContent()).toBe(formatPercent(all.containment));
    expect(await figure(page, 'queueWait').textContent()).toBe(formatSeconds(nearestRank(all.waits, 50), zh.duration));
    expect(await page.locator('[data-figure="queueWait"] .rp-figure-detail').textContent()).toBe(zh.spread(formatSeconds(nearestRank(all.waits, 90), zh.duration), all.waits.length));
    expect(await figure(page, 'csat').textContent()).toBe(average(all.ratings));
    expect(await page.locator('[data-figure="csat"] .rp-figure-detail').textContent()).toBe(`${all.ratings.length} 条评价`);
    // The address keeps the period.
    expect(new URL(page.url()).search).toBe(`?from=${MONTH.from}&to=${MONTH.to}`);

    // The charts are drawn (uPlot draws into a canvas), and say what they show to a screen reader.
    for (const chart of ['volume', 'rates', 'csat']) {
      await expect.poll(() => paintedPixels(page.locator(`[data-chart="${chart}"] canvas`))).toBeGreaterThan(500);
    }
    expect(await page.locator('#chart-volume-summary').textContent()).toContain(`${all.conversations} 个会话，${all.escalations} 次转人工`);

    // A row per day and channel; the reasons and the agents add up to the tickets.
    expect(await page.locator('[data-table="days"] tbody tr').count()).toBe(62);
    const counts = async (table: string, column: string) => (await page.locator(`[data-table="${table}"] tbody td[data-column="${column}"]`).allTextContents()).map(Number);
    expect((await counts('reasons', 'count')).reduce((a, b) => a + b, 0)).toBe(all.escalations);
    expect((await counts('agents', 'tickets')).reduce((a, b) => a + b, 0)).toBe(all.escalations);
    // What users said after a low rating: one row each.
    const low = all.ratings.filter((r) => r <= 3);
    expect(await page.locator('[data-table="comments"] tbody tr').count()).toBe(Math.min(100, low.length));
    expect((await counts('comments', 'rating')).sort()).toEqual(low.slice().sort().slice(0, Math.min(100, low.length)));

    // The per-day table's CSV: the same period, the same rows.
    const link = page.locator('[data-table="days"] a[data-csv="days"]');
    expect(await link.textContent()).toBe('导出 CSV');
    expect(new URL((await link.getAttribute('href'))!, server.url).search).toBe(`?from=${MONTH.from}&to=${MONTH.to}`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.subarray(3).toString('utf8').trimEnd().split('\n').map((line) => line.split(','));
    expect(header!.slice(0, 3)).toEqual(['日期 day', '渠道 channel', '会话 conversations']);
    const conversationsOn = new Map(seeded.counts.filter((c) => c.metric === 'conversations').map((c) => [`${c.day} ${c.channel}`, String(c.count)]));
    expect(rows).toHaveLength(conversationsOn.size);
    expect(new Map(rows.map((r) => [`${r[0]} ${r[1]}`, r[2]]))).toEqual(conversationsOn);

    // One channel: its own figures, and its CSV.
    await page.getByLabel('渠道').selectOption('wechat');
    const wechat = seeded.byChannel.wechat!;
    await figure(page, 'conversations').filter({ hasText: new RegExp(`^${wechat.conversations}$`) }).waitFor();
    expect(await figure(page, 'escalations').textContent()).toBe(String(wechat.escalations));
    expect(await figure(page, 'containment').textContent()).toBe(formatPercent(wechat.containment));
    expect(new URL((await link.getAttribute('href'))!, server.url).searchParams.get('channel')).toBe('wechat');
    expect(await page.locator('[data-table="days"] tbody tr').count()).toBe(31);

    // The words follow the 中文/EN toggle, the figures stay.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Reports', exact: true }).waitFor();
    expect(await page.locator('[data-figure="conversations"] .rp-figure-label').textContent()).toBe('Conversations');
    expect(await figure(page, 'conversations').textContent()).toBe(String(wechat.conversations));
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { name: '报表', exact: true }).waitFor();

    // The console shows the way back to the reports.
    await places(page).getByRole('link', { name: '会话' }).click();
    await page.getByRole('tab', { name: /等待中/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent/');
    expect(await places(page).getByRole('link', { name: '报表' }).getAttribute('href')).toBe('../reports/');
  }, 90_000);

  it('shows an agent no reports, and no 报表 in the nav', async () => {
    const page = await open('/reports/');
    await signIn(page, 'wang');
    await page.getByRole('heading', { name: '这个账号（客服）不能查看报表。' }).waitFor();
    await places(page).getByRole('link', { name: '会话' }).waitFor();
    expect(await places(page).getByRole('link', { name: '报表' }).isVisible()).toBe(false);
    expect(await page.locator('.rp-main').isVisible()).toBe(false);
    expect(await page.locator('.no-access').getByRole('link', { name: '会话' }).getAttribute('href')).toBe('../agent/');
  }, 60_000);

  it('shows an editor the articles’ and the walkthroughs’ figures in 表现, worst first, sorted by a click, with where people leave', async () => {
    const page = await open('/workspace/#performance');
    await signIn(page, 'bian');
    expect(await places(page).getByRole('link', { name: '报表' }).isVisible()).toBe(false);
    await pickMonth(page, page.locator('.ws-perf-period'));

    const rows = page.locator('.ws-perf-articles tbody tr');
    const pin = performance.articles['pin-wrong']!;
    // The PIN article is the most troubled: first.
    expect(await rows.first().getAttribute('data-article-id')).toBe('pin-wrong');
    const cell = (column: string) => rows.first().locator(`td[data-column="${column}"]`).textContent();
    expect([await cell('shown'), await cell('unhelpful'), await cell('helpful'), await cell('handoversAfter')]).toEqual([pin.shown, pin.unhelpful, pin.helpful, pin.handoversAfter].map(String));
    expect(await cell('trouble')).toBe(formatPercent(Math.round(((pin.unhelpful + pin.handoversAfter) / pin.shown) * 1000) / 1000));

    // Only the articles something happened to, the rest behind a toggle.
    expect(await rows.count()).toBe(2);
    await page.getByLabel(/也显示没有数据的文章/).check();
    await expect.poll(() => rows.count()).toBeGreaterThan(30);
    expect(await rows.first().getAttribute('data-article-id')).toBe('pin-wrong');

    // A click on 展示 sorts by it, the most shown first; another click, the other way.
    const shownHeader = page.locator('.ws-perf-articles th', { hasText: '展示' });
    await shownHeader.getByRole('button').click();
    expect(await shownHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await rows.first().getAttribute('data-article-id')).toBe('deposit-refund');
    await shownHeader.getByRole('button').click();
    expect(await shownHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await rows.last().getAttribute('data-article-id')).toBe('deposit-refund');

    // The walkthrough, and the steps where people leave it.
    const { flow } = performance;
    const flowRow = page.locator(`.ws-perf-flows tbody tr[data-flow-id="${flow.id}"]`);
    expect(await flowRow.locator('td[data-column="started"]').textContent()).toBe(String(flow.started));
    expect(await flowRow.locator('td[data-column="completed"]').textContent()).toBe(String(flow.completed));
    const steps = page.locator(`.ws-perf-flow-steps[data-flow-id="${flow.id}"] tbody tr`);
    expect(await steps.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-step')))).toEqual(['kind', 'received']);
    for (const step of ['kind', 'received']) {
      const cells = await steps.filter({ has: page.locator(`code`, { hasText: new RegExp(`^${step}$`) }) }).locator('td').allTextContents();
      expect(cells.slice(0, 3)).toEqual([step, String(flow.reached[step]), String(flow.left[step])]);
    }
    const csv = page.locator('[data-table="articles"] a[data-csv="articles"]');
    expect(await csv.getAttribute('href')).toBe(`/api/agent/workspace/performance/articles.csv?from=${MONTH.from}&to=${MONTH.to}`);
  }, 60_000);
});
