import type { Dom } from '../shared/createDom.js';
import { articleSnippet } from './articleSnippet.js';
import type { AgentMessages } from './messages.js';
import type { KbArticle, KbHit } from './Ticket.js';

export interface KbPanelOptions {
  readonly search: (query: string) => Promise<readonly KbHit[]>;
  readonly article: (id: string) => Promise<KbArticle>;
  /** Puts the snippet into the composer. */
  readonly insert: (snippet: string) => void;
  readonly errorText: (error: unknown) => string;
}

export interface KbPanel {
  readonly root: HTMLElement;
  /** Shows an article (from a search hit, or one the bot already showed the user). */
  openArticle(id: string): void;
  /** Whether there is a composer to insert into (the open ticket is the agent's). */
  setCanInsert(can: boolean): void;
}

/** Knowledge search beside the conversation: find an article, read it, insert it into the reply. */
export function createKbPanel(dom: Dom<AgentMessages>, { search, article, insert, errorText }: KbPanelOptions): KbPanel {
  const { el, text, attr } = dom;
  const input = attr(el('input', 'input', { id: 'kb-query', type: 'search', autocomplete: 'off', enterkeyhint: 'search' }), 'placeholder', (m) => m.kbPlaceholder);
  const form = el(
    'form',
    'kb-form',
    { role: 'search' },
    text(el('label', 'sr-only', { for: 'kb-query' }), (m) => m.kbQuery),
    input,
    text(el('button', 'btn', { type: 'submit' }), (m) => m.search),
  );
  const status = el('p', 'kb-status', { role: 'status' });
  const hits = el('ul', 'kb-hits');
  const title = el('h4', 'kb-title');
  const answer = el('div', 'kb-answer');
  const insertButton = text(el('button', 'btn btn-primary kb-insert', { type: 'button' }), (m) => m.insert);
  const insertHint = text(el('p', 'kb-hint'), (m) => m.insertNeedsTicket);
  const articleBox = el('article', 'kb-article', { 'aria-live': 'polite' }, title, answer, insertButton, insertHint);
  articleBox.hidden = true;
  const root = el('section', 'kb', { 'aria-labelledby': 'kb-heading' }, text(el('h3', 'side-heading', { id: 'kb-heading' }), (m) => m.kb), form, status, hits, articleBox);

  let shown: KbArticle | undefined;
  let canInsert = false;
  // Only the latest search or article counts; a slow earlier answer is dropped.
  let searchSeq = 0;
  let articleSeq = 0;

  const setStatus = (message: string) => {
    status.textContent = message;
    status.hidden = message === '';
  };
  setStatus('');
  const updateInsert = () => {
    insertButton.disabled = !canInsert || !shown;
    insertHint.hidden = canInsert;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return input.focus();
    const seq = ++searchSeq;
    setStatus(dom.m.loading);
    search(query).then(
      (found) => {
        if (seq !== searchSeq) return;
        setStatus(found.length === 0 ? dom.m.kbNoHits : '');
        hits.replaceChildren(
          ...found.map((hit) => {
            const button = el('button', 'kb-hit', { type: 'button', 'data-article-id': hit.id }, hit.title);
            button.addEventListener('click', () => openArticle(hit.id));
            return el('li', '', {}, button);
          }),
        );
      },
      (error: unknown) => seq === searchSeq && setStatus(errorText(error)),
    );
  });

  function openArticle(id: string) {
    const seq = ++articleSeq;
    article(id).then(
      (found) => {
        if (seq !== articleSeq) return;
        shown = found;
        title.textContent = found.title;
        answer.textContent = found.answer;
        articleBox.hidden = false;
        updateInsert();
      },
      (error: unknown) => seq === articleSeq && setStatus(errorText(error)),
    );
  }
  insertButton.addEventListener('click', () => {
    if (shown && canInsert) insert(articleSnippet(shown));
  });
  updateInsert();

  return {
    root,
    openArticle,
    setCanInsert(can) {
      canInsert = can;
      updateInsert();
    },
  };
}
