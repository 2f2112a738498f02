import type { Period } from '../shared/Period.js';

/**
 * What `GET /api/agent/workspace/performance` answers (src/reports/createReports.ts builds it):
 * every article and walkthrough serving now, with its figures for the period, the worst first.
 * Rates are 0..1 rounded to three decimals, null without a whole.
 */
export interface ArticlePerformance {
  readonly id: string;
  readonly title: string;
  readonly shown: number;
  /** Times picked from 您是想问. */
  readonly picked: number;
  readonly helpful: number;
  readonly unhelpful: number;
  readonly helpfulRate: number | null;
  /** Hand-overs within two turns after it was shown. */
  readonly handoversAfter: number;
  /** (unhelpful + handoversAfter) / shown. */
  readonly trouble: number;
}

export interface StepCount {
  readonly step: string;
  readonly count: number;
}

export interface FlowPerformance {
  readonly id: string;
  readonly title: string;
  readonly started: number;
  readonly completed: number;
  readonly completionRate: number | null;
  readonly handovers: number;
  /** Where people left, per step, the most first. */
  readonly leftAt: readonly StepCount[];
  /** How many reached each step. */
  readonly reached: readonly StepCount[];
}

export interface Performance {
  readonly period: Period;
  readonly articles: readonly ArticlePerformance[];
  readonly flows: readonly FlowPerformance[];
}

/** The tables the server gives as CSV: /api/agent/workspace/performance/{table}.csv. */
export type PerformanceTable = 'articles' | 'flows';
