import { ApiError } from './ApiError.js';
import { addDays, isDay } from './Period.js';
import type { PeriodMessages } from './staffMessages.js';

/** The longest period the report routes take (src/server/routes/periodQuery.ts says the same). */
export const MAX_PERIOD_DAYS = 366;

/** Why two typed days are no period, or undefined when they are one. */
export function periodProblem(from: string, to: string, m: PeriodMessages): string | undefined {
  if (!isDay(from)) return m.period.badFrom;
  if (!isDay(to)) return m.period.badTo;
  if (from > to) return m.period.fromAfterTo;
  if (addDays(from, MAX_PERIOD_DAYS) <= to) return m.period.tooLong(MAX_PERIOD_DAYS);
  return undefined;
}

/** What to say when the server refused a period (400 naming `from` or `to`); undefined for any other error. */
export function periodErrorText(error: unknown, m: PeriodMessages): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'BAD_QUERY') return undefined;
  if (error.params.field === 'from') return m.period.badFrom;
  if (error.params.field === 'to') return m.period.badTo;
  return undefined;
}
