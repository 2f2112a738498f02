import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectUser } from '../support/directLineUser.js';
import { startServer, type TestServer } from '../support/startServer.js';
import { browserTestsEnabled, launchChromium } from './launchChromium.js';

/*
 * The editors' loop in Chromium against the real server (issue 12's quality bar): merchants the
 * bot cannot answer, an editor who finds their group in the inbox and adds it to an article, the
 * YAML file with its comments intact (a copy of knowledge/ in a git repository of its own), and
 * the bot answering the next merchant.
 */

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'correct horse battery staple';
const FILE = 'money/settlement-missing.yaml';
let browser: Browser;
let server: TestServer;
let folder: string;

async function merchantSays(text: string): Promise<string> {
  const merchant = await connectUser(server);
  try {
    await merchant.waitFor('智能客服');
    await merchant.say(text);
    return (await merchant.waitFor((a) => a.type === 'message' && a.from.id !== merchant.userId)).text ?? '';
  } finally {
    await merchant.close();
  }
}

describe.runIf(browserTestsEnabled('workspace loop browser test'))('an editor closes the loop from a miss to an answer, in Chromium', () => {
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'kefu-kb-browser-'));
    await cp(path.join(root, 'knowledge'), folder, { recursive: true });
    const text = await readFile(path.join(folder, FILE), 'utf8');
    await writeFile(path.join(folder, FILE), text.replace('questions:\n', 'questions:  # 按常见程度排列\n'));
    await run('git', ['-C', folder, 'init', '--quiet']);
    await run('git', ['-C', folder, '-c', 'user.name=kb', '-c', 'user.email=kb@example.com', 'add', '.']);
    await run('git', ['-C', folder, '-c', 'user.name=kb', '-c', 'user.email=kb@example.com', 'commit', '--quiet', '-m', 'knowledge']);
    browser = await launchChromium();
    server = await startServer({ env: { KNOWLEDGE_DIR: folder, FLOWS_DIR: path.join(root, 'flows') } });
    await server.addAgent('zhou', PASSWORD, '周编辑', 'editor');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('finds the group of misses, adds its wordings to the article, and the bot then answers it, with the file’s comment intact', async () => {
    for (const text of ['今天的款咋还没打过来', '今天的款怎么还没打过来呀', '款还没打过来吗']) expect(await merchantSays(text)).toContain('还没学会');

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/workspace/`);
      await page.getByLabel('用户名').fill('zhou');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('link', { name: '未解决的问题' }).click();
      const row = page.locator('.ws-miss', { hasText: '打过来' }).first();
      await row.waitFor();
      expect(await row.textContent()).toContain('×3');
      await row.getByRole('button', { name: '加到文章' }).click();
      // The search's first suggestion is chosen, and every wording is there to add.
      await expect.poll(() => row.getByRole('radio', { name: /刷卡的钱没到账/ }).isChecked()).toBe(true);
      const questions = (await row.getByRole('textbox').inputValue()).split('\n');
      expect(questions.sort()).toEqual(['今天的款咋还没打过来', '今天的款怎么还没打过来呀', '款还没打过来吗'].sort());
      await row.getByRole('button', { name: '加入', exact: true }).click();
      const outcome = row.locator('.ws-miss-outcome');
      await outcome.waitFor();
      expect(await outcome.textContent()).toContain(`已加入 ${FILE}`);
      expect(await outcome.textContent()).toContain('机器人现在能回答这个问题了');
      // Not committing (KNOWLEDGE_GIT is off): the file is listed for the editor to commit.
      expect(await outcome.locator('code, li').allTextContents()).toContain(FILE);
    } finally {
      await context.close();
    }

    const text = await readFile(path.join(folder, FILE), 'utf8');
    expect(text).toContain('questions:  # 按常见程度排列\n');
    for (const q of ['今天的款咋还没打过来', '今天的款怎么还没打过来呀', '款还没打过来吗']) expect(text).toContain(`  - ${q}\n`);
    expect(await merchantSays('今天的款咋还没打过来')).toContain('刷卡的钱过了应到时间还没到');
  });
});
