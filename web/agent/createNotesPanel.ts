import type { Dom } from '../shared/createDom.js';
import { formatDateTime } from '../shared/formatDateTime.js';
import type { AgentMessages } from './messages.js';
import type { TicketNote } from './Ticket.js';

export interface NotesPanel {
  readonly root: HTMLElement;
  /** Shows a ticket's notes, oldest first; `fresh` (another ticket) empties the box being typed in. */
  render(notes: readonly TicketNote[], fresh: boolean): void;
}

/**
 * 内部备注: what colleagues wrote about the ticket, and a box to add one. Marked 仅客服可见 and
 * drawn as paper notes, not chat bubbles, so nobody mistakes them for what the user saw.
 */
export function createNotesPanel(dom: Dom<AgentMessages>, { onAdd }: { onAdd: (text: string) => Promise<boolean> }): NotesPanel {
  const { el, text, attr } = dom;
  const list = el('ol', 'notes-list');
  const empty = text(el('p', 'notes-empty'), (m) => m.noNotes);
  const input = attr(el('textarea', 'input notes-input', { id: 'note-input', rows: '2', maxlength: '2000' }), 'placeholder', (m) => m.notePlaceholder);
  const add = text(el('button', 'btn notes-add', { type: 'submit' }), (m) => m.addNote);
  const form = el('form', 'notes-form', {}, text(el('label', 'sr-only', { for: 'note-input' }), (m) => m.noteInput), input, add);
  const root = el(
    'section',
    'notes',
    { 'aria-labelledby': 'notes-heading' },
    el('h3', 'side-heading notes-heading', { id: 'notes-heading' }, text(el('span', ''), (m) => m.notes), text(el('span', 'notes-private'), (m) => m.notesPrivate)),
    list,
    empty,
    form,
  );

  let busy = false;
  let shown: readonly TicketNote[] = [];
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const note = input.value.trim();
    if (!note || busy) return;
    busy = add.disabled = true;
    onAdd(note).then(
      (added) => {
        busy = add.disabled = false;
        if (added && input.value.trim() === note) input.value = '';
      },
      () => (busy = add.disabled = false),
    );
  });
  // Enter adds, as in the composer; Shift+Enter is a new line.
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    form.requestSubmit();
  });

  return {
    root,
    render(notes, fresh) {
      if (fresh) input.value = '';
      if (!fresh && notes === shown && list.childElementCount > 0) return;
      shown = notes;
      list.replaceChildren(
        ...notes.map((note) =>
          el(
            'li',
            'note',
            { 'data-note-id': String(note.id) },
            el('div', 'note-meta', {}, el('span', 'note-who', {}, note.agent.displayName), el('time', '', { datetime: note.createdAt }, formatDateTime(note.createdAt))),
            el('p', 'note-text', {}, note.text),
          ),
        ),
      );
      empty.hidden = notes.length > 0;
    },
  };
}
