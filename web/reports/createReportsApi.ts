import { createApiClient, type FetchLike, type SessionApi } from '../shared/createApiClient.js';
import type { Period } from '../shared/Period.js';
import { withPeriod } from '../shared/periodQuery.js';
import type { ReportTable, SupervisorReport } from './SupervisorReport.js';

/** The reports page's calls under /api/agent/reports, for one cookie session (the console's sign-in). */
export interface ReportsApi extends SessionApi {
  /** The figures of a period; without one, the server's default (the last 30 days). Rejects with BAD_QUERY and params.field for a bad period. */
  report(period?: Period): Promise<SupervisorReport>;
  /** Where a table downloads as CSV for the period (a same-origin link, so the cookie goes with it). */
  csvHref(table: ReportTable, period: Period): string;
}

const REPORTS = '/api/agent/reports';

export function createReportsApi({ fetch, base = '' }: { fetch: FetchLike; base?: string }): ReportsApi {
  const { call, login, me, logout } = createApiClient({ fetch, base });
  return {
    login,
    me,
    logout,
    report: (period) => call<SupervisorReport>('GET', withPeriod(REPORTS, period)),
    csvHref: (table, period) => `${base}${withPeriod(`${REPORTS}/${table}.csv`, period)}`,
  };
}
