import type { Dom } from './createDom.js';
import { placeHref, placesFor, type Place } from './places.js';
import type { Session } from './Session.js';
import type { NoAccessMessages } from './staffMessages.js';

export interface NoAccessView {
  readonly root: HTMLElement;
  show(session: Session): void;
  hide(): void;
  /** Words again, after a language switch. */
  render(): void;
}

/**
 * Instead of a page an account may not use (an editor at the console, an agent at the
 * workspace): why, and links to the places it may use. Nothing of the page is built or called.
 */
export function createNoAccessView<M extends NoAccessMessages>(dom: Dom<M>, current: Place): NoAccessView {
  const { el } = dom;
  const heading = el('h2', 'no-access-heading', { id: 'no-access-heading' });
  const hint = el('p', 'no-access-hint');
  const links = el('ul', 'no-access-links');
  const root = el('main', 'no-access', { 'aria-labelledby': 'no-access-heading' }, el('div', 'no-access-card', {}, heading, hint, links));
  root.hidden = true;
  let shown: Session | undefined;

  function render() {
    if (!shown) return;
    const m = dom.m;
    const role = shown.agent.role ?? '';
    heading.textContent = m.noAccess(m.roles[role] ?? role);
    const elsewhere = placesFor(shown.capabilities).filter((place) => place !== current);
    hint.textContent = elsewhere.length > 0 ? m.noAccessGoTo : m.noAccessNowhere;
    links.replaceChildren(...elsewhere.map((place) => el('li', '', {}, el('a', 'btn btn-primary', { href: placeHref(place), 'data-place': place }, m.places[place]))));
  }

  return {
    root,
    show(session) {
      shown = session;
      root.hidden = false;
      render();
    },
    hide() {
      shown = undefined;
      root.hidden = true;
    },
    render,
  };
}
