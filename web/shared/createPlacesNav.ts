import type { Dom } from './createDom.js';
import { placeHref, placesFor, PLACES, type Place } from './places.js';
import type { PlacesMessages } from './staffMessages.js';

export interface PlacesNav {
  readonly root: HTMLElement;
  /** Shows the links the capabilities allow (none while signed out). */
  render(capabilities: readonly string[] | undefined): void;
}

/** The topbar's links between the staff pages (会话, 知识库, 报表): only the ones the signed-in role may use. */
export function createPlacesNav<M extends PlacesMessages>(dom: Dom<M>, current: Place): PlacesNav {
  const { el, text, attr } = dom;
  const links = new Map<Place, HTMLAnchorElement>();
  const root = attr(el('nav', 'places'), 'aria-label', (m) => m.places.label);
  for (const { id } of PLACES) {
    const link = text(el('a', 'place', { href: placeHref(id), 'data-place': id }), (m) => m.places[id]);
    if (id === current) link.setAttribute('aria-current', 'page');
    links.set(id, link);
    root.append(link);
  }
  return {
    root,
    render(capabilities) {
      const allowed = placesFor(capabilities);
      for (const [id, link] of links) link.hidden = !allowed.includes(id);
      root.hidden = allowed.length === 0;
    },
  };
}
