import { isSessionLost } from './ApiError.js';
import { createDom, type Dom } from './createDom.js';
import { createLoginView } from './createLoginView.js';
import { createNoAccessView } from './createNoAccessView.js';
import { createPlacesNav } from './createPlacesNav.js';
import { otherLang, readLang, saveLang, type Lang } from './lang.js';
import { mayUse, type Place } from './places.js';
import type { Session } from './Session.js';
import type { StaffShellMessages } from './staffMessages.js';

export type { StaffShellMessages };

export interface StaffShellOptions<M extends StaffShellMessages> {
  readonly win: Window & typeof globalThis;
  readonly messages: Readonly<Record<Lang, M>>;
  /** The page this is: its place in the navigation, and what the account must be allowed to use. */
  readonly place: Place;
  readonly api: { me(): Promise<Session>; login(username: string, password: string): Promise<unknown>; logout(): Promise<unknown> };
  readonly errorText: (error: unknown, m: M) => string;
}

export interface StaffShell<M> {
  readonly dom: Dom<M>;
  /** The top bar, the sign-in form and the no-access page, to put before the page's own `main`. */
  readonly parts: readonly HTMLElement[];
  /**
   * Starts: the language, then the session (`me`). `main` shows only while an account allowed
   * here is signed in. `hooks.signedIn` loads the page, `render` redraws it in the new language,
   * `reset` forgets what the last account saw.
   */
  start(main: HTMLElement, hooks: { signedIn(session: Session): void; render(): void; reset(): void }): void;
  /** The account signed in now, if any. */
  session(): Session | undefined;
  /**
   * Runs a call for the signed-in session. A 401 means it is over: back to the sign-in form. The
   * call still rejects, so whoever made it stops waiting; its page is hidden by then.
   */
  guard<T>(promise: Promise<T>): Promise<T>;
}

/**
 * What every staff page but the console shares (the workspace, the reports): the top bar with
 * the places, the account and the language; sign-in, sign-out and a lost session; the page shown
 * only to an account whose role may use it, the others sent where they belong.
 */
export function createStaffShell<M extends StaffShellMessages>({ win, messages, place, api, errorText }: StaffShellOptions<M>): StaffShell<M> {
  const doc = win.document;
  let lang: Lang = readLang(win);
  const dom = createDom<M>(doc, messages[lang]);
  const { el, text, attr } = dom;
  let session: Session | undefined;
  // Bumped on sign-out: answers to calls made before it are dropped.
  let generation = 0;
  let main: HTMLElement | undefined;
  let hooks: Parameters<StaffShell<M>['start']>[1] | undefined;

  const accountName = el('span', 'agent-name');
  const logoutButton = text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'logout' }), (m) => m.logout);
  const langButton = attr(text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'lang' }), (m) => m.otherLang), 'aria-label', (m) => m.switchLang);
  const signedInBar = el('div', 'topbar-session', {}, accountName, logoutButton);
  const places = createPlacesNav(dom, place);
  const topbar = el('header', 'topbar', {}, el('div', 'topbar-start', {}, text(el('h1', 'brand'), (m) => m.appTitle), places.root), signedInBar, langButton);
  const login = createLoginView(dom, signIn);
  const noAccess = createNoAccessView(dom, place);

  function setLang(next: Lang) {
    lang = next;
    saveLang(win, lang);
    doc.documentElement.lang = lang;
    dom.setMessages(messages[lang]);
    doc.title = dom.m.appTitle;
    accountName.textContent = session ? dom.m.signedInAs(session.agent.displayName) : '';
    noAccess.render();
    hooks?.render();
  }

  function showSignedOut(message?: string) {
    signedInBar.hidden = true;
    if (main) main.hidden = true;
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
    // Another role: nothing here to ask for, a way to where they belong.
    if (!mayUse(s.capabilities, place)) return noAccess.show(s);
    if (main) main.hidden = false;
    hooks?.signedIn(s);
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
    hooks?.reset();
  }

  return {
    dom,
    parts: [topbar, login.root, noAccess.root],
    start(page, pageHooks) {
      main = page;
      hooks = pageHooks;
      langButton.addEventListener('click', () => setLang(otherLang(lang)));
      logoutButton.addEventListener('click', signOut);
      setLang(lang);
      showSignedOut();
      api.me().then(signedIn, (error: unknown) => showSignedOut(isSessionLost(error) ? undefined : errorText(error, dom.m)));
    },
    session: () => session,
    guard(promise) {
      const at = generation;
      return promise.catch((error: unknown) => {
        if (at === generation && isSessionLost(error)) {
          teardown();
          showSignedOut(dom.m.sessionExpired);
        }
        throw error;
      });
    },
  };
}
