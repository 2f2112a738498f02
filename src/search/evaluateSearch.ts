import { z } from 'zod';

/** The evaluation set's file format (`test/eval/questions.yaml`). */
export const evalSetSchema = z.strictObject({
  questions: z.array(z.strictObject({ q: z.coerce.string().min(1), expect: z.array(z.string()).min(1) })).min(1),
  out_of_scope: z.array(z.coerce.string().min(1)).default([]),
});
export type EvalSet = z.output<typeof evalSetSchema>;

/** What a searcher under evaluation returns: ranked ids and whether it would answer. */
export interface EvalAnswer {
  readonly ranked: readonly string[];
  readonly answered: boolean;
}

export interface EvalReport {
  readonly questions: number;
  readonly outOfScope: number;
  /** Share of in-scope questions whose first hit is acceptable. */
  readonly top1: number;
  /** Mean reciprocal rank of the first acceptable hit (0 when none in the ranking). */
  readonly mrr: number;
  /** Share of in-scope questions answered (best not null) with an acceptable article. */
  readonly answeredCorrectly: number;
  /** Share of out-of-scope questions left unanswered. */
  readonly outOfScopeUnanswered: number;
  readonly misses: readonly { q: string; expect: readonly string[]; got: readonly string[]; answered: boolean }[];
  readonly falseAnswers: readonly { q: string; got: string }[];
}

/** Runs every question of the set through a searcher and computes the quality figures. */
export function evaluateSearch(set: EvalSet, search: (q: string) => EvalAnswer): EvalReport {
  let top1 = 0;
  let rr = 0;
  let answeredCorrectly = 0;
  const misses: EvalReport['misses'][number][] = [];
  for (const { q, expect } of set.questions) {
    const { ranked, answered } = search(q);
    const rank = ranked.findIndex((id) => expect.includes(id));
    if (rank === 0) top1++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank === 0 && answered) answeredCorrectly++;
    if (rank !== 0 || !answered) misses.push({ q, expect, got: ranked.slice(0, 3), answered });
  }
  const falseAnswers: { q: string; got: string }[] = [];
  for (const q of set.out_of_scope) {
    const { ranked, answered } = search(q);
    if (answered) falseAnswers.push({ q, got: ranked[0] ?? '' });
  }
  const n = set.questions.length;
  const m = set.out_of_scope.length;
  return {
    questions: n,
    outOfScope: m,
    top1: top1 / n,
    mrr: rr / n,
    answeredCorrectly: answeredCorrectly / n,
    outOfScopeUnanswered: m === 0 ? 1 : (m - falseAnswers.length) / m,
    misses,
    falseAnswers,
  };
}
