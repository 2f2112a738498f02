import { isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { articleSchema, knowledgeProblemCodes, parseYamlFile, type KnowledgeProblem } from '../knowledge/index.js';
import { clean } from '../conversation/index.js';

/** The article file with the questions appended, or why it cannot be. */
export type AppendResult =
  | { readonly ok: true; readonly text: string; readonly added: readonly string[] }
  | { readonly ok: false; readonly problems: readonly KnowledgeProblem[] };

/**
 * Appends questions to an article file's `questions`. The yaml library's Document API finds where
 * the list ends in the file's own text, and the new items are inserted there, as the list writes
 * them (its indentation, block or flow style): every other byte, comments, blank lines inside the
 * answer, quoting, stays as the editor left it. Questions the file already has (in any spacing or
 * case) are skipped. The result must pass the same validation as `kb check` (`file` is the path
 * relative to the knowledge folder, for the id check and messages).
 */
export function appendQuestions(file: string, text: string, questions: readonly string[]): AppendResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, problems: parseYamlFile(file, text, articleSchema).problems };
  const list = doc.get('questions', true);
  if (!isSeq(list) || !list.range) return { ok: false, problems: [{ code: knowledgeProblemCodes.schema, severity: 'error', file, line: 1, field: 'questions', message: 'questions must be a list' }] };
  const have = new Set(list.items.map((item) => clean(String(isScalar(item) ? item.value : item))));
  const added: string[] = [];
  for (const question of questions.map((q) => q.trim()).filter(Boolean)) {
    const key = clean(question);
    if (have.has(key)) continue;
    have.add(key);
    added.push(question);
  }
  // Each question as YAML writes a lone string: plain when it can be, quoted when it must.
  const scalars = added.map((q) => stringify(q, { lineWidth: 0 }).trimEnd());
  let next = text;
  const last = list.items.at(-1);
  if (scalars.length > 0 && list.flow) {
    // [a, b] -> [a, b, c]: before the closing bracket.
    const close = text.lastIndexOf(']', list.range[1]);
    next = `${text.slice(0, close)}${list.items.length > 0 ? ', ' : ''}${scalars.join(', ')}${text.slice(close)}`;
  } else if (scalars.length > 0 && isScalar(last) && last.range) {
    // After the line holding the last item, with that item's indentation.
    const lineStart = text.lastIndexOf('\n', last.range[0]) + 1;
    const indent = /^[ \t]*-[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '  - ';
    const lineEnd = text.indexOf('\n', last.range[1]);
    const at = lineEnd === -1 ? text.length : lineEnd;
    next = `${text.slice(0, at)}${scalars.map((q) => `\n${indent}${q}`).join('')}${text.slice(at)}`;
  } else if (scalars.length > 0) {
    return { ok: false, problems: [{ code: knowledgeProblemCodes.schema, severity: 'error', file, line: 1, field: 'questions', message: 'questions must be a list of texts' }] };
  }
  const parsed = parseYamlFile(file, next, articleSchema);
  const expectedId = file.split('/').pop()!.replace(/\.ya?ml$/i, '');
  const problems = [...parsed.problems];
  if (parsed.value && parsed.value.id !== expectedId) problems.push({ code: knowledgeProblemCodes.idMismatch, severity: 'error', file, line: parsed.lineOf(['id']), field: 'id', message: `id "${parsed.value.id}" must match the file name "${expectedId}"` });
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  // The insertion must have added exactly these items at the end, and changed nothing else.
  if (parsed.value && JSON.stringify(parsed.value.questions.slice(-added.length || undefined)) !== JSON.stringify(added.length ? added : parsed.value.questions)) {
    return { ok: false, problems: [{ code: knowledgeProblemCodes.schema, severity: 'error', file, line: 1, field: 'questions', message: 'the questions could not be appended to this list as written' }] };
  }
  return { ok: true, text: next, added };
}
