import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { menuKeyText, wechatMenuButtons } from '../../src/channels/wechat/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

/*
 * The WeChat menu file editors keep beside the articles (`wechat-menu.yaml`): validated with
 * file, line and field like an article, a broken save keeps the last good menu, and each tap
 * reads as the words a merchant would type.
 */

const article = (id: string, title: string) =>
  [`id: ${id}`, `title: ${title}`, 'category: test', 'tags: [t]', 'questions:', '  - 问题一', '  - 问题二', '  - 问题三', 'answer: 回答。', 'owner: 测试', 'updated: 2026-11-24', ''].join('\n');
const goodMenu = ['buttons:', '  - name: 常见问题', '    sub:', '      - name: 密码错误', '        article: pin-wrong', '      - name: 押金怎么退', '        flow: deposit-refund', '  - name: 人工客服', '    say: 转人工', '  - name: 官网', '    url: https://example.com/', ''].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-menu-'));
  await writeFile(path.join(dir, 'pin-wrong.yaml'), article('pin-wrong', '刷卡提示密码错误'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('wechat-menu.yaml', () => {
  it('loads a valid menu beside the articles, and is not read as an article', async () => {
    await writeFile(path.join(dir, 'wechat-menu.yaml'), goodMenu);
    const snapshot = await loadKnowledge(dir);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.articles.map((a) => a.id)).toEqual(['pin-wrong']);
    expect(wechatMenuButtons(snapshot.wechatMenu!)).toEqual([
      { name: '常见问题', sub_button: [{ type: 'click', name: '密码错误', key: 'article:pin-wrong' }, { type: 'click', name: '押金怎么退', key: 'flow:deposit-refund' }] },
      { type: 'click', name: '人工客服', key: 'say:转人工' },
      { type: 'view', name: '官网', url: 'https://example.com/' },
    ]);
  });

  it.each([
    ['a button with two actions', goodMenu.replace('    say: 转人工', '    say: 转人工\n    article: pin-wrong'), 'buttons.1', /exactly one of/],
    ['four top buttons', goodMenu + '  - name: 多余\n    say: 菜单\n', 'buttons', /at most 3/],
    ['a top button name too long for WeChat', goodMenu.replace('name: 人工客服', 'name: 人工客服热线电话'), 'buttons.1', /4 Chinese characters/],
    ['an unknown field', goodMenu.replace('    say: 转人工', '    sya: 转人工'), 'buttons.1.sya', /unknown field/],
  ])('reports %s with its file, line and field', async (_what, text, field, message) => {
    await writeFile(path.join(dir, 'wechat-menu.yaml'), text);
    const problems = (await loadKnowledge(dir)).problems.filter((p) => p.severity === 'error');
    expect(problems[0]).toMatchObject({ file: 'wechat-menu.yaml', field: expect.stringContaining(field.split('.')[0]!), message: expect.stringMatching(message) });
    expect(problems[0]!.line).toBeGreaterThan(1);
  });

  it('reports a button naming an article that does not exist', async () => {
    await writeFile(path.join(dir, 'wechat-menu.yaml'), goodMenu.replace('article: pin-wrong', 'article: pin-wrnog'));
    expect((await loadKnowledge(dir)).problems).toMatchObject([{ code: 'KB_MENU_ARTICLE', file: 'wechat-menu.yaml', message: expect.stringContaining('pin-wrnog') }]);
  });

  it('keeps serving the last good menu when a save breaks it', async () => {
    await writeFile(path.join(dir, 'wechat-menu.yaml'), goodMenu);
    const good = await loadKnowledge(dir);
    await writeFile(path.join(dir, 'wechat-menu.yaml'), 'buttons: [');
    const after = await loadKnowledge(dir, { previous: good });
    expect(after.wechatMenu).toEqual(good.wechatMenu);
    expect(after.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['KB_YAML_SYNTAX', 'KB_SERVING_LAST_GOOD']));
  });
});

describe('menuKeyText', () => {
  const words = { articleTitle: (id: string) => (id === 'pin-wrong' ? '刷卡提示密码错误' : undefined), flowTitle: (id: string) => (id === 'deposit-refund' ? '押金退还查询' : undefined), startFlowAction: '一步步排查' };
  it.each([
    ['article:pin-wrong', '刷卡提示密码错误'],
    ['flow:deposit-refund', '一步步排查：押金退还查询'],
    ['say:转人工', '转人工'],
    ['article:gone', undefined],
    ['flow:gone', undefined],
    ['say:', undefined],
    ['V1001_TODAY_MUSIC', undefined],
  ])('%s -> %s', (key, text) => {
    expect(menuKeyText(key, words)).toBe(text);
  });
});
