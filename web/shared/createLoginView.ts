import type { Dom } from './createDom.js';
import type { LoginMessages } from './staffMessages.js';

export interface LoginView {
  readonly root: HTMLElement;
  /** Shows the form (with an error or notice, if given) and puts the cursor in it. */
  show(message?: string): void;
  hide(): void;
  setBusy(busy: boolean): void;
  setError(message: string | undefined): void;
}

/** The sign-in form, one for every staff page. The password field is emptied after every attempt; the username stays. */
export function createLoginView<M extends LoginMessages>(dom: Dom<M>, onSubmit: (username: string, password: string) => void): LoginView {
  const { el, text } = dom;
  const username = el('input', 'input', { id: 'login-username', name: 'username', autocomplete: 'username', required: '', autocapitalize: 'none', spellcheck: 'false' });
  const password = el('input', 'input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: '' });
  const error = el('p', 'login-error', { role: 'alert' });
  error.hidden = true;
  let busy = false;
  const submit = text(el('button', 'btn btn-primary login-submit', { type: 'submit' }), (m) => (busy ? m.loggingIn : m.login));
  const heading = text(el('h1', 'login-heading', { id: 'login-heading' }), (m) => m.loginHeading);
  const form = el(
    'form',
    'login-form',
    { 'aria-labelledby': 'login-heading', novalidate: '' },
    heading,
    el('div', 'field', {}, text(el('label', '', { for: 'login-username' }), (m) => m.username), username),
    el('div', 'field', {}, text(el('label', '', { for: 'login-password' }), (m) => m.password), password),
    error,
    submit,
  );
  const root = el('main', 'login', { id: 'login' }, form);
  root.hidden = true;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const name = username.value.trim();
    if (!name) return username.focus();
    if (!password.value) return password.focus();
    const secret = password.value;
    password.value = '';
    onSubmit(name, secret);
  });

  const setError = (message: string | undefined) => {
    error.hidden = message === undefined;
    error.textContent = message ?? '';
  };
  return {
    root,
    show(message) {
      root.hidden = false;
      setError(message);
      (username.value ? password : username).focus();
    },
    hide() {
      root.hidden = true;
      setError(undefined);
    },
    setBusy(on) {
      busy = on;
      submit.disabled = on;
      submit.textContent = on ? dom.m.loggingIn : dom.m.login;
      form.setAttribute('aria-busy', String(on));
    },
    setError,
  };
}
