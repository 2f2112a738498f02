import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { webDistDir } from '../../src/app/createRuntime.js';
import { PNG } from '../support/images.js';
import { startServer, type TestServer } from '../support/startServer.js';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';

/*
 * Pictures both ways between the widget (a merchant's phone) and the agent console, in Chromium,
 * on kefu as main.ts runs it. Each image must really load: the widget fetches it with the
 * conversation's token, the console with the agent's session; neither is public.
 */

const PASSWORD = 'correct horse battery staple';
let browser: Browser;
let server: TestServer;
const contexts: BrowserContext[] = [];

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  return context.newPage();
}

/** The widget on the demo page, on a phone, its panel open. */
async function openWidget(): Promise<Page> {
  const page = await newPage({ width: 390, height: 844 });
  await page.goto(`${server.url}/`);
  await page.click('.kefu-w-launcher');
  await page.locator('.kefu-w-msg.kefu-w-bot', { hasText: '智能客服' }).first().waitFor();
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('.kefu-w-input', text);
  await page.press('.kefu-w-input', 'Enter');
}

/** The console, signed in as wang. */
async function openConsole(): Promise<Page> {
  const page = await newPage({ width: 1400, height: 900 });
  await page.goto(`${server.url}/agent/`);
  await page.getByLabel('用户名').fill('wang');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.connection[data-state="open"]').waitFor();
  return page;
}

/** Waits until the image has loaded and returns its natural width (0 would mean a broken image). */
async function loadedWidth(image: Locator): Promise<number> {
  await image.waitFor();
  // Node's types have no DOM: the element is described by what is used of it.
  return image.evaluate((img) => {
    const element = img as unknown as { decode(): Promise<void>; naturalWidth: number };
    return element.decode().then(() => element.naturalWidth);
  });
}

describe.runIf(browserTestsEnabled('image browser tests'))('pictures between the widget and the agent console, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(`${webDistDir}/widget.js`), 'run `npm run build:web` first').toBe(true);
    browser = await launchChromium();
    server = await startServer({ env: { SERVICE_HOURS: 'always' } });
    await server.addAgent('wang', PASSWORD, '王小明');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  it("shows a photo the merchant sends from the widget in the agent's transcript, and an agent's picture in the widget", async () => {
    const widget = await openWidget();
    await say(widget, '转人工');
    await widget.locator('.kefu-w-msg.kefu-w-bot', { hasText: /排队|转接人工/ }).first().waitFor();
    await say(widget, '屏幕上显示这个');

    // The photo button takes a picture from the camera or the album; here, a file chosen for it.
    await widget.getByRole('button', { name: '发送图片（拍照或从相册选择）' }).waitFor();
    await widget.setInputFiles('.kefu-w-file', { name: 'screen.png', mimeType: 'image/png', buffer: PNG });
    // The merchant sees their photo at once, and it stays once the server has confirmed it.
    const mine = widget.locator('.kefu-w-msg.kefu-w-user:not(.kefu-w-pending) img.kefu-w-img');
    expect(await loadedWidth(mine)).toBe(1);

    // The agent opens the ticket: the photo is in the transcript, loaded with the console's session.
    const console = await openConsole();
    await console.locator('#queue-list .row', { hasText: '转人工' }).first().click();
    const transcript = console.locator('.transcript');
    await transcript.locator('.msg-user', { hasText: '屏幕上显示这个' }).waitFor();
    const photo = transcript.locator('.msg-user img.msg-img');
    expect(await loadedWidth(photo)).toBe(1);
    expect(await photo.getAttribute('src')).toMatch(/^\/api\/agent\/media\/[A-Za-z0-9_-]{24}$/);

    // The agent takes the ticket and sends a picture back: it shows in the console and in the widget.
    const joined = widget.locator('.kefu-w-msg.kefu-w-bot', { hasText: '王小明' }).first();
    await console.getByRole('button', { name: '接入' }).click();
    await joined.waitFor();
    await console.getByRole('button', { name: '发送图片' }).waitFor();
    await console.setInputFiles('#composer-image', { name: 'how-to.png', mimeType: 'image/png', buffer: PNG });
    expect(await loadedWidth(transcript.locator('.msg-agent img.msg-img'))).toBe(1);
    const fromAgent = widget.locator('.kefu-w-msg.kefu-w-bot img.kefu-w-img');
    expect(await loadedWidth(fromAgent)).toBe(1);
    expect(await fromAgent.getAttribute('src')).toMatch(/^blob:/);
    // Labelled as the agent's, like their words.
    await widget.locator('.kefu-w-msg.kefu-w-bot', { has: widget.locator('img.kefu-w-img') }).locator('.kefu-w-sr', { hasText: '人工客服王小明' }).waitFor({ state: 'attached' });
  }, 120_000);

  it('refuses a file that is no image, and says so in the widget', async () => {
    const widget = await openWidget();
    await widget.setInputFiles('.kefu-w-file', { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
    await widget.getByRole('alert').filter({ hasText: '只能发送图片' }).waitFor();
    expect(await widget.locator('.kefu-w-msg.kefu-w-user img').count()).toBe(0);
  }, 60_000);
});
