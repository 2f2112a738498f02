import { createStaffShell } from '../shared/createStaffShell.js';
import { periodFromQuery, periodQuery } from '../shared/periodQuery.js';
import { todayIn } from '../shared/quickPeriod.js';
import { createReportsApi, type ReportsApi } from './createReportsApi.js';
import { createReportView } from './createReportView.js';
import { errorText } from './errorText.js';
import { messages, type ReportsMessages } from './messages.js';

export interface ReportsOptions {
  readonly api?: ReportsApi;
  /** The clock, for the period shortcuts (近7天 ends today). */
  readonly now?: () => Date;
}

/**
 * The supervisors' reports page: sign-in (the staff shell's), then the figures of a period. This
 * module owns the address; the view draws and calls for itself.
 */
export function mountReports(win: Window & typeof globalThis, { api = createReportsApi({ fetch: win.fetch.bind(win) }), now = () => new Date() }: ReportsOptions = {}): void {
  const doc = win.document;
  const shell = createStaffShell<ReportsMessages>({ win, messages, place: 'reports', api, errorText });
  const { dom } = shell;
  const { el } = dom;
  const view = createReportView(dom, {
    report: (period) => shell.guard(api.report(period)),
    csvHref: api.csvHref,
    errorText: (e) => errorText(e, dom.m),
    today: (timeZone) => todayIn(timeZone, now()),
    // The address keeps the period, so a reload or a shared link shows the same figures.
    onShown: (period) => win.history.replaceState(null, '', `?${periodQuery(period)}${win.location.hash}`),
  });
  const main = el('main', 'rp-main', {}, el('div', 'rp-inner', {}, view.root));
  doc.body.append(el('div', 'app', {}, ...shell.parts, main));
  shell.start(main, {
    signedIn: () => view.load(periodFromQuery(win.location.search)),
    render: () => view.render(),
    reset: () => view.reset(),
  });
}
