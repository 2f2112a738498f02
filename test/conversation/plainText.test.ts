import { describe, expect, it } from 'vitest';
import { localesDir } from '../../src/app/createRuntime.js';
import { articleText, loadMessages, markdownToPlainText, pickOption, renderAsText, splitForLimit, type TextLimit } from '../../src/conversation/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

const messages = await loadMessages(localesDir);
const zh = messages['zh-CN'];
const knowledgeDir = new URL('../../knowledge', import.meta.url).pathname;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// What a split may drop: the line breaks and spaces at its cuts, nothing else.
const letters = (text: string) => text.replace(/\s+/g, '');

describe('markdownToPlainText', () => {
  it.each([
    ['a bold line in Chinese is a title in 【】', '**电签POS机押金 100 元**\n\n会冻结 100 元押金。', '【电签POS机押金 100 元】\n\n会冻结 100 元押金。'],
    ['a bold line in English is a title as it is', '**Deposit refund**\n\nYou get it back.', 'Deposit refund\n\nYou get it back.'],
    ['a heading is a title', '## 准备材料\n营业执照', '【准备材料】\n营业执照'],
    ['a title already in 【】 is not bracketed twice', '**【重要】**', '【重要】'],
    ['bold inside a line goes, its text stays', '机器**有效激活**后会退还', '机器有效激活后会退还'],
    ['a numbered step keeps its number, bold removed', '1. **准备**：带上营业执照\n2. 打电话', '1. 准备：带上营业执照\n2. 打电话'],
    ['1) is a numbered step too', '1) 开机\n2) 签到', '1. 开机\n2. 签到'],
    ['bullets become •', '- 营业执照\n* 身份证\n+ 结算卡', '• 营业执照\n• 身份证\n• 结算卡'],
    ['sub-items keep their indentation', '1. 准备：\n    - 营业执照\n    - 身份证', '1. 准备：\n    • 营业执照\n    • 身份证'],
    ['a link is text（url）', '详见[商户App](https://example.com/app)。', '详见商户App（https://example.com/app）。'],
    ['a link whose text is its url is the url', '[https://x.cn/a](https://x.cn/a)', 'https://x.cn/a'],
    ['a link whose text is its url without the scheme is the url', '打开 [x.cn/a](https://x.cn/a)', '打开 https://x.cn/a'],
    ['a link in English is text (url)', 'see [the guide](https://e.com/g "title")', 'see the guide (https://e.com/g)'],
    ['an autolink is its url', '<https://e.com/a>', 'https://e.com/a'],
    ['underscores in urls stay', '[下载](https://e.com/_a_/b_c) 或 https://e.com/_x_', '下载（https://e.com/_a_/b_c） 或 https://e.com/_x_'],
    ['italics go', '*注意* 和 _小心_', '注意 和 小心'],
    ['strike-through goes', '~~旧价格~~', '旧价格'],
    ['code goes, its text stays', '输入 `9999` 再按确认', '输入 9999 再按确认'],
    ['a fenced block keeps its lines, not its fences', '```\n*#06#\n```\n完成', '*#06#\n完成'],
    ['a lone * is the keypad key and stays', '看屏幕上的"*"是否跟着增加', '看屏幕上的"*"是否跟着增加'],
    ['two * keys in a sentence stay', '先按*键，再按*键', '先按*键，再按*键'],
    ['a lone # is the keypad key and stays', '按 # 键确认，#号键在右下角', '按 # 键确认，#号键在右下角'],
    ['an escaped marker is the marker', '按 \\*号键 \\*', '按 *号键 *'],
    ['an unclosed bold leaves no markers', '**没闭合的粗体', '没闭合的粗体'],
    ['a stray backtick goes', '一个`反引号', '一个反引号'],
    ['snake_case stays', 'merchant_id 和 terminal_no', 'merchant_id 和 terminal_no'],
    ['a quote loses its >', '> 客服不会索要密码', '客服不会索要密码'],
    ['a rule is a paragraph break', '上面\n\n---\n\n下面', '上面\n\n下面'],
    ['paragraphs stay, blank runs become one blank line', '第一段\n\n\n\n第二段  \n第二行', '第一段\n\n第二段\n第二行'],
    ['CRLF becomes LF', '第一行\r\n第二行', '第一行\n第二行'],
    ['emoji stay', '👍 有帮助 👨‍👩‍👧', '👍 有帮助 👨‍👩‍👧'],
  ])('%s', (_, markdown, plain) => {
    expect(markdownToPlainText(markdown)).toBe(plain);
  });

  it('leaves no markup in any article of the knowledge base', async () => {
    const { articles } = await loadKnowledge(knowledgeDir);
    expect(articles.length).toBeGreaterThan(20);
    for (const article of articles) {
      const plain = markdownToPlainText(articleText(article));
      expect(plain, article.id).not.toMatch(/\*\*|__|`|\]\(|^\s*[-*+#] /m);
      expect(plain.startsWith(`【${article.title}`), article.id).toBe(true);
    }
  });
});

describe('renderAsText', () => {
  it.each([
    ['text only', { text: '**押金**\n\n会退还。' }, '【押金】\n\n会退还。'],
    ['text and options', { text: '您用的是哪种POS机？', actions: ['电签POS机', '传统POS机'] }, '您用的是哪种POS机？\n\n回复序号：\n1. 电签POS机\n2. 传统POS机'],
    ['options only', { text: '', actions: ['转人工'] }, '回复序号：\n1. 转人工'],
    ['no options given as an empty list', { text: '好的', actions: [] }, '好的'],
  ])('%s', (_, reply, text) => {
    expect(renderAsText(reply, zh)).toBe(text);
  });

  it('takes the lead-in from the locale', () => {
    expect(renderAsText({ text: 'Which one?', actions: ['Wrong PIN'] }, messages.en)).toBe('Which one?\n\nReply with a number:\n1. Wrong PIN');
  });

  it('numbers the options so that typing a number picks the same option', () => {
    const actions = zh.menu;
    const lines = renderAsText({ text: zh.greeting, actions }, zh).split('\n');
    const numbered = lines.slice(lines.indexOf(zh.numberedOptions) + 1);
    expect(numbered).toHaveLength(actions.length);
    for (const line of numbered) {
      const [, number, title] = /^(\d+)\. (.+)$/.exec(line)!;
      expect(pickOption(number!, actions)).toBe(title);
    }
  });
});

// A long answer as the knowledge base writes them: a title, paragraphs, numbered steps with
// sub-items; about 5,000 characters.
const step = (n: number) => `${n}. **第${n}步**：请先确认终端已开机并连上网络，然后在主界面进入“管理”菜单，按提示完成操作。如果屏幕提示失败，请记下返回码。\n    - 电签POS机：在商户App里查看\n    - 传统POS机：看签购单`;
const longAnswer = markdownToPlainText(
  [`**刷卡失败的完整排查步骤**`, '下面的步骤请按顺序做，每一步做完再看结果。'.repeat(3), ...Array.from({ length: 50 }, (_, i) => step(i + 1)), '还不行的话，请回复“转人工”。'].join('\n\n'),
);
const withOptions = renderAsText({ text: longAnswer, actions: ['👍 有帮助', '👎 没帮助', '转人工'] }, zh);
const optionBlock = '回复序号：\n1. 👍 有帮助\n2. 👎 没帮助\n3. 转人工';

describe('splitForLimit', () => {
  it('has a 5,000-character answer to split', () => {
    expect(withOptions.length).toBeGreaterThan(5000);
    expect(withOptions.endsWith(optionBlock)).toBe(true);
  });

  it.each<[string, string, TextLimit, string[]]>([
    ['a text within the limit is its only part, unchanged', '第一段\n\n\n第二段 ', { maxChars: 100 }, ['第一段\n\n\n第二段 ']],
    ['cuts between paragraphs', '第一段。\n\n第二段。\n\n第三段。', { maxChars: 10 }, ['第一段。\n\n第二段。', '第三段。']],
    ['counts bytes of UTF-8: a Chinese character is three', '第一段。\n\n第二段。', { maxBytes: 12 }, ['第一段。', '第二段。']],
    ['keeps a numbered step whole', '步骤：\n1. 开机等待。\n2. 进入菜单。\n3. 选择签到。', { maxChars: 24 }, ['步骤：\n1. 开机等待。\n2. 进入菜单。', '3. 选择签到。']],
    ['keeps a step with its sub-items', '说明一下：\n1. 准备：\n  • 执照\n  • 身份证', { maxChars: 22 }, ['说明一下：', '1. 准备：\n  • 执照\n  • 身份证']],
    ['cuts a step longer than the limit after a sentence', '1. 先开机。再签到！然后刷卡？最后打印。', { maxChars: 12 }, ['1. 先开机。再签到！', '然后刷卡？最后打印。']],
    ['cuts English after a full stop', 'Turn it on. Sign in. Pay.', { maxChars: 12 }, ['Turn it on.', 'Sign in.', 'Pay.']],
    ['cuts a sentence longer than the limit between characters', '一二三四五六七八九十。', { maxChars: 4 }, ['一二三四', '五六七八', '九十。']],
    ['never cuts an emoji in half', '👍👍👍', { maxChars: 3 }, ['👍', '👍', '👍']],
    ['keeps an emoji sequence whole when it fits', 'ab👨‍👩‍👧', { maxBytes: 18 }, ['ab', '👨‍👩‍👧']],
    ['cuts an emoji sequence longer than the limit between its code points', '👨‍👩‍👧', { maxBytes: 8 }, ['👨\u200d', '👩\u200d', '👧']],
    ['applies both limits', 'abcdef\n\n一二', { maxBytes: 6, maxChars: 4 }, ['abcd', 'ef', '一二']],
    ['keeps the options together at the end', '很长的回答第一句。很长的回答第二句。\n\n回复序号：\n1. 是\n2. 否', { maxChars: 16 }, ['很长的回答第一句。', '很长的回答第二句。', '回复序号：\n1. 是\n2. 否']],
  ])('%s', (_, text, limit, parts) => {
    expect(splitForLimit(text, limit)).toEqual(parts);
  });

  it.each<[string, TextLimit]>([
    ['WeChat passive reply', { maxBytes: 2048 }],
    ['WeChat customer-service message', { maxChars: 2048 }],
    ['a small limit', { maxBytes: 300, maxChars: 150 }],
  ])('splits the long answer for a %s: each part fits, nothing lost, steps whole, options at the end', (_, limit) => {
    const parts = splitForLimit(withOptions, limit);
    const lines = new Set(withOptions.split('\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(bytes(part)).toBeLessThanOrEqual(limit.maxBytes ?? Infinity);
      expect(part.length).toBeLessThanOrEqual(limit.maxChars ?? Infinity);
      expect(part).not.toMatch(loneSurrogate);
      // Every part starts where a line of the text starts, and not at a sub-item: no step is cut.
      expect(lines.has(part.split('\n')[0]!)).toBe(true);
      expect(part).not.toMatch(/^\s/);
    }
    expect(letters(parts.join(''))).toBe(letters(withOptions));
    expect(parts.at(-1)!.endsWith(optionBlock)).toBe(true);
    expect(parts.slice(0, -1).some((part) => part.includes(zh.numberedOptions))).toBe(false);
  });

  it('cuts a text of emoji with no break anywhere at code points only', () => {
    const text = '😀'.repeat(100) + 'a' + '😀'.repeat(100);
    const parts = splitForLimit(text, { maxChars: 11 });
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(11);
      expect(part).not.toMatch(loneSurrogate);
    }
    expect(parts.join('')).toBe(text);
  });

  it.each<[TextLimit, string]>([
    [{}, 'splitForLimit: give maxBytes or maxChars'],
    [{ maxBytes: 3 }, 'splitForLimit: maxBytes must be at least 4 (one character), got 3'],
    [{ maxChars: 1 }, 'splitForLimit: maxChars must be at least 2 (one character), got 1'],
    [{ maxChars: Number.NaN }, 'splitForLimit: maxChars must be at least 2 (one character), got NaN'],
  ])('refuses %o', (limit, message) => {
    expect(() => splitForLimit('文本', limit)).toThrow(new RangeError(message));
  });
});
