import type { QueryExplanation, SearchHit } from '../search/index.js';
import type { KnowledgeState } from '../content/index.js';
import { decide, type PolicyOptions, type Step } from './decide.js';
import type { Messages } from './messages.js';
import { createRecognizer, type Recognition } from './recognize.js';

/** What the bot would do with a message, in one word, for editors. */
export type TurnOutcome = 'answer' | 'didYouMean' | 'flow' | 'handOver' | 'offerPerson' | 'smallTalk' | 'command' | 'noAnswer' | 'nothing';

/** A message as a new conversation's first turn would take it, and why. */
export interface TurnExplanation {
  readonly text: string;
  /** How the search read it: the analyzer's steps, the rules that fired, each word's weight. */
  readonly query: QueryExplanation;
  readonly search: {
    readonly hits: readonly SearchHit[];
    readonly best: string | null;
    readonly ambiguous: boolean;
    readonly suggestions: readonly string[];
    /** The runner-up's score as a share of the first's (1: a tie); null with fewer than two hits. */
    readonly margin: number | null;
  };
  /** The same recognition and decision a real turn makes. */
  readonly recognition: Recognition;
  readonly steps: readonly Step[];
  readonly outcome: TurnOutcome;
  /** The article answered, or the flow started, with its title. */
  readonly article?: { readonly id: string; readonly title: string };
  readonly flow?: { readonly id: string; readonly title: string };
  /** The titles offered as "您是想问：". */
  readonly offered?: readonly string[];
}

export interface TurnExplainerOptions {
  readonly messages: Readonly<Record<string, Messages>>;
  /** The live knowledge and flows, as the bot reads them. */
  readonly knowledge: { current(): KnowledgeState };
  /** As the bot's (default 2). */
  readonly missesBeforeHuman?: number;
}

const outcomeOf = (steps: readonly Step[]): TurnOutcome => {
  for (const step of steps) {
    switch (step.kind) {
      case 'answer':
        return 'answer';
      case 'didYouMean':
        return 'didYouMean';
      case 'startFlow':
        return 'flow';
      case 'handOver':
        return 'handOver';
      case 'offerPerson':
        return 'offerPerson';
      case 'smallTalk':
        return 'smallTalk';
      case 'noAnswer':
        return 'noAnswer';
      case 'menu':
      case 'cancelled':
      case 'feedback':
      case 'repeatStep':
        return 'command';
      default:
        continue;
    }
  }
  return 'nothing';
};

/**
 * "Try a question": runs the bot's own `recognize` and `decide` on a message, as the first message
 * of a new conversation, and lays out what the search saw. Never a copy of the policy: what this
 * says is what a merchant would get.
 */
export function createTurnExplainer({ messages, knowledge, missesBeforeHuman }: TurnExplainerOptions) {
  const recognize = createRecognizer({ messages, knowledge, flows: { current: () => knowledge.current().flows } });
  const policy = policyOptions(messages, missesBeforeHuman);
  return function explainTurn(text: string, m: Messages): TurnExplanation {
    const recognition = recognize(text, { awaitingRating: false, inFlow: false, tooLong: false }, m);
    const { steps } = decide(recognition, { inFlow: false, memory: { misses: 0, recentQuestions: [] }, policy });
    const { index, snapshot, flows } = knowledge.current();
    const result = index.search(text, { limit: 5 });
    const [first, second] = result.hits;
    const answered = steps.find((s): s is Extract<Step, { kind: 'answer' }> => s.kind === 'answer');
    const started = steps.find((s): s is Extract<Step, { kind: 'startFlow' }> => s.kind === 'startFlow');
    const offered = steps.find((s): s is Extract<Step, { kind: 'didYouMean' }> => s.kind === 'didYouMean');
    const article = answered && snapshot.byId.get(answered.articleId);
    const flow = started && flows.byId.get(started.flowId);
    return {
      text,
      query: index.explain(text),
      search: {
        hits: result.hits,
        best: result.best,
        ambiguous: result.ambiguous,
        suggestions: result.suggestions,
        margin: first && second && first.score > 0 ? Math.round((second.score / first.score) * 1000) / 1000 : null,
      },
      recognition,
      steps,
      outcome: outcomeOf(steps),
      ...(article ? { article: { id: article.id, title: article.title } } : {}),
      ...(flow ? { flow: { id: flow.id, title: flow.title } } : {}),
      ...(offered ? { offered: offered.titles } : {}),
    };
  };
}

/** The routing policy's settings, from the Chinese wording (the reasons agents read are Chinese). */
export function policyOptions(messages: Readonly<Record<string, Messages>>, missesBeforeHuman = 2): PolicyOptions {
  const zh = messages['zh-CN']!;
  return { missesBeforeHuman, repeatLimit: zh.handoff.repeatLimit, reasons: zh.handoff.reasons };
}
