import { createDataTable, type Column } from '../shared/createDataTable.js';
import type { Dom } from '../shared/createDom.js';
import { createPeriodPicker } from '../shared/createPeriodPicker.js';
import { formatPercent } from '../shared/formatPercent.js';
import { samePeriod, type Period } from '../shared/Period.js';
import { channelChoices } from './channelChoices.js';
import { csatBars, dailySeries } from './chartData.js';
import { createChart, type Chart } from './createChart.js';
import { formatAverage, headlineFigures } from './headlineFigures.js';
import type { ReportsMessages } from './messages.js';
import { csatChart, ratesChart, volumeChart } from './reportCharts.js';
import { type AgentRow, type CommentRow, type DayRow, type ReasonRow, type ReportTable, type SupervisorReport } from './SupervisorReport.js';
import { formatFullDateTime } from '../shared/formatDateTime.js';

export interface ReportViewOptions {
  /** The figures of a period; without one, the server's default (the last 30 days). */
  readonly report: (period: Period | undefined) => Promise<SupervisorReport>;
  readonly csvHref: (table: ReportTable, period: Period) => string;
  readonly errorText: (error: unknown) => string;
  /** Today in a time zone (the report's, once there is one), for the period shortcuts. */
  readonly today: (timeZone: string | undefined) => string;
  /** The period shown now, so the address can keep it. */
  readonly onShown?: (period: Period) => void;
}

export interface ReportView {
  readonly root: HTMLElement;
  /** Asks for a period's figures (the server's default without one). */
  load(period?: Period): void;
  /** Words again after a language switch. */
  render(): void;
  reset(): void;
}

const integer = (n: number) => n.toLocaleString('en-US');

/**
 * 报表: the period and channel picked, the headline figures, the charts people would rather look
 * at than read, and the tables behind them, each with its CSV.
 */
export function createReportView(dom: Dom<ReportsMessages>, { report: fetchReport, csvHref, errorText, today, onShown }: ReportViewOptions): ReportView {
  const { el, text, attr } = dom;

  let shown: SupervisorReport | undefined;
  let asked: Period | undefined;
  let loading = false;
  let error: string | undefined;
  let seq = 0;
  let drawn: { report: SupervisorReport; m: ReportsMessages } | undefined;
  const seenChannels = new Set<string>();

  const picker = createPeriodPicker(dom, { id: 'report-period', today: () => today(shown?.timeZone), onChange: (p) => load({ ...p, ...(asked?.channel ? { channel: asked.channel } : {}) }) });
  const channel = el('select', 'select rp-channel', { id: 'report-channel' });
  channel.addEventListener('change', () => {
    const period = asked ?? shown?.period;
    if (period) load({ from: period.from, to: period.to, ...(channel.value ? { channel: channel.value } : {}) });
  });
  const filters = el(
    'div',
    'rp-card rp-filters',
    {},
    picker.root,
    el('div', 'rp-channel-field', {}, text(el('label', 'rp-channel-label', { for: 'report-channel' }), (m) => m.channel), channel),
  );
  const note = el('p', 'rp-note');
  const notice = el('p', 'notice notice-error rp-notice', { role: 'alert' });
  const figures = attr(el('section', 'rp-figures'), 'aria-label', (m) => m.figures.label);
  const empty = el('p', 'rp-empty');

  const volume = chartCard('volume', (m) => m.charts.volume, 240);
  const rates = chartCard('rates', (m) => m.charts.rates, 240);
  const csat = chartCard('csat', (m) => m.charts.csat, 200, 'csat');

  const daysTable = createDataTable<DayRow, ReportsMessages>(dom, {
    caption: (m) => m.tables.days,
    sort: { key: 'day', direction: 'ascending' },
    rowAttributes: (d) => ({ 'data-day': d.day, 'data-channel': d.channel }),
    columns: [
      { key: 'day', label: (m) => m.dayColumns.day, sortValue: (d) => `${d.day} ${d.channel}`, firstDirection: 'ascending', cell: (d) => d.day, main: true },
      { key: 'channel', label: (m) => m.dayColumns.channel, sortValue: (d) => d.channel, firstDirection: 'ascending', cell: (d, m) => channelName(d.channel, m) },
      { key: 'conversations', label: (m) => m.dayColumns.conversations, sortValue: (d) => d.conversations, cell: (d) => integer(d.conversations), numeric: true },
      { key: 'contained', label: (m) => m.dayColumns.contained, sortValue: (d) => d.contained, cell: (d) => integer(d.contained), numeric: true },
      { key: 'containment', label: (m) => m.dayColumns.containment, sortValue: (d) => d.containment, cell: (d) => formatPercent(d.containment), numeric: true },
      { key: 'escalations', label: (m) => m.dayColumns.escalations, sortValue: (d) => d.escalations, cell: (d) => integer(d.escalations), numeric: true },
      { key: 'questions', label: (m) => m.dayColumns.questions, sortValue: (d) => d.questions, cell: (d) => integer(d.questions), numeric: true },
      { key: 'fallbacks', label: (m) => m.dayColumns.fallbacks, sortValue: (d) => d.fallbacks, cell: (d) => integer(d.fallbacks), numeric: true },
      { key: 'fallbackRate', label: (m) => m.dayColumns.fallbackRate, sortValue: (d) => d.fallbackRate, cell: (d) => formatPercent(d.fallbackRate), numeric: true },
    ],
  });
  let reasonTotal = 0;
  const reasonsTable = createDataTable<ReasonRow, ReportsMessages>(dom, {
    caption: (m) => m.tables.reasons,
    columns: [
      { key: 'reason', label: (m) => m.reasonColumns.reason, sortValue: (r) => r.reason, firstDirection: 'ascending', cell: (r) => el('span', '', { lang: 'zh-CN' }, r.reason), main: true },
      { key: 'count', label: (m) => m.reasonColumns.count, sortValue: (r) => r.count, cell: (r) => integer(r.count), numeric: true },
      { key: 'share', label: (m) => m.reasonColumns.share, cell: (r) => formatPercent(reasonTotal > 0 ? Math.round((r.count / reasonTotal) * 1000) / 1000 : null), numeric: true },
    ] satisfies Column<ReasonRow, ReportsMessages>[],
  });
  const agentsTable = createDataTable<AgentRow, ReportsMessages>(dom, {
    caption: (m) => m.tables.agents,
    rowAttributes: (a) => ({ 'data-agent-id': String(a.agentId) }),
    columns: [
      { key: 'name', label: (m) => m.agentColumns.name, sortValue: (a) => a.name, firstDirection: 'ascending', cell: (a) => a.name, main: true },
      { key: 'tickets', label: (m) => m.agentColumns.tickets, sortValue: (a) => a.tickets, cell: (a) => integer(a.tickets), numeric: true },
      { key: 'rated', label: (m) => m.agentColumns.rated, sortValue: (a) => a.rated, cell: (a) => integer(a.rated), numeric: true },
      { key: 'csat', label: (m) => m.agentColumns.csat, sortValue: (a) => a.csat, cell: (a) => formatAverage(a.csat), numeric: true },
    ],
  });
  const commentsTable = createDataTable<CommentRow, ReportsMessages>(dom, {
    caption: (m) => m.tables.comments,
    rowAttributes: (c) => ({ 'data-ticket-id': String(c.ticketId) }),
    columns: [
      { key: 'at', label: (m) => m.commentColumns.at, sortValue: (c) => c.at ?? '', cell: (c) => (c.at ? formatFullDateTime(c.at) : '—') },
      { key: 'rating', label: (m) => m.commentColumns.rating, sortValue: (c) => c.rating, cell: (c) => String(c.rating), numeric: true },
      { key: 'comment', label: (m) => m.commentColumns.comment, cell: (c) => c.comment, main: true },
      { key: 'agent', label: (m) => m.commentColumns.agent, sortValue: (c) => c.agent ?? '', cell: (c) => c.agent ?? '—' },
    ],
  });
  const days = tableCard('days', (m) => m.tables.days, daysTable.root);
  const comments = tableCard('comments', (m) => m.tables.comments, commentsTable.root);
  const reasons = tableCard('reasons', (m) => m.tables.reasons, reasonsTable.root);
  const agents = tableCard('agents', (m) => m.tables.agents, agentsTable.root);

  const body = el('div', 'rp-body', {}, el('div', 'rp-grid rp-grid-2', {}, volume.root, rates.root), el('div', 'rp-grid rp-grid-3', {}, csat.root, reasons.root, agents.root), comments.root, days.root);
  const root = el(
    'section',
    'rp',
    { 'aria-labelledby': 'report-heading' },
    el('div', 'rp-head', {}, text(el('h2', 'rp-heading', { id: 'report-heading' }), (m) => m.heading), note),
    filters,
    notice,
    figures,
    empty,
    body,
  );

  /** A card with a chart, its heading and, for a table the server gives as CSV, the download. */
  function chartCard(key: string, heading: (m: ReportsMessages) => string, height: number, table?: ReportTable) {
    const chart: Chart = createChart(dom.doc, { height, className: `rp-chart-${key}` });
    const summary = el('p', 'sr-only', { id: `chart-${key}-summary` });
    const link = table ? csvLink(table, heading) : undefined;
    chart.root.setAttribute('role', 'img');
    chart.root.setAttribute('aria-describedby', `chart-${key}-summary`);
    const title = text(el('h3', 'rp-card-heading', { id: `chart-${key}-heading` }), heading);
    chart.root.setAttribute('aria-labelledby', `chart-${key}-heading`);
    const root = el('figure', 'rp-card rp-chart-card', { 'data-chart': key }, el('div', 'rp-card-head', {}, title, link?.root ?? null), chart.root, summary);
    return { root, chart, summary, link };
  }

  function tableCard(table: ReportTable, heading: (m: ReportsMessages) => string, content: HTMLElement) {
    const link = csvLink(table, heading);
    const none = el('p', 'rp-none');
    const root = el('section', 'rp-card rp-table-card', { 'data-table': table }, el('div', 'rp-card-head', {}, text(el('h3', 'rp-card-heading'), heading), link.root), content, none);
    return { root, link, none, content };
  }

  /** 导出 CSV: a link to the table's CSV for the period shown. */
  function csvLink(table: ReportTable, name: (m: ReportsMessages) => string) {
    const root = attr(text(el('a', 'btn rp-csv', { 'data-csv': table, download: '' }), (m) => m.exportCsv), 'aria-label', (m) => m.exportCsvOf(name(m)));
    return {
      root,
      update(period: Period | undefined) {
        root.hidden = period === undefined;
        if (period) root.href = csvHref(table, period);
      },
    };
  }

  function load(period?: Period) {
    const at = ++seq;
    const edits = picker.edits;
    asked = period;
    loading = true;
    error = undefined;
    render();
    fetchReport(period).then(
      (found) => {
        if (at !== seq) return;
        loading = false;
        shown = found;
        asked = found.period;
        if (!found.period.channel) for (const d of found.days) seenChannels.add(d.channel);
        // Days typed since the question stay as typed (their own answer is on its way, or they are not a period yet).
        if (picker.edits === edits) picker.set(found.period);
        onShown?.(found.period);
        render();
      },
      (failure: unknown) => {
        if (at !== seq) return;
        loading = false;
        error = errorText(failure);
        render();
      },
    );
  }

  function render() {
    const m = dom.m;
    root.setAttribute('aria-busy', String(loading));
    picker.render();
    const picked = asked?.channel ?? '';
    channel.replaceChildren(
      el('option', '', { value: '' }, m.allChannels),
      ...channelChoices(seenChannels, picked || undefined).map((c) => el('option', '', { value: c }, channelName(c, m))),
    );
    channel.value = picked;

    notice.hidden = error === undefined;
    notice.textContent = error ?? '';
    // While another period loads, the last one stays, faded, rather than blinking away.
    const current = shown;
    root.classList.toggle('rp-stale', loading && current !== undefined && !samePeriod(asked, current.period));
    note.textContent = current ? m.periodNote(current.period.from, current.period.to, current.timeZone) : loading ? m.loading : '';
    if (!current) {
      figures.replaceChildren();
      body.hidden = true;
      empty.hidden = loading || error !== undefined;
      empty.textContent = m.noData;
      return;
    }
    figures.replaceChildren(
      ...headlineFigures(current, m).map((f) =>
        el(
          'div',
          'rp-figure',
          { 'data-figure': f.key },
          el('p', 'rp-figure-label', {}, f.label),
          el('p', 'rp-figure-main', {}, el('span', 'rp-figure-value', {}, f.value), f.unit ? el('span', 'rp-figure-unit', {}, f.unit) : null),
          el('p', 'rp-figure-detail', {}, f.detail),
        ),
      ),
    );
    const nothing = current.days.length === 0 && current.agents.length === 0 && current.csat.count === 0 && current.escalationsByReason.length === 0;
    empty.hidden = !nothing;
    empty.textContent = m.noData;
    body.hidden = nothing;
    if (nothing) {
      drawn = undefined;
      for (const c of [volume, rates, csat]) c.chart.clear();
      return;
    }

    // The charts are drawn again only for new figures or new words, not for every redraw of the page.
    if (drawn?.report === current && drawn.m === m) return;
    drawn = { report: current, m };
    const series = dailySeries(current.period, current.days);
    const volumeDrawing = volumeChart(series, m);
    volume.chart.draw(volumeDrawing.options, volumeDrawing.data);
    volume.summary.textContent = m.volumeSummary(series.days.length, current.totals.conversations, current.totals.escalations);
    const ratesDrawing = ratesChart(series, m);
    rates.chart.draw(ratesDrawing.options, ratesDrawing.data);
    rates.summary.textContent = m.ratesSummary(formatPercent(current.totals.containment), formatPercent(current.totals.fallbackRate));
    const bars = csatBars(current.csat);
    const csatDrawing = csatChart(bars, m);
    csat.chart.draw(csatDrawing.options, csatDrawing.data);
    csat.summary.textContent = m.csatSummary(bars.counts);
    csat.link?.update(current.period);

    daysTable.setRows(current.days);
    reasonTotal = current.escalationsByReason.reduce((n, r) => n + r.count, 0);
    reasonsTable.setRows(current.escalationsByReason);
    agentsTable.setRows(current.agents);
    commentsTable.setRows(current.csat.comments ?? []);
    for (const [card, rows] of [
      [days, current.days.length],
      [reasons, current.escalationsByReason.length],
      [agents, current.agents.length],
      [comments, current.csat.comments?.length ?? 0],
    ] as const) {
      card.link.update(current.period);
      card.content.hidden = rows === 0;
      card.none.hidden = rows > 0;
      card.none.textContent = m.noData;
    }
  }

  function channelName(id: string, m: ReportsMessages): string {
    return m.channels[id] ?? id;
  }

  return {
    root,
    load,
    render,
    reset() {
      seq += 1;
      shown = undefined;
      asked = undefined;
      loading = false;
      error = undefined;
      seenChannels.clear();
      drawn = undefined;
      picker.set(undefined);
      for (const c of [volume, rates, csat]) c.chart.clear();
      render();
    },
  };
}
