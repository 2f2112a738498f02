import { periodErrorText } from '../shared/periodProblem.js';
import { staffErrorText } from '../shared/staffErrorText.js';
import type { ReportsMessages } from './messages.js';

/** What to tell the supervisor when a call fails: the shared staff wording, and a refused period. */
export function errorText(error: unknown, m: ReportsMessages): string {
  return staffErrorText(error, m, (e) => (e.code === 'BAD_QUERY' ? (periodErrorText(e, m) ?? (e.params.field === 'channel' ? m.errors.badChannel : m.errors.badRequest)) : undefined));
}
