import { daysBetween, type Period } from '../shared/Period.js';
import { ratings, type DayRow, type SupervisorReport } from './SupervisorReport.js';

/** The charts' days: every day of the period, the channels added up, in the arrays uPlot draws. */
export interface DailySeries {
  /** YYYY-MM-DD, one per point. */
  readonly days: readonly string[];
  readonly conversations: readonly number[];
  readonly escalations: readonly number[];
  /** Percent (0..100) of the day's conversations that ended without a person; null on a day without any. */
  readonly containment: readonly (number | null)[];
  /** Percent of the day's questions without an answer; null on a day without questions. */
  readonly fallbackRate: readonly (number | null)[];
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * The report's rows as daily series over the whole period. The server leaves out days on which
 * nothing happened; a chart shows them, as zero (and no rate). Rates are worked out from the day's
 * totals over every channel, not averaged from the channels' rates.
 */
export function dailySeries(period: Pick<Period, 'from' | 'to'>, rows: readonly DayRow[]): DailySeries {
  const days = daysBetween(period.from, period.to);
  const index = new Map(days.map((day, i) => [day, i]));
  const sum = { conversations: days.map(() => 0), contained: days.map(() => 0), escalations: days.map(() => 0), questions: days.map(() => 0), fallbacks: days.map(() => 0) };
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    for (const key of ['conversations', 'contained', 'escalations', 'questions', 'fallbacks'] as const) sum[key][i]! += row[key];
  }
  return {
    days,
    conversations: sum.conversations,
    escalations: sum.escalations,
    containment: days.map((_, i) => percent(sum.contained[i]!, sum.conversations[i]!)),
    fallbackRate: days.map((_, i) => percent(sum.fallbacks[i]!, sum.questions[i]!)),
  };
}

/** A day as an axis shows it: "11-05" (the year is in the picker). */
export const dayLabel = (day: string): string => day.slice(5);

/** The CSAT distribution as bars: ratings 1..5 and how many gave each. */
export function csatBars(csat: SupervisorReport['csat']): { readonly ratings: readonly number[]; readonly counts: readonly number[] } {
  return { ratings: ratings.map(Number), counts: ratings.map((r) => csat.distribution[r] ?? 0) };
}
