import { isDay, type Period } from './Period.js';

/** A period as the report routes take it: `from=…&to=…[&channel=…]`. */
export function periodQuery(period: Period): string {
  const query = new URLSearchParams({ from: period.from, to: period.to });
  if (period.channel) query.set('channel', period.channel);
  return query.toString();
}

/** A path with the period's query, for a call or a CSV link (`/api/agent/reports/days.csv?from=…`). */
export const withPeriod = (path: string, period: Period | undefined): string => (period ? `${path}?${periodQuery(period)}` : path);

/**
 * The period an address asks for (`?from=2026-11-01&to=2026-11-30&channel=wechat`), so a link
 * or a reload shows the same figures; undefined unless both days are real and in order.
 */
export function periodFromQuery(search: string): Period | undefined {
  const query = new URLSearchParams(search);
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (!isDay(from) || !isDay(to) || from > to) return undefined;
  const channel = query.get('channel') ?? '';
  return { from, to, ...(/^[a-z][a-z0-9_-]{0,39}$/.test(channel) ? { channel } : {}) };
}
