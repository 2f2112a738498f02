import { compileExpression, ExpressionError } from './expression.js';
import type { Flow, FlowStep } from './flowSchema.js';

export const flowProblemCodes = {
  duplicateStep: 'FLOW_DUPLICATE_STEP',
  unknownTarget: 'FLOW_UNKNOWN_TARGET',
  unknownArticle: 'FLOW_UNKNOWN_ARTICLE',
  unreachable: 'FLOW_UNREACHABLE_STEP',
  fallsOff: 'FLOW_FALLS_OFF_END',
  noEnd: 'FLOW_NO_END',
  loop: 'FLOW_LOOP_WITHOUT_QUESTION',
  unsetVariable: 'FLOW_VARIABLE_NOT_SET',
  expression: 'FLOW_EXPRESSION',
} as const;

/** A problem in a flow, placed by step and field path (`steps.3.branch.0.when`). */
export interface FlowIssue {
  readonly code: (typeof flowProblemCodes)[keyof typeof flowProblemCodes];
  readonly step?: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Ids of the steps a step may continue to; `undefined` marks falling off the end of the list. */
export function successors(flow: Flow, index: number): (string | undefined)[] {
  const step = flow.steps[index]!;
  const following = flow.steps[index + 1]?.id;
  if ('branch' in step) {
    const targets = step.branch.map((c) => c.goto);
    return step.branch.some((c) => !('when' in c)) ? targets : [...targets, following];
  }
  if ('goto' in step) return [step.goto];
  if ('handoff' in step || 'end' in step) return [];
  return [step.next ?? following];
}

/** What a step writes, and what it reads (with where, for the error). */
function definitions(step: FlowStep): string[] {
  if ('ask' in step) return [step.ask.var];
  if ('set' in step) return Object.keys(step.set);
  return [];
}

function uses(step: FlowStep, at: number): { name: string; path: (string | number)[] }[] {
  const out: { name: string; path: (string | number)[] }[] = [];
  const fromText = (text: string, path: (string | number)[]) => {
    for (const [, name] of text.matchAll(PLACEHOLDER)) out.push({ name: name!, path });
  };
  if ('say' in step) fromText(step.say, ['steps', at, 'say']);
  if ('ask' in step) fromText(step.ask.prompt, ['steps', at, 'ask', 'prompt']);
  if ('end' in step && step.end) fromText(step.end, ['steps', at, 'end']);
  if ('handoff' in step) {
    fromText(step.handoff.reason, ['steps', at, 'handoff', 'reason']);
    if (step.handoff.say) fromText(step.handoff.say, ['steps', at, 'handoff', 'say']);
  }
  if ('branch' in step) {
    step.branch.forEach((c, i) => {
      if ('when' in c) safeVariables(c.when).forEach((name) => out.push({ name, path: ['steps', at, 'branch', i, 'when'] }));
    });
  }
  if ('set' in step) {
    for (const [key, value] of Object.entries(step.set)) {
      if (value && typeof value === 'object') safeVariables(value.expr).forEach((name) => out.push({ name, path: ['steps', at, 'set', key, 'expr'] }));
    }
  }
  return out;
}

function safeVariables(source: string): readonly string[] {
  try {
    return compileExpression(source).variables;
  } catch {
    return []; // reported separately
  }
}

/**
 * Checks a parsed flow as a graph: every target exists, every step is reachable from the start,
 * every path reaches an end or a handoff, no loop runs without asking the user something, and
 * every variable is set on every path before it is read.
 */
export function validateFlow(flow: Flow, articleIds: ReadonlySet<string>): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const indexOf = new Map<string, number>();
  flow.steps.forEach((step, i) => {
    if (indexOf.has(step.id)) issues.push({ code: flowProblemCodes.duplicateStep, step: step.id, path: ['steps', i, 'id'], message: `step id "${step.id}" is used twice` });
    else indexOf.set(step.id, i);
  });
  const start = flow.start ?? flow.steps[0]!.id;
  if (!indexOf.has(start)) issues.push({ code: flowProblemCodes.unknownTarget, path: ['start'], message: `start step "${start}" does not exist` });

  // Targets, articles, expressions.
  const edges: number[][] = flow.steps.map(() => []);
  flow.steps.forEach((step, i) => {
    const targetPath = 'branch' in step ? (k: number) => ['steps', i, 'branch', k, 'goto'] : () => ['steps', i, 'goto' in step ? 'goto' : 'next'];
    successors(flow, i).forEach((target, k) => {
      if (target === undefined) {
        issues.push({ code: flowProblemCodes.fallsOff, step: step.id, path: ['steps', i], message: `step "${step.id}" is the last one and does not end: add next, goto, end or handoff` });
      } else if (!indexOf.has(target)) {
        issues.push({ code: flowProblemCodes.unknownTarget, step: step.id, path: targetPath(k), message: `step "${target}" does not exist` });
      } else {
        edges[i]!.push(indexOf.get(target)!);
      }
    });
    if ('article' in step && !articleIds.has(step.article)) {
      issues.push({ code: flowProblemCodes.unknownArticle, step: step.id, path: ['steps', i, 'article'], message: `article "${step.article}" does not exist` });
    }
    const expressions: [string, (string | number)[]][] = [];
    if ('branch' in step) step.branch.forEach((c, k) => 'when' in c && expressions.push([c.when, ['steps', i, 'branch', k, 'when']]));
    if ('set' in step) for (const [key, v] of Object.entries(step.set)) if (v && typeof v === 'object') expressions.push([v.expr, ['steps', i, 'set', key, 'expr']]);
    for (const [source, path] of expressions) {
      try {
        compileExpression(source);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        issues.push({ code: flowProblemCodes.expression, step: step.id, path, message: error.message });
      }
    }
  });
  const startIndex = indexOf.get(start);
  if (startIndex === undefined) return issues;

  // Reachable from the start.
  const reachable = new Set<number>([startIndex]);
  for (const queue = [startIndex]; queue.length > 0; ) for (const j of edges[queue.pop()!]!) if (!reachable.has(j)) reachable.add(j) && queue.push(j);
  flow.steps.forEach((step, i) => {
    if (!reachable.has(i)) issues.push({ code: flowProblemCodes.unreachable, step: step.id, path: ['steps', i, 'id'], message: `step "${step.id}" can never be reached from "${start}"` });
  });

  // Every reachable step can still reach an end or a handoff.
  const terminal = (i: number) => 'end' in flow.steps[i]! || 'handoff' in flow.steps[i]!;
  const canEnd = new Set<number>(flow.steps.flatMap((_, i) => (terminal(i) ? [i] : [])));
  for (let changed = true; changed; ) {
    changed = false;
    edges.forEach((out, i) => {
      if (!canEnd.has(i) && out.some((j) => canEnd.has(j))) changed = Boolean(canEnd.add(i));
    });
  }
  for (const i of reachable) {
    if (!canEnd.has(i)) issues.push({ code: flowProblemCodes.noEnd, step: flow.steps[i]!.id, path: ['steps', i], message: `from step "${flow.steps[i]!.id}" no path reaches an end or a handoff` });
  }

  // A loop must ask the user something, or it spins forever within one turn.
  const isAsk = (i: number) => 'ask' in flow.steps[i]!;
  const state = new Map<number, 'open' | 'done'>();
  const visit = (i: number): boolean => {
    if (state.get(i) === 'open') return true;
    if (state.get(i) === 'done' || isAsk(i)) return false;
    state.set(i, 'open');
    const cyclic = edges[i]!.some(visit);
    state.set(i, 'done');
    return cyclic;
  };
  for (const i of reachable) {
    if (!isAsk(i) && !state.has(i) && visit(i)) issues.push({ code: flowProblemCodes.loop, step: flow.steps[i]!.id, path: ['steps', i], message: `step "${flow.steps[i]!.id}" is on a loop that never asks the user anything` });
  }

  // Definite assignment: a variable is set on entry to a step only if every way in sets it.
  const all = new Set(flow.steps.flatMap(definitions));
  const entry = flow.steps.map((_, i) => (i === startIndex ? new Set<string>() : new Set(all)));
  const preds = flow.steps.map(() => [] as number[]);
  edges.forEach((out, i) => out.forEach((j) => preds[j]!.push(i)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of reachable) {
      if (i === startIndex && preds[i]!.length === 0) continue;
      const incoming = preds[i]!.filter((p) => reachable.has(p)).map((p) => new Set([...entry[p]!, ...definitions(flow.steps[p]!)]));
      if (i === startIndex) incoming.push(new Set());
      const next = incoming.reduce((acc, s) => new Set([...acc].filter((v) => s.has(v))));
      if (next.size !== entry[i]!.size) {
        entry[i] = next;
        changed = true;
      }
    }
  }
  for (const i of reachable) {
    for (const use of uses(flow.steps[i]!, i)) {
      if (!entry[i]!.has(use.name)) {
        issues.push({ code: flowProblemCodes.unsetVariable, step: flow.steps[i]!.id, path: use.path, message: `variable "${use.name}" may not be set when step "${flow.steps[i]!.id}" runs` });
      }
    }
  }
  return issues;
}
