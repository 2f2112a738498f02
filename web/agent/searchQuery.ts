/** What the agent typed into 查找: any of them may be empty. Days are `YYYY-MM-DD` from date inputs. */
export interface SearchFields {
  readonly text: string;
  readonly user: string;
  readonly tag: string;
  readonly from: string;
  readonly to: string;
}

export type SearchProblem = { readonly code: 'SEARCH_EMPTY' } | { readonly code: 'SEARCH_BAD_DAY' } | { readonly code: 'SEARCH_DAYS_REVERSED' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start of a day in the browser's time zone, as the instant the server compares with (it stores UTC). */
function startOfDay(day: string, plusDays = 0): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The query string of `GET /api/agent/tickets/search` for the fields, or why there is none. The
 * days are the agent's local days, both included: `from` is the first day's local midnight and
 * `to` the midnight after the last day (the server takes tickets created before `to`).
 */
export function buildSearchQuery(fields: SearchFields): { readonly query: string } | { readonly problem: SearchProblem } {
  const params = new URLSearchParams();
  for (const key of ['text', 'user', 'tag'] as const) {
    const value = fields[key].trim();
    if (value) params.set(key, value);
  }
  const fromDay = fields.from.trim();
  const toDay = fields.to.trim();
  const from = fromDay ? startOfDay(fromDay) : undefined;
  const to = toDay ? startOfDay(toDay, 1) : undefined;
  if ((fromDay && !from) || (toDay && !to)) return { problem: { code: 'SEARCH_BAD_DAY' } };
  if (fromDay && toDay && fromDay > toDay) return { problem: { code: 'SEARCH_DAYS_REVERSED' } };
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (params.toString() === '') return { problem: { code: 'SEARCH_EMPTY' } };
  return { query: params.toString() };
}
