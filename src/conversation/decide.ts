import type { HandoffTrigger } from '../handoff/index.js';
import type { Recognition } from './recognize.js';

/** What the policy remembers of a conversation between turns. */
export interface Memory {
  /** Questions in a row the bot could not answer. */
  readonly misses: number;
  /** The last few questions, cleaned, to notice one asked again and again. */
  readonly recentQuestions: readonly string[];
  /** A person offered in the last turn (after anger): taking it opens the ticket with this reason. */
  readonly offered?: { readonly reason: string; readonly priority: 'normal' | 'high' };
}

export interface PolicyOptions {
  /** Misses in a row after which a person is offered. */
  readonly missesBeforeHuman: number;
  /** The same question this many times in a row goes to a person. */
  readonly repeatLimit: number;
  /** The reasons agents see for the hand-overs the policy itself starts, in Chinese. */
  readonly reasons: { readonly userAsked: string; readonly repeatedQuestion: string };
}

/** One thing to do, in order; `render` and the bot's turn carry them out. */
export type Step =
  | { readonly kind: 'endHandoff' }
  | { readonly kind: 'forwardToPerson' }
  | { readonly kind: 'rate'; readonly rating: number }
  | { readonly kind: 'tooLong' }
  | { readonly kind: 'leaveFlow' }
  | { readonly kind: 'handOver'; readonly reason: string; readonly priority: 'normal' | 'high'; readonly text?: string }
  /** An apology that offers a person (the 转人工 option). */
  | { readonly kind: 'offerPerson'; readonly text: string }
  | { readonly kind: 'cancelled'; readonly wasInFlow: boolean }
  | { readonly kind: 'menu' }
  | { readonly kind: 'continueFlow' }
  /** Ask the waiting question again, with no failed answers counted. */
  | { readonly kind: 'repeatStep' }
  /** Offer to go back to the walkthrough's question (it still waits for an answer). */
  | { readonly kind: 'offerResume' }
  | { readonly kind: 'feedback'; readonly helpful: boolean }
  | { readonly kind: 'smallTalk'; readonly reply: string }
  /** `besideFlow`: asked in the middle of a walkthrough, so another walkthrough is not offered with it. */
  | { readonly kind: 'answer'; readonly articleId: string; readonly besideFlow?: boolean }
  | { readonly kind: 'startFlow'; readonly flowId: string }
  | { readonly kind: 'didYouMean'; readonly titles: readonly string[] }
  | { readonly kind: 'noAnswer'; readonly offerHuman: boolean };

export interface Decision {
  readonly steps: readonly Step[];
  readonly memory: Memory;
}

const handOverFor = (trigger: HandoffTrigger): Step => ({ kind: 'handOver', reason: trigger.reason, priority: trigger.priority, ...(trigger.reply ? { text: trigger.reply } : {}) });

/**
 * The routing policy, pure: what the bot does about a recognised message, given whether a flow
 * was waiting and what it remembers. Every branch is one line of the table below; a change of
 * policy is a change here, tested in microseconds (test/conversation/decide.test.ts).
 */
export function decide(recognition: Recognition, { inFlow, memory: before, policy }: { inFlow: boolean; memory: Memory; policy: PolicyOptions }): Decision {
  // An offer of a person stands for one turn: the answer to it is the next message.
  const { offered, ...memory } = before;
  const keep = (...steps: Step[]): Decision => ({ steps, memory });
  const resetMisses = (...steps: Step[]): Decision => ({ steps, memory: { ...memory, misses: 0 } });
  switch (recognition.kind) {
    case 'endHandoff':
      return keep({ kind: 'endHandoff' });
    case 'forPerson':
      return keep({ kind: 'forwardToPerson' }, ...(recognition.articleId ? [{ kind: 'answer', articleId: recognition.articleId } as const] : []));
    case 'rating':
      return keep({ kind: 'rate', rating: recognition.rating });
    case 'tooLong':
      return keep({ kind: 'tooLong' });
    case 'command':
      if (recognition.command === 'handoff') return resetMisses({ kind: 'leaveFlow' }, { kind: 'handOver', ...(offered ?? { reason: policy.reasons.userAsked, priority: 'normal' }) });
      if (recognition.command === 'cancel') return keep({ kind: 'leaveFlow' }, { kind: 'cancelled', wasInFlow: inFlow });
      if (recognition.command === 'repeatStep') return keep({ kind: 'repeatStep' });
      return keep({ kind: 'leaveFlow' }, { kind: 'menu' });
    case 'trigger': {
      const { trigger } = recognition;
      // A feeling: say sorry and offer a person; the flow, if any, waits where it stood.
      if (trigger.offer) return { steps: [{ kind: 'offerPerson', text: trigger.reply ?? '' }], memory: { ...memory, offered: { reason: trigger.reason, priority: trigger.priority } } };
      return resetMisses({ kind: 'leaveFlow' }, handOverFor(trigger));
    }
    case 'stepAnswer':
      return keep({ kind: 'continueFlow' });
    case 'empty':
      return keep();
    case 'feedback':
      return keep({ kind: 'feedback', helpful: recognition.helpful });
    case 'smallTalk':
      return keep({ kind: 'smallTalk', reply: recognition.reply });
    case 'articleTitle':
      return resetMisses({ kind: 'answer', articleId: recognition.articleId });
    case 'flowTrigger':
      return resetMisses({ kind: 'startFlow', flowId: recognition.flowId });
    case 'question':
      // In a walkthrough, only a confident answer gets here: the merchant changed the subject.
      // Answer it; the walkthrough still waits where it stood, and 继续刚才的排查 asks again.
      if (inFlow) return resetMisses({ kind: 'answer', articleId: recognition.best!, besideFlow: true }, { kind: 'offerResume' });
      return question(recognition, memory, policy);
  }
}

function question(recognition: Extract<Recognition, { kind: 'question' }>, memory: Memory, policy: PolicyOptions): Decision {
  // The same question again and again: the answers are not helping.
  if (Array.from(recognition.said).length >= 2) {
    const recent = [...memory.recentQuestions, recognition.said].slice(-policy.repeatLimit);
    if (recent.length >= policy.repeatLimit && recent.every((q) => q === recognition.said)) {
      return { steps: [{ kind: 'handOver', reason: policy.reasons.repeatedQuestion, priority: 'high' }], memory: { misses: 0, recentQuestions: [] } };
    }
    memory = { ...memory, recentQuestions: recent };
  }
  if (recognition.best && !recognition.ambiguous) return { steps: [{ kind: 'answer', articleId: recognition.best }], memory: { ...memory, misses: 0 } };
  // Not sure, but plausible articles: one tap away ("您是想问："), which is not a miss.
  if (recognition.candidates.length > 0) return { steps: [{ kind: 'didYouMean', titles: recognition.candidates }], memory: { ...memory, misses: 0 } };
  const misses = memory.misses + 1;
  return { steps: [{ kind: 'noAnswer', offerHuman: misses >= policy.missesBeforeHuman }], memory: { ...memory, misses } };
}
