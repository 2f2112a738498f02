import { createStaffShell } from '../shared/createStaffShell.js';
import { formatFullDateTime } from '../shared/formatDateTime.js';
import { todayIn } from '../shared/quickPeriod.js';
import type { ArticleList } from './ArticleList.js';
import { createArticlesView } from './createArticlesView.js';
import { createMissesView } from './createMissesView.js';
import { createPerformanceView } from './createPerformanceView.js';
import { createTryView } from './createTryView.js';
import { createWorkspaceApi, type WorkspaceApi } from './createWorkspaceApi.js';
import { errorText } from './errorText.js';
import { messages, type WorkspaceMessages } from './messages.js';
import { sectionFromHash, sections, type Section } from './sections.js';

export interface WorkspaceOptions {
  readonly api?: WorkspaceApi;
  /** The clock, for the period shortcuts (近7天 ends today). */
  readonly now?: () => Date;
}

/**
 * The editors' workspace: sign-in (the staff shell's), then 试一试, 未解决的问题, 文章 and 表现. This
 * module owns which part shows; each part draws and calls for itself.
 */
export function mountWorkspace(win: Window & typeof globalThis, { api = createWorkspaceApi({ fetch: win.fetch.bind(win) }), now = () => new Date() }: WorkspaceOptions = {}): void {
  const doc = win.document;
  const shell = createStaffShell<WorkspaceMessages>({ win, messages, place: 'knowledge', api, errorText });
  const { dom, guard } = shell;
  const { el, text, attr } = dom;

  let section: Section = sectionFromHash(win.location.hash);
  let articleList: Promise<ArticleList> | undefined;

  const sectionLinks = new Map<Section, HTMLAnchorElement>();
  const sectionNav = attr(el('nav', 'tabs ws-sections'), 'aria-label', (m) => m.sections.label);
  for (const s of sections) {
    const link = text(el('a', 'tab', { href: `#${s}`, 'data-section': s }), (m) => m.sections[s]);
    sectionLinks.set(s, link);
    sectionNav.append(link);
  }
  const tryView = createTryView(dom, { tryQuestion: (q) => guard(api.tryQuestion(q)), errorText: (e) => errorText(e, dom.m) });
  const missesView = createMissesView(dom, {
    misses: (status) => guard(api.misses(status)),
    articles: () => articles(false),
    add: (id, articleId, questions, version) => guard(api.addToArticle(id, articleId, questions, version)),
    ignore: (id, reason) => guard(api.ignoreMiss(id, reason)),
    errorText: (e) => errorText(e, dom.m),
    formatTime: formatFullDateTime,
  });
  const articlesView = createArticlesView(dom, { articles, errorText: (e) => errorText(e, dom.m) });
  const performanceView = createPerformanceView(dom, {
    performance: (period) => guard(api.performance(period)),
    csvHref: api.performanceCsvHref,
    errorText: (e) => errorText(e, dom.m),
    // The answer names no time zone: the browser's day (an editor's is the service's, in China).
    today: () => todayIn(undefined, now()),
  });
  const views: Record<Section, HTMLElement> = { try: tryView.root, misses: missesView.root, articles: articlesView.root, performance: performanceView.root };
  const main = el('main', 'ws-main', {}, sectionNav, el('div', 'ws-inner', {}, tryView.root, missesView.root, articlesView.root, performanceView.root));
  doc.body.append(el('div', 'app', {}, ...shell.parts, main));
  win.addEventListener('hashchange', () => showSection(sectionFromHash(win.location.hash)));
  shell.start(main, {
    signedIn: () => showSection(section, true),
    render() {
      tryView.render();
      missesView.render();
      articlesView.render();
      performanceView.render();
    },
    reset() {
      articleList = undefined;
      tryView.reset();
      missesView.reset();
      articlesView.reset();
      performanceView.reset();
    },
  });

  function showSection(next: Section, first = false) {
    const changed = next !== section;
    section = next;
    for (const [s, link] of sectionLinks) {
      if (s === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    for (const s of sections) views[s].hidden = s !== section;
    if (!shell.session() || main.hidden) return;
    // Each part loads when it is shown, so a list is as fresh as the last look at it.
    if (section === 'misses' && (changed || first)) missesView.load();
    if (section === 'articles' && (changed || first)) articlesView.load();
    if (section === 'performance' && (changed || first)) performanceView.load();
    if (section === 'try' && first) tryView.focus();
  }

  /** The article list, asked once per sign-in (the picker and the articles part share it) unless `fresh`. */
  function articles(fresh: boolean): Promise<ArticleList> {
    if (fresh || !articleList) {
      const asked = guard(api.articles());
      articleList = asked;
      // A failure is not kept: the next look asks again.
      asked.catch(() => {
        if (articleList === asked) articleList = undefined;
      });
    }
    return articleList;
  }
}
