import { isSessionLost } from '../shared/ApiError.js';
import { createDom } from '../shared/createDom.js';
import { createLoginView } from '../shared/createLoginView.js';
import { createNoAccessView } from '../shared/createNoAccessView.js';
import { createPlacesNav } from '../shared/createPlacesNav.js';
import { formatFullDateTime } from '../shared/formatDateTime.js';
import { otherLang, readLang, saveLang, type Lang } from '../shared/lang.js';
import { mayUse } from '../shared/places.js';
import { todayIn } from '../shared/quickPeriod.js';
import type { Session } from '../shared/Session.js';
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
 * The editors' workspace: sign-in (the console's), then 试一试, 未解决的问题, 文章 and 表现. This module
 * owns the session, the language and which part shows; each part draws and calls for itself.
 */
export function mountWorkspace(win: Window & typeof globalThis, { api = createWorkspaceApi({ fetch: win.fetch.bind(win) }), now = () => new Date() }: WorkspaceOptions = {}): void {
  const doc = win.document;
  let lang: Lang = readLang(win);
  const dom = createDom<WorkspaceMessages>(doc, messages[lang]);
  const { el, text, attr } = dom;

  let session: Session | undefined;
  let section: Section = sectionFromHash(win.location.hash);
  // Bumped on sign-out: answers to calls made before it are dropped.
  let generation = 0;
  let articleList: Promise<ArticleList> | undefined;

  // The shell, as the console's.
  const accountName = el('span', 'agent-name');
  const logoutButton = text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'logout' }), (m) => m.logout);
  const langButton = attr(text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'lang' }), (m) => m.otherLang), 'aria-label', (m) => m.switchLang);
  const signedInBar = el('div', 'topbar-session', {}, accountName, logoutButton);
  const places = createPlacesNav(dom, 'knowledge');
  const topbar = el('header', 'topbar', {}, el('div', 'topbar-start', {}, text(el('h1', 'brand'), (m) => m.appTitle), places.root), signedInBar, langButton);

  const login = createLoginView(dom, signIn);
  const noAccess = createNoAccessView(dom, 'knowledge');

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
  doc.body.append(el('div', 'app', {}, topbar, login.root, noAccess.root, main));

  langButton.addEventListener('click', () => setLang(otherLang(lang)));
  logoutButton.addEventListener('click', signOut);
  win.addEventListener('hashchange', () => showSection(sectionFromHash(win.location.hash)));
  setLang(lang);
  showSignedOut();
  api.me().then(signedIn, (error: unknown) => showSignedOut(isSessionLost(error) ? undefined : errorText(error, dom.m)));

  function setLang(next: Lang) {
    lang = next;
    saveLang(win, lang);
    doc.documentElement.lang = lang;
    dom.setMessages(messages[lang]);
    doc.title = dom.m.appTitle;
    accountName.textContent = session ? dom.m.signedInAs(session.agent.displayName) : '';
    noAccess.render();
    tryView.render();
    missesView.render();
    articlesView.render();
    performanceView.render();
  }

  function showSignedOut(message?: string) {
    signedInBar.hidden = true;
    main.hidden = true;
    noAccess.hide();
    places.render(undefined);
    login.show(message);
  }

  function signIn(username: string, password: string) {
    login.setBusy(true);
    login.setError(undefined);
    // Login names the account; `me` adds what its role may do.
    api
      .login(username, password)
      .then(() => api.me())
      .then(
        (s) => {
          login.setBusy(false);
          signedIn(s);
        },
        (error: unknown) => {
          login.setBusy(false);
          login.show(errorText(error, dom.m));
        },
      );
  }

  function signedIn(s: Session) {
    session = s;
    login.hide();
    signedInBar.hidden = false;
    accountName.textContent = dom.m.signedInAs(s.agent.displayName);
    places.render(s.capabilities);
    // An agent or a supervisor: no workspace to build or call, a way to where they belong.
    if (!mayUse(s.capabilities, 'knowledge')) return noAccess.show(s);
    main.hidden = false;
    showSection(section, true);
  }

  function signOut() {
    const done = () => {
      teardown();
      showSignedOut();
    };
    api.logout().then(done, done);
  }

  function teardown() {
    generation += 1;
    session = undefined;
    articleList = undefined;
    tryView.reset();
    missesView.reset();
    articlesView.reset();
    performanceView.reset();
  }

  function showSection(next: Section, first = false) {
    const changed = next !== section;
    section = next;
    for (const [s, link] of sectionLinks) {
      if (s === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    for (const s of sections) views[s].hidden = s !== section;
    if (!session || main.hidden) return;
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

  /**
   * Runs a call for the signed-in session. A 401 means it is over: back to the sign-in form. The
   * call still rejects, so whoever made it stops waiting; its page is hidden by then.
   */
  function guard<T>(promise: Promise<T>): Promise<T> {
    const at = generation;
    return promise.catch((error: unknown) => {
      if (at === generation && isSessionLost(error)) {
        teardown();
        showSignedOut(dom.m.sessionExpired);
      }
      throw error;
    });
  }
}
