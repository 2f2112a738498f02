import type { Dom } from '../shared/createDom.js';
import { fillTicketRow } from './fillTicketRow.js';
import type { AgentMessages } from './messages.js';
import { buildSearchQuery, type SearchFields, type SearchProblem } from './searchQuery.js';
import { idKey, type Id, type Ticket } from './Ticket.js';

export interface SearchViewOptions {
  readonly search: (query: string) => Promise<readonly Ticket[]>;
  readonly onOpen: (id: Id) => void;
  readonly tagsOf: (id: Id) => readonly string[];
  readonly errorText: (error: unknown) => string;
}

export interface SearchView {
  readonly root: HTMLElement;
  /** Draws the results again (the language changed, or tags became known). */
  render(): void;
}

/** 查找: past tickets by what was said, the user, a tag and the days; results look like the queue's rows. */
export function createSearchView(dom: Dom<AgentMessages>, { search, onOpen, tagsOf, errorText }: SearchViewOptions): SearchView {
  const { el, text, attr } = dom;
  const field = (id: string, label: (m: AgentMessages) => string, input: HTMLInputElement) =>
    el('div', `search-field search-field-${id}`, {}, text(el('label', '', { for: `search-${id}` }), label), input);
  const input = (id: string, type: string, placeholder?: (m: AgentMessages) => string) => {
    const node = el('input', 'input', { id: `search-${id}`, type, autocomplete: 'off', ...(type === 'search' ? { enterkeyhint: 'search' } : {}) });
    return placeholder ? attr(node, 'placeholder', placeholder) : node;
  };
  const textInput = input('text', 'search', (m) => m.searchTextHint);
  const userInput = input('user', 'search', (m) => m.searchUserHint);
  const tagInput = input('tag', 'search');
  const fromInput = input('from', 'date');
  const toInput = input('to', 'date');
  const submit = text(el('button', 'btn btn-primary search-submit', { type: 'submit' }), (m) => m.search);
  const form = el(
    'form',
    'search-form',
    { role: 'search' },
    field('text', (m) => m.searchText, textInput),
    field('user', (m) => m.searchUser, userInput),
    field('tag', (m) => m.searchTag, tagInput),
    el('div', 'search-days', {}, field('from', (m) => m.searchFrom, fromInput), field('to', (m) => m.searchTo, toInput)),
    submit,
  );
  attr(form, 'aria-label', (m) => m.searchForm);
  const scope = text(el('p', 'search-scope'), (m) => m.searchScope);
  const status = el('p', 'search-status', { role: 'status' });
  const list = el('ul', 'queue-list search-results');
  const root = el('div', 'search', {}, form, scope, status, list);

  let results: readonly Ticket[] | undefined;
  let problem: SearchProblem | undefined;
  let failure: string | undefined;
  let loading = false;
  let seq = 0;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields: SearchFields = { text: textInput.value, user: userInput.value, tag: tagInput.value, from: fromInput.value, to: toInput.value };
    const built = buildSearchQuery(fields);
    failure = undefined;
    if ('problem' in built) {
      problem = built.problem;
      results = undefined;
      return render();
    }
    problem = undefined;
    loading = true;
    render();
    const asked = ++seq;
    search(built.query).then(
      (found) => {
        if (asked !== seq) return;
        loading = false;
        results = found;
        render();
      },
      (error: unknown) => {
        if (asked !== seq) return;
        loading = false;
        results = undefined;
        failure = errorText(error);
        render();
      },
    );
  });

  function render() {
    const m = dom.m;
    const line = problem ? m.searchProblems[problem.code] : failure ?? (loading ? m.loading : results ? (results.length > 0 ? m.searchFound(results.length) : m.searchNothing) : '');
    status.textContent = line;
    status.hidden = line === '';
    status.classList.toggle('search-status-problem', Boolean(problem || failure));
    const now = Date.now();
    list.replaceChildren(
      ...(results ?? []).map((ticket) => {
        const button = el('button', 'row', { type: 'button', 'data-ticket-id': idKey(ticket.id) });
        fillTicketRow(dom, button, ticket, tagsOf(ticket.id), now);
        button.addEventListener('click', () => onOpen(ticket.id));
        return el('li', '', {}, button);
      }),
    );
  }
  render();

  return { root, render };
}
