import type { Dom } from '../shared/createDom.js';
import type { ArticleList } from './ArticleList.js';
import { filterArticles } from './filterArticles.js';
import type { WorkspaceMessages } from './messages.js';

export interface ArticlesViewOptions {
  /** The list; `fresh` asks the server again rather than the page's copy. */
  readonly articles: (fresh: boolean) => Promise<ArticleList>;
  readonly errorText: (error: unknown) => string;
}

export interface ArticlesView {
  readonly root: HTMLElement;
  load(fresh?: boolean): void;
  render(): void;
  reset(): void;
}

/** 文章: every article serving now, filtered as the editor types, and the walkthroughs. */
export function createArticlesView(dom: Dom<WorkspaceMessages>, { articles, errorText }: ArticlesViewOptions): ArticlesView {
  const { el, text, attr } = dom;
  const filter = attr(el('input', 'input ws-filter', { id: 'articles-filter', type: 'search', autocomplete: 'off', enterkeyhint: 'search' }), 'placeholder', (m) => m.filterPlaceholder);
  const count = el('span', 'ws-count', { role: 'status' });
  const refresh = text(el('button', 'btn', { type: 'button' }), (m) => m.refresh);
  const notice = el('p', 'notice notice-error ws-notice', { role: 'alert' });
  const empty = el('p', 'ws-empty');
  const body = el('tbody');
  const head = el('thead');
  const table = el('table', 'ws-table ws-stacked ws-articles-table', {}, head, body);
  const flows = el('section', 'ws-card ws-flows');
  const root = el(
    'section',
    'ws-section ws-articles',
    { 'aria-labelledby': 'articles-heading' },
    el('div', 'ws-head', {}, text(el('h2', 'ws-heading', { id: 'articles-heading' }), (m) => m.articlesHeading), count, refresh),
    el('div', 'ws-filter-row', {}, text(el('label', 'sr-only', { for: 'articles-filter' }), (m) => m.filterLabel), filter),
    notice,
    el('div', 'ws-table-wrap', {}, table),
    empty,
    flows,
  );

  let list: ArticleList | undefined;
  let loading = false;
  let error: string | undefined;
  let seq = 0;

  filter.addEventListener('input', render);
  refresh.addEventListener('click', () => load(true));

  function load(fresh = false) {
    const at = ++seq;
    loading = true;
    error = undefined;
    render();
    articles(fresh).then(
      (found) => {
        if (at !== seq) return;
        loading = false;
        list = found;
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
    const c = m.articleColumns;
    head.replaceChildren(el('tr', '', {}, ...[c.id, c.title, c.category, c.questions, c.updated].map((label, i) => el('th', i === 3 ? 'ws-num' : '', { scope: 'col' }, label))));
    const all = list?.articles ?? [];
    const shown = filterArticles(all, filter.value);
    body.replaceChildren(
      ...shown.map((a) =>
        el(
          'tr',
          '',
          { 'data-article-id': a.id },
          el('td', 'ws-hit-id', {}, el('code', '', {}, a.id)),
          el('td', 'ws-cell-main', { lang: 'zh-CN' }, a.title),
          el('td', 'ws-muted', {}, a.category),
          el('td', 'ws-num', { 'data-label': c.questions }, String(a.questions)),
          el('td', 'ws-muted ws-nowrap', { 'data-label': c.updated }, a.updated ?? ''),
        ),
      ),
    );
    table.hidden = shown.length === 0;
    notice.hidden = error === undefined;
    notice.textContent = error ?? '';
    empty.hidden = shown.length > 0 || error !== undefined;
    empty.textContent = loading ? m.loading : list ? m.noArticles : m.noData;
    count.textContent = list ? m.articlesCount(shown.length, all.length) : '';
    const flowList = list?.flows ?? [];
    flows.hidden = flowList.length === 0;
    flows.replaceChildren(
      el('h3', 'ws-card-heading', {}, m.flowsHeading(flowList.length)),
      el('ul', 'ws-flow-list', {}, ...flowList.map((f) => el('li', '', {}, el('span', '', { lang: 'zh-CN' }, f.title), el('code', 'ws-choice-id', {}, f.id)))),
    );
  }

  return {
    root,
    load,
    render,
    reset() {
      seq += 1;
      list = undefined;
      error = undefined;
      loading = false;
      filter.value = '';
      render();
    },
  };
}
