import { createDataTable } from '../shared/createDataTable.js';
import type { Dom } from '../shared/createDom.js';
import { createPeriodPicker } from '../shared/createPeriodPicker.js';
import { formatPercent } from '../shared/formatPercent.js';
import type { Period } from '../shared/Period.js';
import { flowSteps, totalLeft } from './flowSteps.js';
import { hasFigures } from './hasFigures.js';
import type { WorkspaceMessages } from './messages.js';
import type { ArticlePerformance, FlowPerformance, Performance, PerformanceTable } from './Performance.js';

export interface PerformanceViewOptions {
  /** The figures of a period; without one, the server's default (the last 30 days). */
  readonly performance: (period: Period | undefined) => Promise<Performance>;
  readonly csvHref: (table: PerformanceTable, period: Period) => string;
  readonly errorText: (error: unknown) => string;
  /** Today as the service counts days, for the period shortcuts. */
  readonly today: () => string;
}

export interface PerformanceView {
  readonly root: HTMLElement;
  /** Asks again for the period shown (the server's default the first time). */
  load(): void;
  render(): void;
  reset(): void;
}

const integer = (n: number) => n.toLocaleString('en-US');

/**
 * 表现: how each article and walkthrough did in a period, the worst first, in tables a click on a
 * header sorts; and for each walkthrough people leave, the step where they do.
 */
export function createPerformanceView(dom: Dom<WorkspaceMessages>, { performance, csvHref, errorText, today }: PerformanceViewOptions): PerformanceView {
  const { el, text, attr } = dom;
  let shown: Performance | undefined;
  let asked: Period | undefined;
  let loading = false;
  let error: string | undefined;
  let seq = 0;

  const picker = createPeriodPicker(dom, { id: 'performance-period', today, onChange: (period) => fetch(period) });
  const note = el('p', 'ws-muted ws-perf-period');
  const notice = el('p', 'notice notice-error ws-notice', { role: 'alert' });

  const articles = createDataTable<ArticlePerformance, WorkspaceMessages>(dom, {
    caption: (m) => m.articleFigures,
    className: 'ws-perf-articles',
    // The server's order is the worst first; the same column keeps ties in it.
    sort: { key: 'trouble', direction: 'descending' },
    rowAttributes: (a) => ({ 'data-article-id': a.id }),
    columns: [
      { key: 'article', label: (m) => m.performanceColumns.article, sortValue: (a) => a.title, firstDirection: 'ascending', cell: (a) => titled(a.title, a.id), main: true },
      { key: 'shown', label: (m) => m.performanceColumns.shown, sortValue: (a) => a.shown, cell: (a) => integer(a.shown), numeric: true },
      { key: 'picked', label: (m) => m.performanceColumns.picked, sortValue: (a) => a.picked, cell: (a) => integer(a.picked), numeric: true },
      { key: 'helpful', label: (m) => m.performanceColumns.helpful, sortValue: (a) => a.helpful, cell: (a) => integer(a.helpful), numeric: true },
      { key: 'unhelpful', label: (m) => m.performanceColumns.unhelpful, sortValue: (a) => a.unhelpful, cell: (a) => integer(a.unhelpful), numeric: true },
      { key: 'helpfulRate', label: (m) => m.performanceColumns.helpfulRate, sortValue: (a) => a.helpfulRate, firstDirection: 'ascending', cell: (a) => formatPercent(a.helpfulRate), numeric: true },
      { key: 'handoversAfter', label: (m) => m.performanceColumns.handoversAfter, sortValue: (a) => a.handoversAfter, cell: (a) => integer(a.handoversAfter), numeric: true },
      { key: 'trouble', label: (m) => m.performanceColumns.trouble, sortValue: (a) => a.trouble, cell: (a) => formatPercent(a.trouble), numeric: true },
    ],
  });
  const flows = createDataTable<FlowPerformance, WorkspaceMessages>(dom, {
    caption: (m) => m.flowFigures,
    className: 'ws-perf-flows',
    sort: { key: 'completionRate', direction: 'ascending' },
    rowAttributes: (f) => ({ 'data-flow-id': f.id }),
    columns: [
      { key: 'flow', label: (m) => m.flowColumns.flow, sortValue: (f) => f.title, firstDirection: 'ascending', cell: (f) => titled(f.title, f.id), main: true },
      { key: 'started', label: (m) => m.flowColumns.started, sortValue: (f) => f.started, cell: (f) => integer(f.started), numeric: true },
      { key: 'completed', label: (m) => m.flowColumns.completed, sortValue: (f) => f.completed, cell: (f) => integer(f.completed), numeric: true },
      { key: 'completionRate', label: (m) => m.flowColumns.completionRate, sortValue: (f) => f.completionRate, firstDirection: 'ascending', cell: (f) => formatPercent(f.completionRate), numeric: true },
      { key: 'handovers', label: (m) => m.flowColumns.handovers, sortValue: (f) => f.handovers, cell: (f) => integer(f.handovers), numeric: true },
      { key: 'left', label: (m) => m.flowColumns.left, sortValue: totalLeft, cell: (f) => integer(totalLeft(f)), numeric: true },
    ],
  });
  // Most articles are rarely shown: the ones nothing happened to wait behind a toggle.
  let showQuiet = false;
  const quietToggle = el('input', '', { type: 'checkbox', id: 'performance-quiet' });
  quietToggle.addEventListener('change', () => {
    showQuiet = quietToggle.checked;
    render();
  });
  const quietLabel = el('span');
  const quiet = el('label', 'ws-perf-quiet', { for: 'performance-quiet' }, quietToggle, quietLabel);
  const noneShown = el('p', 'ws-muted ws-perf-none');
  const articlesCard = card('articles', (m) => m.articleFigures, el('div', '', {}, articles.root, noneShown, quiet));
  const flowsCard = card('flows', (m) => m.flowFigures, flows.root);
  const steps = el('div', 'ws-perf-steps');
  const empty = el('p', 'ws-empty');

  const root = el(
    'section',
    'ws-section ws-performance',
    { 'aria-labelledby': 'performance-heading' },
    el('div', 'ws-head', {}, text(el('h2', 'ws-heading', { id: 'performance-heading' }), (m) => m.performanceHeading), note),
    text(el('p', 'ws-intro'), (m) => m.performanceIntro),
    el('div', 'ws-card ws-perf-filters', {}, picker.root),
    notice,
    empty,
    articlesCard.root,
    flowsCard.root,
    steps,
  );

  function titled(title: string, id: string): Node {
    return el('span', 'ws-perf-title', {}, el('span', '', { lang: 'zh-CN' }, title), el('code', 'ws-choice-id', {}, id));
  }

  function card(table: PerformanceTable, heading: (m: WorkspaceMessages) => string, content: HTMLElement) {
    const link = attr(text(el('a', 'btn ws-csv', { 'data-csv': table, download: '' }), (m) => m.exportCsv), 'aria-label', (m) => m.exportCsvOf(heading(m)));
    const root = el('section', 'ws-card ws-perf-card', { 'data-table': table }, el('div', 'ws-perf-card-head', {}, text(el('h3', 'ws-card-heading'), heading), link), content);
    return { root, link };
  }

  function fetch(period: Period | undefined) {
    const at = ++seq;
    const edits = picker.edits;
    asked = period;
    loading = true;
    error = undefined;
    render();
    performance(period).then(
      (found) => {
        if (at !== seq) return;
        loading = false;
        shown = found;
        asked = found.period;
        // Days typed since the question stay as typed (their own answer is on its way, or they are not a period yet).
        if (picker.edits === edits) picker.set(found.period);
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
    root.classList.toggle('ws-stale', loading && shown !== undefined);
    picker.render();
    notice.hidden = error === undefined;
    notice.textContent = error ?? '';
    note.textContent = shown ? m.performancePeriod(shown.period.from, shown.period.to) : '';
    empty.hidden = shown !== undefined || error !== undefined;
    empty.textContent = loading ? m.loading : m.noFigures;
    for (const c of [articlesCard, flowsCard]) {
      c.root.hidden = !shown;
      if (shown) c.link.href = csvHref(c.link.dataset.csv as PerformanceTable, shown.period);
    }
    flowsCard.root.hidden = !shown || shown.flows.length === 0;
    const all = shown?.articles ?? [];
    const active = all.filter(hasFigures);
    articles.setRows(showQuiet ? all : active);
    quiet.hidden = active.length === all.length;
    quietLabel.textContent = m.showQuiet(all.length - active.length);
    noneShown.hidden = active.length > 0 || showQuiet;
    noneShown.textContent = m.noneShown;
    articles.root.hidden = !showQuiet && active.length === 0;
    flows.setRows(shown?.flows ?? []);
    steps.replaceChildren(...(shown?.flows ?? []).filter((f) => f.leftAt.length > 0).map((f) => stepsCard(f, m)));
  }

  /** 「…」在哪一步离开: each step, how many reached it and left there, the share as a bar. */
  function stepsCard(flow: FlowPerformance, m: WorkspaceMessages): HTMLElement {
    const c = m.stepColumns;
    const rows = flowSteps(flow).map((s) =>
      el(
        'tr',
        s.left > 0 ? 'ws-step-left' : '',
        { 'data-step': s.step },
        el('td', '', {}, el('code', '', {}, s.step)),
        el('td', 'ws-num', { 'data-label': c.reached }, integer(s.reached)),
        el('td', 'ws-num', { 'data-label': c.left }, integer(s.left)),
        el(
          'td',
          'ws-step-share',
          { 'data-label': c.leftShare },
          el('span', 'ws-bar', { 'aria-hidden': 'true' }, el('span', 'ws-bar-fill', { style: `width: ${Math.round((s.leftShare ?? 0) * 100)}%` })),
          el('span', 'ws-num', {}, formatPercent(s.leftShare)),
        ),
      ),
    );
    return el(
      'section',
      'ws-card ws-perf-flow-steps',
      { 'data-flow-id': flow.id },
      el('h3', 'ws-card-heading', { lang: 'zh-CN' }, m.whereLeft(flow.title)),
      el('p', 'ws-muted', {}, m.whereLeftIntro),
      el(
        'div',
        'ws-table-wrap',
        {},
        el(
          'table',
          'ws-table ws-steps-table',
          {},
          el('thead', '', {}, el('tr', '', {}, ...[c.step, c.reached, c.left, c.leftShare].map((label, i) => el('th', i > 0 ? 'ws-num' : '', { scope: 'col' }, label)))),
          el('tbody', '', {}, ...rows),
        ),
      ),
    );
  }

  return {
    root,
    load: () => fetch(asked),
    render,
    reset() {
      seq += 1;
      shown = undefined;
      asked = undefined;
      loading = false;
      error = undefined;
      showQuiet = quietToggle.checked = false;
      picker.set(undefined);
      render();
    },
  };
}
