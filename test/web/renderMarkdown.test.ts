import { describe, expect, it } from 'vitest';
import { renderMarkdown, type MdNode } from '../../web/shared/renderMarkdown.js';

const text = (t: string): MdNode => ({ tag: 'text', text: t });
const strong = (t: string): MdNode => ({ tag: 'strong', children: [text(t)] });
const br: MdNode = { tag: 'br' };

/** Every tag in the tree, to show nothing but the renderer's own elements comes out. */
function tags(nodes: readonly MdNode[]): string[] {
  return nodes.flatMap((n) => [n.tag, ...('children' in n ? tags(n.children) : [])]);
}
/** All the text, as a reader would see it. */
function plain(nodes: readonly MdNode[]): string {
  return nodes.map((n) => (n.tag === 'text' ? n.text : n.tag === 'br' ? '\n' : 'children' in n ? plain(n.children) : '')).join('');
}

describe('renderMarkdown', () => {
  it('makes paragraphs of text separated by blank lines, and line breaks of single newlines', () => {
    expect(renderMarkdown('第一段\n还是第一段\n\n第二段')).toEqual([
      { tag: 'p', children: [text('第一段'), br, text('还是第一段')] },
      { tag: 'p', children: [text('第二段')] },
    ]);
  });

  it('makes **bold** strong, anywhere in a line, and leaves unmatched or empty stars alone', () => {
    expect(renderMarkdown('**商户App登录密码忘了**')).toEqual([{ tag: 'p', children: [strong('商户App登录密码忘了')] }]);
    expect(renderMarkdown('返回码 **55** 是密码错误，**75** 是锁定')).toEqual([
      { tag: 'p', children: [text('返回码 '), strong('55'), text(' 是密码错误，'), strong('75'), text(' 是锁定')] },
    ]);
    expect(renderMarkdown('5**3 = 125 and ** not bold** and ****')).toEqual([{ tag: 'p', children: [text('5**3 = 125 and ** not bold** and ****')] }]);
  });

  it('makes numbered lists, keeping the first number when it is not 1', () => {
    expect(renderMarkdown('1. 先确认账号\n2. **还是登不上**：回复"转人工"')).toEqual([
      {
        tag: 'ol',
        children: [
          { tag: 'li', children: [text('先确认账号')] },
          { tag: 'li', children: [strong('还是登不上'), text('：回复"转人工"')] },
        ],
      },
    ]);
    expect(renderMarkdown('3) 第三步')).toEqual([{ tag: 'ol', start: 3, children: [{ tag: 'li', children: [text('第三步')] }] }]);
    expect(renderMarkdown('1、先开机\n2、再联网')).toEqual([
      { tag: 'ol', children: [{ tag: 'li', children: [text('先开机')] }, { tag: 'li', children: [text('再联网')] }] },
    ]);
  });

  it('makes bulleted lists, and nests an indented list in the item above it', () => {
    const answer = [
      '"有效激活"指机器真正投入使用。',
      '',
      '1. **电签POS机**，满足下面任意一条就算有效激活：',
      '   - 开始使用后马上完成一笔符合条件的交易；',
      '   - 前 3 个月内累计刷卡满 10,000 元。',
      '2. **传统POS机**：在规定期限内达到要求的交易量。',
      '',
      '想确认请回复"转人工"。',
    ].join('\n');
    expect(renderMarkdown(answer)).toEqual([
      { tag: 'p', children: [text('"有效激活"指机器真正投入使用。')] },
      {
        tag: 'ol',
        children: [
          {
            tag: 'li',
            children: [
              strong('电签POS机'),
              text('，满足下面任意一条就算有效激活：'),
              { tag: 'ul', children: [{ tag: 'li', children: [text('开始使用后马上完成一笔符合条件的交易；')] }, { tag: 'li', children: [text('前 3 个月内累计刷卡满 10,000 元。')] }] },
            ],
          },
          { tag: 'li', children: [strong('传统POS机'), text('：在规定期限内达到要求的交易量。')] },
        ],
      },
      { tag: 'p', children: [text('想确认请回复"转人工"。')] },
    ]);
    expect(renderMarkdown('- 甲\n* 乙\n• 丙')).toEqual([
      { tag: 'ul', children: [{ tag: 'li', children: [text('甲')] }, { tag: 'li', children: [text('乙')] }, { tag: 'li', children: [text('丙')] }] },
    ]);
  });

  it('continues a list across blank lines between its items, and ends it at a paragraph', () => {
    expect(renderMarkdown('1. 甲\n\n2. 乙\n\n结尾')).toEqual([
      { tag: 'ol', children: [{ tag: 'li', children: [text('甲')] }, { tag: 'li', children: [text('乙')] }] },
      { tag: 'p', children: [text('结尾')] },
    ]);
    expect(renderMarkdown('1. 甲\n   续行\n2. 乙')).toEqual([
      { tag: 'ol', children: [{ tag: 'li', children: [text('甲'), br, text('续行')] }, { tag: 'li', children: [text('乙')] }] },
    ]);
  });

  it('does not take "1.5元" or "-5" for a list', () => {
    expect(tags(renderMarkdown('1.5元的手续费\n-5 度也能用'))).toEqual(['p', 'text', 'br', 'text']);
  });

  it('renders an answer as the bot sends it: title, body, list, footer', () => {
    const sent = '**持卡人忘记银行卡密码**\n\n银行卡密码只有发卡银行能重置。\n\n1. 不要反复尝试。\n2. 到发卡银行柜台办理。\n\n提醒：都是骗子。\n还有疑问，请回复"转人工"。\n\n这个回答有帮助吗？';
    expect(renderMarkdown(sent).map((n) => n.tag)).toEqual(['p', 'p', 'ol', 'p', 'p']);
  });

  it.each([
    ['<script>alert(1)</script>'],
    ['<img src=x onerror=alert(1)>'],
    ['[x](javascript:alert(1))'],
    ['<a href="javascript:alert(1)">点我</a> &lt;b&gt;'],
    ['![x](https://evil.example/x.png) <iframe src=//evil.example></iframe>'],
  ])('keeps %s as plain text', (source) => {
    const nodes = renderMarkdown(source);
    expect(tags(nodes)).toEqual(['p', 'text']);
    expect(plain(nodes)).toBe(source);
  });

  it('keeps markup inside bold and list items as plain text too', () => {
    const nodes = renderMarkdown('**<script>alert(1)</script>**\n- <img src=x onerror=alert(1)>');
    expect(new Set(tags(nodes))).toEqual(new Set(['p', 'strong', 'text', 'ul', 'li']));
    expect(plain(nodes)).toBe('<script>alert(1)</script><img src=x onerror=alert(1)>');
  });

  it('handles CRLF, tabs and empty input', () => {
    expect(renderMarkdown('')).toEqual([]);
    expect(renderMarkdown('甲\r\n乙')).toEqual([{ tag: 'p', children: [text('甲'), br, text('乙')] }]);
    expect(tags(renderMarkdown('- 甲\n\t- 乙'))).toEqual(['ul', 'li', 'text', 'ul', 'li', 'text']);
  });

  it('stays fast on pathological stars', () => {
    const started = performance.now();
    renderMarkdown('** '.repeat(50_000));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
