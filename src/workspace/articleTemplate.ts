import { stringify } from 'yaml';

/**
 * A new article's YAML to start from, with the questions merchants asked filled in and every other
 * field waiting for the editor (a placeholder id and title that `kb check` would refuse as they are
 * only where the editor must choose).
 */
export function articleTemplate({ questions, today, owner }: { readonly questions: readonly string[]; readonly today: string; readonly owner: string }): string {
  const asked = questions.length > 0 ? questions : ['用户的第一种问法', '第二种问法', '第三种问法'];
  return [
    '# 新文章：改好 id（小写字母、数字和连字符，同时也是文件名）、标题、分类和答案后保存。',
    'id: new-article',
    'title: 请写标题',
    'category: money',
    'tags: [请写标签]',
    'questions:',
    ...asked.map((q) => `  - ${stringify(q, { lineWidth: 0 }).trimEnd()}`),
    'answer: |',
    '  请在这里写答案：先说结论，再分步骤。具体数字请让商户看商户App或签约协议，不要编造。',
    'related: []',
    `updated: ${today}`,
    `owner: ${stringify(owner, { lineWidth: 0 }).trimEnd()}`,
    '',
  ].join('\n');
}
