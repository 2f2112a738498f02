import { compileExpression, type FlowValue } from './expression.js';
import type { AskSpec, Choice, Flow, FlowStep } from './flowSchema.js';
import { parseNumber } from './parseNumber.js';
import { successors } from './validateFlow.js';

/** Where a conversation stands in a flow; plain data, stored between turns. */
export interface FlowState {
  readonly flowId: string;
  readonly stepId: string;
  readonly vars: Readonly<Record<string, FlowValue>>;
  /** Failed answers to the current question. */
  readonly attempts: number;
}

/** What the bot should do, in order. Rendering (text, buttons) is the bot's business. */
export type FlowOutput =
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'article'; readonly articleId: string }
  /** A question; `retry` after a failed answer; `stuck` once failed answers reach the step's `maxAttempts`. */
  | { readonly kind: 'ask'; readonly ask: AskSpec; readonly text: string; readonly retry: boolean; readonly stuck?: boolean }
  | { readonly kind: 'handoff'; readonly reason: string; readonly priority: 'normal' | 'high'; readonly text?: string }
  | { readonly kind: 'end'; readonly text: string | null };

export interface FlowTurn {
  /** Null once the flow has ended or handed over. */
  readonly state: FlowState | null;
  readonly outputs: readonly FlowOutput[];
  /** The variables collected so far (also when the flow just ended). */
  readonly vars: Readonly<Record<string, FlowValue>>;
}

/** Maps a user's words to a choice's value; the bot supplies one that knows 第二个 and 智能的. */
export type ChoiceRecognizer = (text: string, choices: readonly Choice[]) => string | undefined;

const MAX_STEPS_PER_TURN = 200;

export class FlowRunError extends Error {
  readonly code = 'FLOW_RUN';
  constructor(message: string) {
    super(`flow: ${message}`);
    this.name = 'FlowRunError';
  }
}

/** Starts a flow and runs it up to its first question (or its end). */
export function startFlow(flow: Flow, vars: Readonly<Record<string, FlowValue>> = {}): FlowTurn {
  return runFrom(flow, flow.start ?? flow.steps[0]!.id, { ...vars });
}

/**
 * Gives the user's answer to the question the flow is waiting on. A valid answer is stored in
 * the question's variable and the flow moves on; an invalid one is asked again, and from
 * `maxAttempts` failures on the question is marked `stuck` (the bot then offers to ask again, to
 * leave, or a person). A flow never hands over by itself because of answers it cannot read: a
 * person the merchant did not ask for is no help.
 */
export function answerFlow(flow: Flow, state: FlowState, text: string, recognizeChoice: ChoiceRecognizer): FlowTurn {
  const index = flow.steps.findIndex((s) => s.id === state.stepId);
  const step = flow.steps[index];
  if (!step || !('ask' in step)) throw new FlowRunError(`${flow.id} is not waiting for an answer at "${state.stepId}"`);
  const value = readAnswer(step.ask, text, recognizeChoice);
  if (value === undefined) {
    const attempts = state.attempts + 1;
    return {
      state: { ...state, attempts },
      vars: state.vars,
      outputs: [{ kind: 'ask', ask: step.ask, text: interpolate(step.ask.retry ?? step.ask.prompt, state.vars), retry: true, stuck: attempts >= step.ask.maxAttempts }],
    };
  }
  const vars = { ...state.vars, [step.ask.var]: value };
  return runFrom(flow, successors(flow, index)[0]!, vars);
}

/** Asks the question the flow waits on again, as if for the first time (no failed answers counted). */
export function repeatQuestion(flow: Flow, state: FlowState): FlowTurn {
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (!step || !('ask' in step)) throw new FlowRunError(`${flow.id} is not waiting for an answer at "${state.stepId}"`);
  return { state: { ...state, attempts: 0 }, vars: state.vars, outputs: [{ kind: 'ask', ask: step.ask, text: interpolate(step.ask.prompt, state.vars), retry: false }] };
}

function runFrom(flow: Flow, stepId: string, vars: Record<string, FlowValue>): FlowTurn {
  const outputs: FlowOutput[] = [];
  let current: string | undefined = stepId;
  for (let guard = 0; guard < MAX_STEPS_PER_TURN; guard++) {
    const index = flow.steps.findIndex((s) => s.id === current);
    const step: FlowStep | undefined = flow.steps[index];
    if (!step) throw new FlowRunError(`${flow.id} has no step "${current}"`);
    if ('ask' in step) {
      outputs.push({ kind: 'ask', ask: step.ask, text: interpolate(step.ask.prompt, vars), retry: false });
      return { state: { flowId: flow.id, stepId: step.id, vars, attempts: 0 }, outputs, vars };
    }
    if ('handoff' in step) {
      outputs.push({ kind: 'handoff', reason: interpolate(step.handoff.reason, vars), priority: step.handoff.priority, text: step.handoff.say && interpolate(step.handoff.say, vars) });
      return { state: null, outputs, vars };
    }
    if ('end' in step) {
      outputs.push({ kind: 'end', text: step.end === null ? null : interpolate(step.end, vars) });
      return { state: null, outputs, vars };
    }
    if ('say' in step) outputs.push({ kind: 'say', text: interpolate(step.say, vars) });
    if ('article' in step) outputs.push({ kind: 'article', articleId: step.article });
    if ('set' in step) {
      const before = { ...vars };
      for (const [name, value] of Object.entries(step.set)) {
        vars[name] = value !== null && typeof value === 'object' ? compileExpression(value.expr).evaluate(before) : value;
      }
    }
    if ('branch' in step) {
      const taken = step.branch.find((c) => !('when' in c) || Boolean(compileExpression(c.when).evaluate(vars)));
      current = taken ? taken.goto : successors(flow, index).at(-1);
      continue;
    }
    current = successors(flow, index)[0];
  }
  throw new FlowRunError(`${flow.id} ran ${MAX_STEPS_PER_TURN} steps without asking anything`);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
function interpolate(text: string, vars: Readonly<Record<string, FlowValue>>): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    const value = vars[name];
    // Arithmetic on amounts leaves 0.010000000000218279; people read 0.01.
    return typeof value === 'number' && !Number.isInteger(value) ? String(Math.round(value * 100) / 100) : String(value ?? '');
  });
}

// Answers as Chinese users type them. Positive phrases that contain a negation come first
// (没问题, 不错), then negations (没解决 and 不是 contain 解决 and 是), then the rest.
const YES_DESPITE_NEGATION = /没问题|不错|没毛病/;
// 都不行 / 全都不能 answer "do all of them fail?" with yes and "did it work?" with no: ask again.
const AMBIGUOUS = /^(都|全都|全部|都是|全)(不|没)/;
const NO = /^(不|没|否|别|无|还没|未|不是|不对|没有|不行|不用|no|n|nope|not)|没解决|没用|不行|没好|不可以|失败|不成功|没成功|不了|不够|不足|没电|没开/i;
const YES = /^(已经)?(是|对|嗯|好|行|可以|有|能|解决|已解决|搞定|成了|收到|到了|到账|开了|开机|连上|绑定|激活|也是|都是|一样|ok|okay|yes|y|yep|sure|当然)|解决了|好了|可以了|成功了|收到了|到账了|连上了|绑定了|激活了|充足|够了|满了/i;
const QUESTION = /[吗呢嘛？?]$|吗[，,。.!！]|怎么|怎样|多久|多长|哪|什么|为什么|几|啥|如何|(.)[不没]\1|可不可以|是不是/;

/**
 * Whether a message asks something: the particles 吗/呢, a question mark, a question word, or the
 * A-not-A form (能不能, 有没有). A question is never a yes/no answer, even with a yes-word in it
 * (是吗, 开了吗, 是不是要先充电).
 */
export function isQuestion(text: string): boolean {
  return QUESTION.test(text.normalize('NFKC').trim());
}

/** The value an answer gives a question, or undefined when it does not answer it. */
export function readAnswer(ask: AskSpec, raw: string, recognizeChoice: ChoiceRecognizer): FlowValue | undefined {
  const text = raw.normalize('NFKC').trim();
  switch (ask.kind) {
    case 'choice':
      return recognizeChoice(text, ask.choices);
    case 'yesno':
      if (isQuestion(text)) return undefined;
      if (YES_DESPITE_NEGATION.test(text)) return true;
      if (AMBIGUOUS.test(text)) return undefined;
      if (NO.test(text)) return false;
      if (YES.test(text)) return true;
      return undefined;
    case 'number': {
      const n = parseNumber(text);
      if (n === undefined || Number.isNaN(n)) return undefined;
      if ((ask.min !== undefined && n < ask.min) || (ask.max !== undefined && n > ask.max)) return undefined;
      return n;
    }
    case 'text':
      return Array.from(text).length >= ask.minLength ? text : undefined;
  }
}

/**
 * What a flow collected, as an agent reads it: one "标签：回答" line per question answered, in the
 * flow's order, with a choice's label (not its value) and 是/否 for yes/no. The label is the
 * question's `label`, else its prompt without the step number or question mark.
 */
export function describeAnswers(flow: Flow, vars: Readonly<Record<string, FlowValue>>, { yes = '是', no = '否' } = {}): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const step of flow.steps) {
    if (!('ask' in step) || seen.has(step.ask.var) || !(step.ask.var in vars)) continue;
    seen.add(step.ask.var);
    const value = vars[step.ask.var];
    const { ask } = step;
    const answer = ask.kind === 'choice' ? (ask.choices.find((c) => c.value === value)?.label ?? String(value)) : ask.kind === 'yesno' ? (value ? yes : no) : String(value);
    const label = ask.label ?? ask.prompt.replace(/^第\d+步[：:]/, '').replace(/[？?。].*$/s, '');
    lines.push(`${label}：${answer}`);
  }
  return lines;
}
