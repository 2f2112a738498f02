import type { Dom } from '../shared/createDom.js';
import { shouldSend } from '../shared/shouldSend.js';
import { describeExplanation } from './describeExplanation.js';
import type { WorkspaceMessages } from './messages.js';
import type { TurnExplanation } from './TurnExplanation.js';

/** The server's limit on a tried question. */
const MAX_TRY = 2000;

export interface TryViewOptions {
  readonly tryQuestion: (text: string) => Promise<TurnExplanation>;
  readonly errorText: (error: unknown) => string;
}

export interface TryView {
  readonly root: HTMLElement;
  /** Words again after a language switch (the last result too). */
  render(): void;
  /** Forgets the question and the result (signed out). */
  reset(): void;
  focus(): void;
}

/** 试一试: a question in, and what the bot would do with it and why. */
export function createTryView(dom: Dom<WorkspaceMessages>, { tryQuestion, errorText }: TryViewOptions): TryView {
  const { el, text, attr } = dom;
  const input = attr(
    el('textarea', 'input ws-try-input', { id: 'try-text', name: 'text', rows: '2', maxlength: String(MAX_TRY), autocomplete: 'off', enterkeyhint: 'go', 'aria-describedby': 'try-hint' }),
    'placeholder',
    (m) => m.tryPlaceholder,
  );
  let busy = false;
  const submit = text(el('button', 'btn btn-primary ws-try-submit', { type: 'submit' }), (m) => (busy ? m.trying : m.trySubmit));
  const form = el(
    'form',
    'ws-try-form',
    {},
    text(el('label', 'ws-label', { for: 'try-text' }), (m) => m.tryLabel),
    el('div', 'ws-try-row', {}, input, submit),
    text(el('p', 'ws-hint', { id: 'try-hint' }), (m) => m.tryHint),
  );
  const error = el('p', 'notice notice-error ws-notice', { role: 'alert' });
  error.hidden = true;
  const result = el('div', 'ws-result', { 'aria-live': 'polite' });
  const root = el('section', 'ws-section ws-try', { 'aria-labelledby': 'try-heading' }, text(el('h2', 'ws-heading', { id: 'try-heading' }), (m) => m.tryHeading), form, error, result);

  let shown: TurnExplanation | undefined;
  // Only the latest question counts; a slow earlier answer is dropped.
  let seq = 0;
  let composing = false;

  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => (composing = false));
  input.addEventListener('keydown', (event) => {
    if (!shouldSend(event, composing)) return;
    event.preventDefault();
    submit.click(); // the form's own submit, which older WebViews' requestSubmit() lacks
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return input.focus();
    const at = ++seq;
    setBusy(true);
    setError(undefined);
    tryQuestion(question).then(
      (explanation) => {
        if (at !== seq) return;
        setBusy(false);
        shown = explanation;
        renderResult();
      },
      (failure: unknown) => {
        if (at !== seq) return;
        setBusy(false);
        setError(errorText(failure));
      },
    );
  });

  function setBusy(on: boolean) {
    busy = on;
    submit.disabled = on;
    submit.textContent = on ? dom.m.trying : dom.m.trySubmit;
    form.setAttribute('aria-busy', String(on));
  }

  function setError(message: string | undefined) {
    error.hidden = message === undefined;
    error.textContent = message ?? '';
  }

  function renderResult() {
    if (!shown) return result.replaceChildren();
    const m = dom.m;
    const v = describeExplanation(shown, m);
    const decision = el(
      'div',
      'ws-decision',
      { 'data-outcome': v.outcome },
      el('p', 'ws-decision-label', {}, m.decisionLabel),
      el('p', 'ws-decision-text', {}, v.decision),
      el('p', 'ws-decision-why', {}, v.recognition),
    );

    const rules =
      v.rules.length === 0
        ? el('p', 'ws-muted', {}, m.noRules)
        : el('ul', 'ws-rules', {}, ...v.rules.map((r) => el('li', 'ws-rule', { 'data-kind': r.kind }, el('span', 'badge ws-rule-kind', {}, r.label), el('span', 'ws-rule-text', {}, `${r.from} → ${r.to}`))));
    const reading = el(
      'section',
      'ws-card',
      {},
      el('h3', 'ws-card-heading', {}, m.readAs),
      el('p', 'ws-read-as', { lang: 'zh-CN' }, v.readAs || '—'),
      v.normalized ? el('p', 'ws-muted', {}, m.normalizedAs(v.normalized)) : null,
      el('h3', 'ws-card-heading', {}, m.rulesHeading),
      rules,
    );

    const words =
      v.words.length === 0
        ? el('p', 'ws-muted', {}, m.noWords)
        : el(
            'ul',
            'ws-words',
            {},
            ...v.words.map((w) =>
              el(
                'li',
                `ws-word${w.known && !w.ignored ? '' : ' ws-word-dead'}`,
                { 'data-known': String(w.known), 'data-ignored': String(w.ignored) },
                el('span', 'ws-word-text', { lang: 'zh-CN' }, w.text),
                el('span', 'ws-word-weight', {}, w.weight),
                ...w.notes.map((note) => el('span', 'ws-word-note', {}, note)),
                w.terms ? el('span', 'ws-word-terms', {}, m.searchedAs(w.terms)) : null,
              ),
            ),
          );
    const weights = el('section', 'ws-card', {}, el('h3', 'ws-card-heading', {}, m.wordsHeading), words);

    const hits = el('section', 'ws-card ws-hits', {}, el('h3', 'ws-card-heading', {}, m.hitsHeading));
    if (v.hits.length === 0) hits.append(el('p', 'ws-muted', {}, m.noHits));
    else {
      const c = m.columns;
      const head = el('tr', '', {}, ...[c.rank, c.title, c.id, c.score, c.coverage, c.similarity].map((label, i) => el('th', i >= 3 || i === 0 ? 'ws-num' : '', { scope: 'col' }, label)));
      const rows = v.hits.map((h) =>
        el(
          'tr',
          h.best ? 'ws-ranked ws-best' : 'ws-ranked',
          { 'data-article-id': h.id },
          el('td', 'ws-num ws-cell-rank', {}, String(h.rank)),
          el('td', 'ws-hit-title ws-cell-main', {}, h.title, h.best ? el('span', 'badge ws-best-badge', {}, m.bestHit) : null),
          el('td', 'ws-hit-id', {}, el('code', '', {}, h.id)),
          el('td', 'ws-num', { 'data-label': c.score }, h.score),
          el('td', 'ws-num', { 'data-label': c.coverage }, h.coverage),
          el('td', 'ws-num', { 'data-label': c.similarity }, h.similarity),
        ),
      );
      hits.append(el('div', 'ws-table-wrap', {}, el('table', 'ws-table ws-stacked', {}, el('thead', '', {}, head), el('tbody', '', {}, ...rows))));
    }
    if (v.margin) hits.append(el('p', 'ws-margin', {}, v.margin));
    if (v.ambiguous) hits.append(el('p', 'ws-margin ws-warn', {}, m.ambiguous));

    result.replaceChildren(decision, el('div', 'ws-cards', {}, reading, weights), hits);
  }

  return {
    root,
    render: renderResult,
    reset() {
      seq += 1;
      shown = undefined;
      input.value = '';
      setBusy(false);
      setError(undefined);
      renderResult();
    },
    focus: () => input.focus(),
  };
}
