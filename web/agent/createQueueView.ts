import type { Dom } from '../shared/createDom.js';
import { formatDateTime } from '../shared/formatDateTime.js';
import { channelName } from './contextRows.js';
import { formatDuration } from './formatDuration.js';
import type { AgentMessages } from './messages.js';
import { queueTabs, type QueueTab } from './queueTabs.js';
import { idKey, sameId, type Id, type Ticket } from './Ticket.js';

export interface QueueState {
  readonly tab: QueueTab;
  readonly tickets: readonly Ticket[];
  readonly openId: Id | undefined;
  readonly waiting: number;
  readonly loading: boolean;
}

export interface QueueView {
  readonly root: HTMLElement;
  render(state: QueueState): void;
  /** Moves the wait times on ("等待 3 分钟" becomes "等待 4 分钟") without rebuilding rows. */
  tick(now: number): void;
}

const tabLabel: Record<QueueTab, (m: AgentMessages) => string> = {
  waiting: (m) => m.tabWaiting,
  mine: (m) => m.tabMine,
  assigned: (m) => m.tabAssigned,
  closed: (m) => m.tabClosed,
};

/** The tabs and the list of tickets. Rows are kept by id, so focus and scroll survive live updates. */
export function createQueueView(dom: Dom<AgentMessages>, { onTab, onOpen }: { onTab: (tab: QueueTab) => void; onOpen: (id: Id) => void }): QueueView {
  const { el, text, attr } = dom;
  const tabButtons = new Map<QueueTab, HTMLButtonElement>();
  const waitingBadge = el('span', 'count', { 'aria-hidden': 'true' });
  const tablist = attr(el('div', 'tabs', { role: 'tablist' }), 'aria-label', (m) => m.queue);
  for (const tab of queueTabs) {
    const button = el('button', 'tab', { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': 'queue-list', 'data-tab': tab }, text(el('span', ''), tabLabel[tab]));
    if (tab === 'waiting') button.append(waitingBadge);
    button.addEventListener('click', () => onTab(tab));
    tabButtons.set(tab, button);
    tablist.append(button);
  }
  tablist.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = queueTabs.findIndex((t) => tabButtons.get(t) === dom.doc.activeElement);
    if (index < 0) return;
    const next = queueTabs[(index + (event.key === 'ArrowRight' ? 1 : queueTabs.length - 1)) % queueTabs.length]!;
    tabButtons.get(next)?.focus();
    onTab(next);
  });

  const list = el('ul', 'queue-list');
  const empty = el('p', 'queue-empty');
  const panel = el('div', 'queue-panel', { id: 'queue-list', role: 'tabpanel' }, list, empty);
  const root = el('section', 'queue', {}, text(el('h2', 'sr-only'), (m) => m.queue), tablist, panel);

  const rows = new Map<string, { li: HTMLLIElement; button: HTMLButtonElement; ticket: Ticket; m: AgentMessages; time: HTMLElement }>();
  let last: QueueState | undefined;

  const timeText = (ticket: Ticket, m: AgentMessages, now: number) => {
    if (ticket.state === 'waiting') return m.waitingFor(formatDuration(ticket.createdAt, now, m.duration));
    if (ticket.state === 'assigned') return m.talkingFor(formatDuration(ticket.assignedAt ?? ticket.createdAt, now, m.duration));
    return m.endedAt(formatDateTime(ticket.endedAt ?? ticket.createdAt, now));
  };

  const fillRow = (button: HTMLButtonElement, ticket: Ticket, m: AgentMessages): HTMLElement => {
    const time = el('span', 'row-time', {}, timeText(ticket, m, Date.now()));
    const head = el(
      'span',
      'row-head',
      {},
      ticket.priority === 'high' ? el('span', 'badge badge-urgent', {}, m.urgent) : null,
      el('span', 'row-reason', {}, ticket.reason),
      el('span', 'row-channel', {}, channelName(ticket.channel, m)),
    );
    const foot = el('span', 'row-foot', {}, time);
    if (ticket.state !== 'waiting' && ticket.agent) foot.append(el('span', 'row-agent', {}, m.handledBy(ticket.agent.displayName)));
    if (ticket.rating != null) foot.append(el('span', 'row-rating', {}, m.rating(ticket.rating)));
    button.replaceChildren(head, el('span', 'row-preview', {}, ticket.preview || m.noPreview), foot);
    button.className = `row${ticket.priority === 'high' ? ' row-high' : ''}`;
    return time;
  };

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
      panel.setAttribute('aria-labelledby', `tab-${state.tab}`);
      waitingBadge.textContent = String(state.waiting);
      waitingBadge.hidden = state.waiting === 0;
      tabButtons.get('waiting')?.setAttribute('aria-label', `${m.tabWaiting} ${state.waiting}`);

      const keys = new Set(state.tickets.map((t) => idKey(t.id)));
      for (const [key, row] of rows) {
        if (keys.has(key)) continue;
        row.li.remove();
        rows.delete(key);
      }
      state.tickets.forEach((ticket, index) => {
        const key = idKey(ticket.id);
        let row = rows.get(key);
        if (!row) {
          const button = el('button', 'row', { type: 'button', 'data-ticket-id': key });
          button.addEventListener('click', () => onOpen(ticket.id));
          row = { li: el('li', '', {}, button), button, ticket, m, time: fillRow(button, ticket, m) };
          rows.set(key, row);
        } else if (row.ticket !== ticket || row.m !== m) {
          row.time = fillRow(row.button, ticket, m);
          row.ticket = ticket;
          row.m = m;
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
      for (const row of rows.values()) row.time.textContent = timeText(row.ticket, row.m, now);
    },
  };
}
