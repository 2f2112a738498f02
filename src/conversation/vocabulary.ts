import type { HandoffTrigger } from '../handoff/index.js';
import { normalizeText } from '../search/index.js';
import type { Messages } from './messages.js';

/**
 * A message as the recognisers compare it: normalised (full-width, Traditional, case), without
 * spaces and punctuation, without a trailing particle (啊, 呀, 呢 ...).
 */
export function clean(text: string): string {
  return normalizeText(text)
    .replace(/[\s，。！？、,.!?~～…'"“”]/g, '')
    .replace(/(啊|呀|呢|吧|哈|哦|啦|嘛)+$/, '');
}

/** A locale's command words and patterns, cleaned once rather than on every message. */
export interface Vocabulary {
  readonly handoff: readonly string[];
  readonly cancel: ReadonlySet<string>;
  readonly menu: ReadonlySet<string>;
  readonly leaveFlow: ReadonlySet<string>;
  readonly repeatStep: ReadonlySet<string>;
  readonly resumeFlow: ReadonlySet<string>;
  readonly helpful: string;
  readonly unhelpful: string;
  readonly smallTalk: readonly { readonly patterns: ReadonlySet<string>; readonly reply: string }[];
  readonly startFlow: string;
  readonly cancelHandoff: ReadonlySet<string>;
  readonly endHandoff: ReadonlySet<string>;
}

/** A hand-over trigger phrase, cleaned once. */
export interface Trigger {
  readonly trigger: HandoffTrigger;
  readonly contains: readonly string[];
  readonly exact: ReadonlySet<string>;
  readonly unless: readonly string[];
}

export function vocabularyOf(m: Messages): Vocabulary {
  return {
    handoff: m.commands.handoff.map(clean),
    cancel: new Set(m.commands.cancel.map(clean)),
    menu: new Set(m.commands.menu.map(clean)),
    leaveFlow: new Set(m.commands.leaveFlow.map(clean)),
    repeatStep: new Set(m.commands.repeatStep.map(clean)),
    resumeFlow: new Set(m.commands.resumeFlow.map(clean)),
    helpful: clean(m.feedback.helpful),
    unhelpful: clean(m.feedback.unhelpful),
    smallTalk: m.smallTalk.map((s) => ({ patterns: new Set(s.patterns.map(clean)), reply: s.reply })),
    startFlow: clean(m.startFlowAction),
    cancelHandoff: new Set(m.handoff.commands.cancel.map(clean)),
    endHandoff: new Set(m.handoff.commands.end.map(clean)),
  };
}

export function triggersOf(m: Messages): Trigger[] {
  return m.handoff.triggers.map((trigger) => ({
    trigger,
    contains: trigger.contains.map(clean).filter(Boolean),
    exact: new Set(trigger.exact.map(clean)),
    unless: trigger.unless.map(clean).filter(Boolean),
  }));
}
