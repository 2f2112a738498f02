import { isSessionLost } from '../shared/ApiError.js';
import { createDom } from '../shared/createDom.js';
import { createLoginView } from '../shared/createLoginView.js';
import { createNoAccessView } from '../shared/createNoAccessView.js';
import { createPlacesNav } from '../shared/createPlacesNav.js';
import { otherLang, readLang, saveLang, type Lang } from '../shared/lang.js';
import { periodFromQuery, periodQuery } from '../shared/periodQuery.js';
import { mayUse } from '../shared/places.js';
import { todayIn } from '../shared/quickPeriod.js';
import type { Session } from '../shared/Session.js';
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
 * The supervisors' reports page: sign-in (the console's), then the figures of a period. This
 * module owns the session, the language and the address; the view draws and calls for itself.
 */
export function mountReports(win: Window & typeof globalThis, { api = createReportsApi({ fetch: win.fetch.bind(win) }), now = () => new Date() }: ReportsOptions = {}): void {
  const doc = win.document;
  let lang: Lang = readLang(win);
  const dom = createDom<ReportsMessages>(doc, messages[lang]);
  const { el, text, attr } = dom;

  let session: Session | undefined;
  // Bumped on sign-out: answers to calls made before it are dropped.
  let generation = 0;

  const accountName = el('span', 'agent-name');
  const logoutButton = text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'logout' }), (m) => m.logout);
  const langButton = attr(text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'lang' }), (m) => m.otherLang), 'aria-label', (m) => m.switchLang);
  const signedInBar = el('div', 'topbar-session', {}, accountName, logoutButton);
  const places = createPlacesNav(dom, 'reports');
  const topbar = el('header', 'topbar', {}, el('div', 'topbar-start', {}, text(el('h1', 'brand'), (m) => m.appTitle), places.root), signedInBar, langButton);

  const login = createLoginView(dom, signIn);
  const noAccess = createNoAccessView(dom, 'reports');
  const view = createReportView(dom, {
    report: (period) => guard(api.report(period)),
    csvHref: api.csvHref,
    errorText: (e) => errorText(e, dom.m),
    today: (timeZone) => todayIn(timeZone, now()),
    // The address keeps the period, so a reload or a shared link shows the same figures.
    onShown: (period) => win.history.replaceState(null, '', `?${periodQuery(period)}${win.location.hash}`),
  });
  const main = el('main', 'rp-main', {}, el('div', 'rp-inner', {}, view.root));
  doc.body.append(el('div', 'app', {}, topbar, login.root, noAccess.root, main));

  langButton.addEventListener('click', () => setLang(otherLang(lang)));
  logoutButton.addEventListener('click', signOut);
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
    view.render();
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
    // An agent or an editor: no reports to ask for, a way to where they belong.
    if (!mayUse(s.capabilities, 'reports')) return noAccess.show(s);
    main.hidden = false;
    view.load(periodFromQuery(win.location.search));
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
    view.reset();
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
