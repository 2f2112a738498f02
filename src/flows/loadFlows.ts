import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseYamlFile, type FileProblem } from '../knowledge/index.js';
import { flowSchema, type Flow } from './flowSchema.js';
import { validateFlow } from './validateFlow.js';

export type FlowProblem = FileProblem & { readonly step?: string };

export interface FlowSnapshot {
  readonly flows: readonly Flow[];
  readonly byId: ReadonlyMap<string, Flow>;
  readonly problems: readonly FlowProblem[];
  readonly loadedAt: Date;
  /** @internal last good flow of each file */
  readonly goodFiles: ReadonlyMap<string, Flow>;
}

export interface LoadFlowsOptions {
  /** Article ids flows may send; an unknown one is an error. */
  readonly articleIds: ReadonlySet<string>;
  /** The snapshot serving now: a broken file keeps its last good version. */
  readonly previous?: FlowSnapshot;
}

/**
 * Loads and validates every flow in `dir` (a missing folder means no flows). Problems name the
 * file, the line, the step and the field; they are collected, never thrown.
 */
export async function loadFlows(dir: string, { articleIds, previous }: LoadFlowsOptions): Promise<FlowSnapshot> {
  const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
  const files = exists
    ? (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        .sort()
    : [];
  const problems: FlowProblem[] = [];
  const good = new Map<string, Flow>();
  for (const file of files) {
    const parsed = parseYamlFile(file, await readFile(path.join(dir, file), 'utf8'), flowSchema);
    problems.push(...parsed.problems);
    let flow = parsed.value;
    if (flow) {
      const expected = path.basename(file).replace(/\.ya?ml$/i, '');
      const issues = validateFlow(flow, articleIds);
      if (flow.id !== expected) issues.unshift({ code: 'FLOW_UNKNOWN_TARGET', path: ['id'], message: `id "${flow.id}" must match the file name "${expected}"` });
      for (const issue of issues) {
        problems.push({ code: issue.code, severity: 'error', file, line: parsed.lineOf(issue.path), field: issue.path.join('.'), step: issue.step, message: issue.message });
      }
      if (issues.length > 0) flow = undefined;
    }
    if (flow) good.set(file, flow);
    else if (previous?.goodFiles.has(file)) {
      good.set(file, previous.goodFiles.get(file)!);
      problems.push({ code: 'KB_SERVING_LAST_GOOD', severity: 'warning', file, line: 1, message: 'this file has errors; its last good version is still being served' });
    }
  }
  const byId = new Map<string, Flow>();
  for (const [file, flow] of good) {
    if (byId.has(flow.id)) problems.push({ code: 'FLOW_DUPLICATE_ID', severity: 'error', file, line: 1, field: 'id', message: `flow id "${flow.id}" is used by another file` });
    else byId.set(flow.id, flow);
  }
  return { flows: [...byId.values()], byId, problems, loadedAt: new Date(), goodFiles: good };
}
