import type { WorkspaceMessages } from './messages.js';
import type { TurnExplanation, TurnOutcome } from './TurnExplanation.js';

/** A turn's explanation as the try page shows it: every line worded, every number formatted. */
export interface ExplanationView {
  readonly outcome: TurnOutcome;
  /** What the bot would do, in words: 直接回答「…」, 开始排查「…」, 还没学会 … */
  readonly decision: string;
  /** How it recognised the message. */
  readonly recognition: string;
  /** The question as the search reads it (after the rules). */
  readonly readAs: string;
  /** The normalised text, when it differs from what was typed and from `readAs`. */
  readonly normalized?: string;
  readonly rules: readonly { readonly kind: string; readonly label: string; readonly from: string; readonly to: string }[];
  readonly words: readonly {
    readonly text: string;
    readonly weight: string;
    /** The index terms, when they are not just the word itself. */
    readonly terms?: string;
    readonly known: boolean;
    readonly ignored: boolean;
    /** "未收录", "太常见，已忽略": why a word counts for nothing. */
    readonly notes: readonly string[];
  }[];
  readonly hits: readonly {
    readonly rank: number;
    readonly id: string;
    readonly title: string;
    readonly score: string;
    readonly coverage: string;
    readonly similarity: string;
    readonly best: boolean;
  }[];
  /** The runner-up's score against the first's; "" with no candidates. */
  readonly margin: string;
  readonly ambiguous: boolean;
}

/** 0.816 → "82%". */
export const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** What the bot would do, in the page's words. */
export function decisionText(e: TurnExplanation, m: WorkspaceMessages): string {
  const step = (kind: string) => e.steps.find((s) => s.kind === kind);
  switch (e.outcome) {
    case 'answer':
      return m.decideAnswer(e.article?.title ?? e.search.hits[0]?.title ?? '');
    case 'didYouMean':
      return m.decideDidYouMean(e.offered ?? []);
    case 'flow':
      return m.decideFlow(e.flow?.title ?? '');
    case 'handOver':
      return m.decideHandOver(step('handOver')?.reason);
    case 'offerPerson':
      return m.decideOfferPerson;
    case 'smallTalk':
      return m.decideSmallTalk(step('smallTalk')?.reply);
    case 'command': {
      const command = e.steps.find((s) => s.kind in m.commands);
      return m.decideCommand(command && m.commands[command.kind]);
    }
    case 'noAnswer':
      return m.decideNoAnswer(step('noAnswer')?.offerHuman === true);
    case 'nothing':
      return m.decideNothing;
  }
}

/** Lays out a turn's explanation for the page, in its language. */
export function describeExplanation(e: TurnExplanation, m: WorkspaceMessages): ExplanationView {
  const { query, search } = e;
  return {
    outcome: e.outcome,
    decision: decisionText(e, m),
    recognition: m.recognizedAs(m.recognitions[e.recognition.kind] ?? e.recognition.kind),
    readAs: query.canonical,
    ...(query.normalized !== e.text && query.normalized !== query.canonical ? { normalized: query.normalized } : {}),
    rules: query.rules.map((r) => ({ kind: r.kind, label: m.ruleKinds[r.kind] ?? r.kind, from: r.from, to: r.to })),
    words: query.units.map((u) => ({
      text: u.text,
      weight: u.weight.toFixed(2),
      ...(u.terms.length > 0 && (u.terms.length > 1 || u.terms[0] !== u.text) ? { terms: u.terms.join(' ') } : {}),
      known: u.known,
      ignored: u.ignored,
      notes: [...(u.known ? [] : [m.unknownWord]), ...(u.ignored ? [m.ignoredWord] : [])],
    })),
    hits: search.hits.map((h, i) => ({
      rank: i + 1,
      id: h.id,
      title: h.title,
      score: h.score.toFixed(1),
      coverage: percent(h.coverage),
      similarity: percent(h.similarity),
      best: h.id === search.best,
    })),
    margin: search.margin !== null ? m.margin(percent(search.margin)) : search.hits.length > 0 ? m.marginNone : '',
    ambiguous: search.ambiguous,
  };
}
