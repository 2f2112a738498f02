import type { Dom } from '../shared/createDom.js';
import type { AgentMessages } from './messages.js';
import type { CannedReply } from './Ticket.js';

export interface CannedPickerOptions {
  /** The replies matching the words, filled in for the open ticket. */
  readonly load: (query: string) => Promise<readonly CannedReply[]>;
  /** Puts the picked reply's text into the composer (it is not sent). */
  readonly onPick: (text: string) => void;
  /** The picker closed without a pick: focus goes back to the composer. */
  readonly onDismiss: () => void;
  readonly errorText: (error: unknown) => string;
}

export interface CannedPicker {
  readonly root: HTMLElement;
  readonly isOpen: boolean;
  open(): void;
  close(): void;
}

/**
 * 常用回复: a searchable list above the composer. Typing filters (the server matches every word
 * in the title, text or tags); ↑↓ choose, Enter or a tap inserts, Esc closes.
 */
export function createCannedPicker(dom: Dom<AgentMessages>, { load, onPick, onDismiss, errorText }: CannedPickerOptions): CannedPicker {
  const { el, text, attr } = dom;
  const input = attr(
    el('input', 'input canned-query', { id: 'canned-query', type: 'search', autocomplete: 'off', role: 'combobox', 'aria-controls': 'canned-list', 'aria-expanded': 'true', 'aria-autocomplete': 'list' }),
    'placeholder',
    (m) => m.cannedPlaceholder,
  );
  const closeButton = attr(el('button', 'btn btn-ghost canned-close', { type: 'button' }, '×'), 'aria-label', (m) => m.closePanel);
  const list = attr(el('ul', 'canned-list', { id: 'canned-list', role: 'listbox' }), 'aria-label', (m) => m.canned);
  const status = el('p', 'canned-status', { role: 'status' });
  const hint = text(el('p', 'canned-hint'), (m) => m.cannedHint);
  const root = el(
    'div',
    'canned',
    {},
    el('div', 'canned-head', {}, text(el('label', 'canned-title', { for: 'canned-query' }), (m) => m.canned), closeButton),
    input,
    status,
    list,
    hint,
  );
  root.hidden = true;

  let replies: readonly CannedReply[] = [];
  let active = 0;
  let seq = 0;

  const setStatus = (line: string) => {
    status.textContent = line;
    status.hidden = line === '';
  };

  function draw() {
    list.replaceChildren(
      ...replies.map((reply, index) => {
        const option = el(
          'li',
          'canned-option',
          { id: `canned-${index}`, role: 'option', 'aria-selected': String(index === active), 'data-canned-id': reply.id },
          el('span', 'canned-option-title', {}, reply.title),
          el('span', 'canned-option-text', {}, reply.text),
        );
        // mousedown would take the focus from the input first; the pick happens on click.
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => pick(index));
        return option;
      }),
    );
    if (replies.length > 0) input.setAttribute('aria-activedescendant', `canned-${active}`);
    else input.removeAttribute('aria-activedescendant');
    list.children[active]?.scrollIntoView({ block: 'nearest' });
  }

  function search() {
    const asked = ++seq;
    setStatus(dom.m.loading);
    load(input.value.trim()).then(
      (found) => {
        if (asked !== seq) return;
        replies = found;
        active = 0;
        setStatus(found.length === 0 ? dom.m.cannedNone : '');
        draw();
      },
      (error: unknown) => asked === seq && setStatus(errorText(error)),
    );
  }

  function pick(index: number) {
    const reply = replies[index];
    if (!reply) return;
    close();
    onPick(reply.text);
  }

  function close() {
    root.hidden = true;
    seq += 1;
  }

  input.addEventListener('input', search);
  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (replies.length === 0) return;
      active = (active + (event.key === 'ArrowDown' ? 1 : replies.length - 1)) % replies.length;
      draw();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
      onDismiss();
    }
  });
  closeButton.addEventListener('click', () => {
    close();
    onDismiss();
  });

  return {
    root,
    get isOpen() {
      return !root.hidden;
    },
    open() {
      root.hidden = false;
      input.value = '';
      replies = [];
      draw();
      input.focus();
      search();
    },
    close,
  };
}
