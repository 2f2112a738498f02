import { LineCounter, parseDocument, isMap, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { knowledgeProblemCodes, type KnowledgeProblem } from './KnowledgeProblem.js';

export interface ParsedFile<T> {
  /** Present only when the file parsed and validated without errors. */
  readonly value?: T;
  readonly problems: KnowledgeProblem[];
  /** Line of a top-level field, for problems found later (cross-file checks). */
  readonly lineOf: (path: readonly (string | number)[]) => number;
}

/**
 * Parses one YAML file and validates it against a schema, reporting every problem with its
 * line and field rather than stopping at the first.
 */
export function parseYamlFile<S extends z.ZodType>(file: string, text: string, schema: S): ParsedFile<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const lineOf = (path: readonly (string | number)[]) => lineAt(nodeStart(doc, path));

  const syntax = doc.errors.map<KnowledgeProblem>((e) => ({
    code: knowledgeProblemCodes.yamlSyntax,
    severity: 'error',
    file,
    line: lineAt(e.pos[0]),
    message: e.message.split('\n')[0] ?? e.message,
  }));
  if (syntax.length > 0) return { problems: syntax, lineOf };

  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { value: parsed.data, problems: [], lineOf };

  const problems = parsed.error.issues.flatMap<KnowledgeProblem>((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        code: knowledgeProblemCodes.schema,
        severity: 'error' as const,
        file,
        line: lineAt(keyStart(doc, [...path, key])),
        field: [...path, key].join('.'),
        message: `unknown field "${key}"`,
      }));
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [
      {
        code: knowledgeProblemCodes.schema,
        severity: 'error' as const,
        file,
        line: lineOf(path),
        field: path.join('.') || undefined,
        message: missing ? 'is required' : issue.message,
      },
    ];
  });
  return { problems, lineOf };
}

/** Start offset of the deepest node on the path that exists (a missing field points at its parent). */
function nodeStart(doc: Document, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function keyStart(doc: Document, path: readonly (string | number)[]): number | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === path.at(-1));
    if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return nodeStart(doc, path.slice(0, -1));
}
