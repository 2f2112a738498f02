import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';
import { webDistDir } from '../../src/app/createRuntime.js';
import { startServer, type TestServer } from '../support/startServer.js';

const root = new URL('../..', import.meta.url).pathname;
const PHONE = { width: 390, height: 844 };
/** Where the long-answer test leaves its screenshot, to look at. */
const SCREENSHOT = '/tmp/widget-long-answer.png';
// A page of the kefu server with the English widget on it, for a browser that prefers Chinese.
const ENGLISH_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Merchant services</title></head>
<body><script src="/widget.js" data-lang="en"></script></body></html>`;

let browser: Browser;
let kefu: TestServer;
let knowledgeDir: string;
const pages: Page[] = [];

const isJoin = (request: Request) => request.method() === 'POST' && /\/activities$/.test(request.url()) && (request.postDataJSON() as { name?: string } | null)?.name === 'webchat/join';

describe.runIf(browserTestsEnabled('widget phone browser tests'))('the widget on a phone, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/widget.js`), 'run `npm run build:web` first').toBe(true);
    // The real articles, plus one whose answer is taller than a phone's chat view.
    knowledgeDir = await mkdtemp(path.join(tmpdir(), 'kefu-kb-'));
    await cp(path.join(root, 'knowledge'), knowledgeDir, { recursive: true });
    await copyFile(path.join(root, 'test/fixtures/new-terminal-checklist.yaml'), path.join(knowledgeDir, 'new-terminal-checklist.yaml'));
    kefu = await startServer({ env: { KNOWLEDGE_DIR: knowledgeDir } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await kefu?.close();
    if (knowledgeDir) await rm(knowledgeDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });

  async function phonePage(): Promise<Page> {
    const page = await browser.newPage({ viewport: PHONE, locale: 'zh-CN' });
    pages.push(page);
    return page;
  }
  /** The conversation as the server keeps it, read the way the widget posted to it (its URL and token). */
  async function serverLog(posted: Request) {
    const res = await fetch(`${posted.url()}?watermark=0`, { headers: { authorization: (await posted.allHeaders()).authorization! } });
    return ((await res.json()) as { activities: { type: string; name?: string; value?: unknown; from?: { role?: string } }[] }).activities;
  }

  it('says its language when it starts a conversation: Accept-Language, then webchat/join once, not again after a reload', async () => {
    const page = await phonePage();
    await page.route(`${kefu.url}/en.html`, (route) => route.fulfill({ contentType: 'text/html', body: ENGLISH_PAGE }));
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    await page.goto(`${kefu.url}/en.html`);
    const joined = page.waitForRequest(isJoin);
    await page.click('.kefu-w-launcher');

    const join = await joined;
    expect(join.postDataJSON()).toMatchObject({ type: 'event', name: 'webchat/join', value: { language: 'en-US' }, locale: 'en-US' });
    await join.response();
    // The browser itself prefers zh-CN: en-US can only come from the widget.
    const start = requests.find((r) => r.method() === 'POST' && r.url().endsWith('/v3/directline/conversations'));
    expect((await start!.allHeaders())['accept-language']).toBe('en-US');
    const bot = page.locator('.kefu-w-msg.kefu-w-bot');
    await bot.first().waitFor();

    // A reload resumes the conversation: its stream reconnects, and the user goes on talking.
    await page.reload();
    if (!(await page.locator('.kefu-w-input').isVisible())) await page.click('.kefu-w-launcher');
    await bot.first().waitFor();
    const before = await bot.count();
    await page.fill('.kefu-w-input', 'hello');
    await page.press('.kefu-w-input', 'Enter');
    // The answer comes on the resumed stream, after the moment a second join would have gone out.
    await bot.nth(before).waitFor();

    expect(requests.filter(isJoin)).toHaveLength(1);
    expect(requests.filter((r) => r.method() === 'POST' && r.url().endsWith('/v3/directline/conversations'))).toHaveLength(1);
    const joins = (await serverLog(join)).filter((a) => a.type === 'event' && a.name === 'webchat/join');
    // The page it is on goes with it, origin and path only (no query, no fragment).
    expect(joins).toEqual([expect.objectContaining({ value: { language: 'en-US', page: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/en\.html$/) }, from: expect.objectContaining({ role: 'user' }) })]);
    // An event is not something said: nothing of it shows in the chat.
    expect(await page.locator('.kefu-w-msg.kefu-w-user').allTextContents()).toEqual([expect.stringContaining('hello')]);
  });

  it('shows a long answer from its start, not its end', async () => {
    const page = await phonePage();
    await page.goto(`${kefu.url}/`);
    await page.click('.kefu-w-launcher');
    await page.locator('.kefu-w-msg.kefu-w-bot', { hasText: '智能客服' }).waitFor();
    await page.fill('.kefu-w-input', '开箱清单');
    await page.press('.kefu-w-input', 'Enter');
    const answer = page.locator('.kefu-w-msg.kefu-w-bot', { hasText: '开箱清单第一步' });
    await answer.waitFor();
    // The answer's suggested actions (👍/👎) are the last thing it brings: the view has settled.
    await page.locator('.kefu-w-action').first().waitFor();
    await page.screenshot({ path: SCREENSHOT });

    const scroller = await page.locator('.kefu-w-scroll').evaluate((el) => ({ top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom, scrollTop: el.scrollTop, end: el.scrollHeight - el.clientHeight }));
    const message = await answer.evaluate((el) => ({ top: el.getBoundingClientRect().top, height: el.getBoundingClientRect().height }));
    // Otherwise the test would prove nothing: the answer does not fit, so the widget had to choose.
    expect(message.height).toBeGreaterThan(scroller.bottom - scroller.top);
    expect(message.top).toBeGreaterThanOrEqual(scroller.top);
    expect(message.top).toBeLessThan(scroller.top + 40);
    expect(scroller.scrollTop).toBeLessThan(scroller.end);

    // The user's own message still goes to the end.
    await page.fill('.kefu-w-input', '好的');
    await page.press('.kefu-w-input', 'Enter');
    await page.locator('.kefu-w-msg.kefu-w-user', { hasText: '好的' }).waitFor();
    const after = await page.locator('.kefu-w-scroll').evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop);
    expect(after).toBeLessThan(1);
  });
});
