import type { FlowPerformance } from './Performance.js';

/** One step of a walkthrough: how many got there and how many left there. */
export interface FlowStep {
  readonly step: string;
  readonly reached: number;
  readonly left: number;
  /** left / reached (0..1), null when nobody is counted as reaching it. */
  readonly leftShare: number | null;
}

/**
 * A walkthrough's steps, in the order people go through them as far as the counts tell (the most
 * reached first: every step is reached by at most as many as the one before it), with where they
 * left. A step where someone left but none is counted as reaching it comes last.
 */
export function flowSteps(flow: Pick<FlowPerformance, 'leftAt' | 'reached'>): FlowStep[] {
  const left = new Map(flow.leftAt.map((l) => [l.step, l.count]));
  const steps = [...flow.reached].sort((a, b) => b.count - a.count).map(({ step, count }) => {
    const out = left.get(step) ?? 0;
    return { step, reached: count, left: out, leftShare: count > 0 ? Math.round((out / count) * 1000) / 1000 : null };
  });
  const known = new Set(steps.map((s) => s.step));
  for (const { step, count } of flow.leftAt) if (!known.has(step)) steps.push({ step, reached: 0, left: count, leftShare: null });
  return steps;
}

/** Everyone who left the walkthrough before its end. */
export const totalLeft = (flow: Pick<FlowPerformance, 'leftAt'>): number => flow.leftAt.reduce((n, l) => n + l.count, 0);
