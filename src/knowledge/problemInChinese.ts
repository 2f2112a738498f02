import type { FileProblem } from './KnowledgeProblem.js';

// The messages `kb check` prints, as an editor reads them in Chinese. One line per message shape.
const translations: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^must be kebab-case/, () => '只能用小写字母、数字和单个连字符，如 settlement-time'],
  [/^must not be empty$/, () => '不能为空'],
  [/^must be at most (\d+) characters$/, (m) => `最多 ${m[1]} 个字`],
  [/^needs at least (\d+) tags?$/, (m) => `至少要有 ${m[1]} 个标签`],
  [/^needs at least (\d+) ways a user would ask it$/, (m) => `至少要写 ${m[1]} 种用户的问法`],
  [/^must be a date like (.+)$/, (m) => `应为日期，如 ${m[1]}`],
  [/^is not a real calendar date$/, () => '不是真实存在的日期'],
  [/^is required$/, () => '必填'],
  [/^unknown field "(.+)"$/, (m) => `不认识的字段"${m[1]}"，是不是拼错了？`],
  [/^id "(.+)" must match the file name "(.+)"$/, (m) => `id "${m[1]}" 必须与文件名 "${m[2]}" 一致`],
  [/^duplicate id "(.+)", already used by (.+)$/, (m) => `id "${m[1]}" 重复，${m[2]} 已在使用`],
  [/^related article "(.+)" does not exist$/, (m) => `相关文章 "${m[1]}" 不存在`],
  [/^Invalid input: expected (\w+), received (\w+)/, (m) => `类型不对：应为${kinds[m[1]!] ?? m[1]}，实际是${kinds[m[2]!] ?? m[2]}`],
  [/^questions must be a list/, () => 'questions 必须是列表'],
];
const kinds: Record<string, string> = { string: '文字', number: '数字', array: '列表', object: '字段组', boolean: '是/否', undefined: '空', null: '空' };

/** A problem's message in Chinese (the English one when no translation is known), for the workspace. */
export function problemInChinese(problem: Pick<FileProblem, 'code' | 'message'>): string {
  for (const [pattern, say] of translations) {
    const m = pattern.exec(problem.message);
    if (m) return say(m);
  }
  if (problem.code === 'KB_YAML_SYNTAX') return `YAML 格式错误：${problem.message}`;
  return problem.message;
}
