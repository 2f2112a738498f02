import type { Dom } from '../shared/createDom.js';
import { fillTicketRow, rowTime } from './fillTicketRow.js';
import type { AgentMessages } from './messages.js';
import { queueTabs, type QueuePlace } from './queueTabs.js';
import { idKey, sameId, type Id, type Ticket } from './Ticket.js';

export interface QueueState {
  readonly tab: QueuePlace;
  readonly tickets: readonly Ticket[];
  readonly openId: Id | undefined;
  readonly waiting: number;
  readonly loading: boolean;
  /** The tags the console knows for a ticket (the lists do not carry them). */
  readonly tagsOf: (id: Id) => readonly string[];
}

export interface QueueView {
  readonly root: HTMLElement;
  render(state: QueueState): void;
  /** Moves the wait times on ("等待 3 分钟" becomes "等待 4 分钟") without rebuilding rows. */
  tick(now: number): void;
}

const places: readonly QueuePlace[] = [...queueTabs, 'search'];

const tabLabel: Record<QueuePlace, (m: AgentMessages) => string> = {
  waiting: (m) => m.tabWaiting,
  mine: (m) => m.tabMine,
  assigned: (m) => m.tabAssigned,
  closed: (m) => m.tabClosed,
  search: (m) => m.tabSearch,
};

const panelId = (place: QueuePlace) => (place === 'search' ? 'search-panel' : 'queue-list');

/**
 * The tabs and the list of tickets, and 查找 (whose panel, `searchPanel`, is drawn elsewhere).
 * Rows are kept by id, so focus and scroll survive live updates.
 */
export function createQueueView(dom: Dom<AgentMessages>, { onTab, onOpen, searchPanel }: { onTab: (tab: QueuePlace) => void; onOpen: (id: Id) => void; searchPanel: HTMLElement }): QueueView {
  const { el, text, attr } = dom;
  const tabButtons = new Map<QueuePlace, HTMLButtonElement>();
  const waitingBadge = el('span', 'count', { 'aria-hidden': 'true' });
  const tablist = attr(el('div', 'tabs', { role: 'tablist' }), 'aria-label', (m) => m.queue);
  for (const tab of places) {
    const button = el('button', `tab tab-${tab}`, { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': panelId(tab), 'data-tab': tab }, text(el('span', ''), tabLabel[tab]));
    if (tab === 'waiting') button.append(waitingBadge);
    button.addEventListener('click', () => onTab(tab));
    tabButtons.set(tab, button);
    tablist.append(button);
  }
  tablist.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = places.findIndex((t) => tabButtons.get(t) === dom.doc.activeElement);
    if (index < 0) return;
    const next = places[(index + (event.key === 'ArrowRight' ? 1 : places.length - 1)) % places.length]!;
    tabButtons.get(next)?.focus();
    onTab(next);
  });

  const list = el('ul', 'queue-list');
  const empty = el('p', 'queue-empty');
  const panel = el('div', 'queue-panel', { id: 'queue-list', role: 'tabpanel' }, list, empty);
  searchPanel.id = 'search-panel';
  searchPanel.setAttribute('role', 'tabpanel');
  searchPanel.setAttribute('aria-labelledby', 'tab-search');
  searchPanel.classList.add('queue-panel');
  const root = el('section', 'queue', {}, text(el('h2', 'sr-only'), (m) => m.queue), tablist, panel, searchPanel);

  const rows = new Map<string, { li: HTMLLIElement; button: HTMLButtonElement; ticket: Ticket; tags: readonly string[]; m: AgentMessages; time: HTMLElement }>();
  let last: QueueState | undefined;

  return {
    root,
    render(state) {
      last = state;
      const m = dom.m;
      for (const [tab, button] of tabButtons) {
        const selected = tab === state.tab;
        button.setAttribute('aria-selected', String(selected));
        button.tabIndex = selected ? 0 : -1;
      }
      const searching = state.tab === 'search';
      panel.hidden = searching;
      searchPanel.hidden = !searching;
      panel.setAttribute('aria-labelledby', `tab-${searching ? 'waiting' : state.tab}`);
      waitingBadge.textContent = String(state.waiting);
      waitingBadge.hidden = state.waiting === 0;
      tabButtons.get('waiting')?.setAttribute('aria-label', `${m.tabWaiting} ${state.waiting}`);

      const keys = new Set(state.tickets.map((t) => idKey(t.id)));
      for (const [key, row] of rows) {
        if (keys.has(key)) continue;
        row.li.remove();
        rows.delete(key);
      }
      const now = Date.now();
      state.tickets.forEach((ticket, index) => {
        const key = idKey(ticket.id);
        const tags = state.tagsOf(ticket.id);
        let row = rows.get(key);
        if (!row) {
          const button = el('button', 'row', { type: 'button', 'data-ticket-id': key });
          button.addEventListener('click', () => onOpen(ticket.id));
          row = { li: el('li', '', {}, button), button, ticket, tags, m, time: fillTicketRow(dom, button, ticket, tags, now) };
          rows.set(key, row);
        } else if (row.ticket !== ticket || row.tags !== tags || row.m !== m) {
          row.time = fillTicketRow(dom, row.button, ticket, tags, now);
          Object.assign(row, { ticket, tags, m });
        }
        if (sameId(ticket.id, state.openId)) row.button.setAttribute('aria-current', 'true');
        else row.button.removeAttribute('aria-current');
        // Moving a node blurs it: only touch the ones out of place.
        if (list.children[index] !== row.li) list.insertBefore(row.li, list.children[index] ?? null);
      });
      empty.hidden = state.tickets.length > 0;
      empty.textContent = state.loading ? m.loading : m.noTickets;
    },
    tick(now) {
      if (!last) return;
      for (const row of rows.values()) row.time.textContent = rowTime(row.ticket, row.m, now);
    },
  };
}
