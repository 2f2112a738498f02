import { describe, expect, it } from 'vitest';
import { appendQuestions } from '../../src/workspace/index.js';

const article = (questions: string) => `# 维护：kb-team
id: demo
title: 演示文章
category: money
tags: [演示]
${questions}
answer: |
  第一段。

  第二段，空行要留着。
updated: 2026-11-30
owner: kb-team
`;

describe('appendQuestions', () => {
  it('inserts after the last item with its indentation, and leaves every other byte as it was', () => {
    const text = article('questions:   # 常见问法\n    - 第一问\n    # 中间的注释\n    - 第二问\n    - 第三问  # 行尾注释');
    const result = appendQuestions('money/demo.yaml', text, ['新问法', '  ']);
    expect(result).toEqual({ ok: true, added: ['新问法'], text: text.replace('    - 第三问  # 行尾注释', '    - 第三问  # 行尾注释\n    - 新问法') });
  });

  it('appends to a flow list inside its brackets', () => {
    const text = article('questions: [第一问, 第二问, 第三问]');
    const result = appendQuestions('money/demo.yaml', text, ['第四问']);
    expect(result.ok && result.text).toBe(text.replace('[第一问, 第二问, 第三问]', '[第一问, 第二问, 第三问, 第四问]'));
  });

  it.each([
    ['a colon and a space', '到账时间: 几天', '"到账时间: 几天"'],
    ['a leading dash', '- 为什么', '"- 为什么"'],
    ['a hash after a space', '返回码 #55', '"返回码 #55"'],
    ['yes, which YAML 1.1 reads as true', 'yes', 'yes'],
  ])('quotes a question only when YAML needs it: %s', (_name, question, written) => {
    const result = appendQuestions('money/demo.yaml', article('questions:\n  - 第一问\n  - 第二问\n  - 第三问'), [question]);
    expect(result.ok && result.text).toContain(`  - 第三问\n  - ${written}\n`);
  });

  it('skips questions the article already has, in any spacing or punctuation', () => {
    const text = article('questions:\n  - 钱怎么还没到账\n  - 第二问\n  - 第三问');
    expect(appendQuestions('money/demo.yaml', text, ['钱怎么还没到账？', '钱 怎么还没到账'])).toEqual({ ok: true, text, added: [] });
  });

  it('refuses a file that fails validation, naming the field and its line', () => {
    const result = appendQuestions('money/demo.yaml', article('questions:\n  - 第一问\n  - 第二问\n  - 第三问').replace('title: 演示文章', 'title: ""'), ['新问法']);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({ file: 'money/demo.yaml', field: 'title', line: 3 });
  });

  it('refuses a file whose id is not its name, and broken YAML', () => {
    const good = article('questions:\n  - 第一问\n  - 第二问\n  - 第三问');
    expect(appendQuestions('money/other.yaml', good, ['新问法'])).toMatchObject({ ok: false, problems: [{ field: 'id' }] });
    expect(appendQuestions('money/demo.yaml', `${good}\nquestions: [`, ['新问法']).ok).toBe(false);
  });
});
