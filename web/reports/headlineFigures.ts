import { formatPercent } from '../shared/formatPercent.js';
import { formatSeconds } from './formatSeconds.js';
import type { ReportsMessages } from './messages.js';
import type { Spread, SupervisorReport } from './SupervisorReport.js';

export type FigureKey = keyof Omit<ReportsMessages['figures'], 'label'>;

/** One headline figure as the page shows it: the number large, a line of context under it. */
export interface Figure {
  readonly key: FigureKey;
  readonly label: string;
  readonly value: string;
  /** What the value is, when it needs saying (中位数, / 5). */
  readonly unit?: string;
  readonly detail: string;
}

const integer = (n: number) => n.toLocaleString('en-US');

/** A CSAT average (1..5) with two decimals, so a column of them lines up: "4.25", "4.20"; "—" without ratings. */
export const formatAverage = (average: number | null): string => (average === null ? '—' : average.toFixed(2));

/** The report's headline figures, in the order the page shows them. */
export function headlineFigures(report: SupervisorReport, m: ReportsMessages): Figure[] {
  const { totals } = report;
  const f = m.figures;
  const spread = (key: 'queueWait' | 'firstResponse' | 'handleTime', s: Spread): Figure => ({
    key,
    label: f[key],
    value: formatSeconds(s.p50, m.duration),
    ...(s.p50 === null ? {} : { unit: m.median }),
    detail: s.count > 0 ? m.spread(formatSeconds(s.p90, m.duration), s.count) : m.noData,
  });
  return [
    { key: 'conversations', label: f.conversations, value: integer(totals.conversations), detail: m.questionsAsked(totals.questions) },
    { key: 'containment', label: f.containment, value: formatPercent(totals.containment), detail: m.contained(totals.contained) },
    {
      key: 'escalations',
      label: f.escalations,
      value: integer(totals.escalations),
      detail: m.escalationShare(formatPercent(totals.conversations > 0 ? Math.round((totals.escalations / totals.conversations) * 1000) / 1000 : null)),
    },
    { key: 'fallbackRate', label: f.fallbackRate, value: formatPercent(totals.fallbackRate), detail: m.fallbacksOf(totals.fallbacks, totals.questions) },
    spread('queueWait', report.queueWait),
    spread('firstResponse', report.firstResponse),
    spread('handleTime', report.handleTime),
    { key: 'csat', label: f.csat, value: formatAverage(report.csat.average), ...(report.csat.average === null ? {} : { unit: m.csatOutOf }), detail: m.csatCount(report.csat.count) },
  ];
}
