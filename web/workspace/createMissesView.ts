import { ApiError } from '../shared/ApiError.js';
import type { Dom } from '../shared/createDom.js';
import type { ArticleList } from './ArticleList.js';
import { addResultLines, missBadges, questionsFrom, resolutionText, sortMisses } from './describeMiss.js';
import type { WorkspaceMessages } from './messages.js';
import { missStatuses, type AddResult, type MissGroup, type MissStatus } from './MissGroup.js';

export interface MissesViewOptions {
  readonly misses: (status: MissStatus) => Promise<readonly MissGroup[]>;
  /** Every article, for the picker beyond the suggestions. */
  readonly articles: () => Promise<ArticleList>;
  readonly add: (groupId: number, articleId: string, questions: readonly string[], version: string | undefined) => Promise<AddResult>;
  readonly ignore: (groupId: number, reason: string) => Promise<MissGroup>;
  readonly errorText: (error: unknown) => string;
  readonly formatTime: (iso: string) => string;
}

export interface MissesView {
  readonly root: HTMLElement;
  /** Loads the list of the current status tab. */
  load(): void;
  /** Words again after a language switch. */
  render(): void;
  reset(): void;
}

/** What the editor is doing with one group; kept apart from the DOM so a redraw keeps it. */
interface RowState {
  mode: 'idle' | 'add' | 'ignore';
  articleId: string;
  questions: string;
  reason: string;
  busy: boolean;
  examplesOpen: boolean;
  error?: string;
  result?: AddResult;
}

/**
 * 未解决的问题: the groups of questions the bot missed, the most asked first, each with its kinds,
 * when it was last seen and the questions as asked; an open one can go into an article or be
 * ignored. A server without these routes yet (404) shows "暂无数据".
 */
export function createMissesView(dom: Dom<WorkspaceMessages>, options: MissesViewOptions): MissesView {
  const { misses, articles, add, ignore, errorText, formatTime } = options;
  const { el, text, attr } = dom;

  let status: MissStatus = 'open';
  let groups: MissGroup[] = [];
  let loading = false;
  let listError: string | undefined;
  let allArticles: ArticleList | undefined;
  let articlesFailed = false;
  const states = new Map<number, RowState>();
  const rows = new Map<number, HTMLLIElement>();
  let seq = 0;

  const tabs = new Map<MissStatus, HTMLButtonElement>();
  const tablist = attr(el('div', 'tabs ws-status-tabs', { role: 'tablist' }), 'aria-label', (m) => m.missesHeading);
  for (const s of missStatuses) {
    const tab = text(el('button', 'tab', { type: 'button', role: 'tab', id: `misses-tab-${s}`, 'aria-controls': 'misses-panel', 'data-status': s }), (m) => m.missStatuses[s]);
    tab.addEventListener('click', () => setStatus(s));
    tabs.set(s, tab);
    tablist.append(tab);
  }
  tablist.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = missStatuses.indexOf(status);
    const next = missStatuses[(index + (event.key === 'ArrowRight' ? 1 : missStatuses.length - 1)) % missStatuses.length]!;
    setStatus(next);
    tabs.get(next)?.focus();
  });

  const notice = el('p', 'notice notice-error ws-notice', { role: 'alert' });
  const empty = el('p', 'ws-empty');
  const list = el('ul', 'ws-miss-list');
  const panel = el('div', 'ws-miss-panel', { id: 'misses-panel', role: 'tabpanel' }, notice, empty, list);
  const root = el(
    'section',
    'ws-section ws-misses',
    { 'aria-labelledby': 'misses-heading' },
    text(el('h2', 'ws-heading', { id: 'misses-heading' }), (m) => m.missesHeading),
    text(el('p', 'ws-intro'), (m) => m.missesIntro),
    tablist,
    panel,
  );

  function setStatus(next: MissStatus) {
    if (next === status) return;
    status = next;
    load();
  }

  function load() {
    const at = ++seq;
    loading = true;
    listError = undefined;
    groups = [];
    states.clear();
    renderList();
    misses(status).then(
      (found) => {
        if (at !== seq) return;
        loading = false;
        groups = sortMisses(found);
        renderList();
      },
      (error: unknown) => {
        if (at !== seq) return;
        loading = false;
        // The inbox's routes may not be on this server yet: nothing to show, not a failure.
        if (!(error instanceof ApiError && error.status === 404)) listError = errorText(error);
        renderList();
      },
    );
  }

  function ensureArticles() {
    if (allArticles || articlesFailed) return;
    articles().then(
      (found) => {
        allArticles = found;
        renderOpenForms();
      },
      () => {
        articlesFailed = true;
        renderOpenForms();
      },
    );
  }

  const stateOf = (group: MissGroup): RowState => {
    let state = states.get(group.id);
    if (!state) states.set(group.id, (state = { mode: 'idle', articleId: group.suggestions[0]?.id ?? '', questions: [...new Set([group.text, ...group.examples])].join('\n'), reason: '', busy: false, examplesOpen: false }));
    return state;
  };
  const titleOf = (id: string) => allArticles?.articles.find((a) => a.id === id)?.title ?? groups.flatMap((g) => g.suggestions).find((s) => s.id === id)?.title;

  function renderList() {
    const m = dom.m;
    for (const [s, tab] of tabs) {
      tab.setAttribute('aria-selected', String(s === status));
      tab.tabIndex = s === status ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `misses-tab-${status}`);
    panel.setAttribute('aria-busy', String(loading));
    notice.hidden = listError === undefined;
    notice.textContent = listError ?? '';
    empty.hidden = groups.length > 0 || listError !== undefined;
    empty.textContent = loading ? m.loading : m.noData;
    rows.clear();
    list.replaceChildren(...groups.map((group) => renderRow(group)));
  }

  function renderOpenForms() {
    for (const group of groups) if (states.get(group.id)?.mode === 'add') redrawRow(group);
  }

  function redrawRow(group: MissGroup, focus?: 'questions' | 'reason' | 'action') {
    const old = rows.get(group.id);
    const fresh = renderRow(group);
    if (old) old.replaceWith(fresh);
    if (focus === 'questions') fresh.querySelector<HTMLElement>('.ws-add-questions')?.focus();
    if (focus === 'reason') fresh.querySelector<HTMLElement>('.ws-ignore-reason')?.focus();
    if (focus === 'action') fresh.querySelector<HTMLElement>('.ws-miss-actions .btn, .ws-miss-outcome, .ws-resolution')?.focus();
  }

  function renderRow(group: MissGroup): HTMLLIElement {
    const m = dom.m;
    const state = stateOf(group);
    const key = `miss-${group.id}`;
    const head = el(
      'div',
      'ws-miss-head',
      {},
      el('p', 'ws-miss-text', { lang: 'zh-CN' }, group.text),
      el('span', 'ws-miss-count', { title: m.timesAsked(group.count), 'aria-label': m.timesAsked(group.count) }, `×${group.count}`),
    );
    const meta = el(
      'div',
      'ws-miss-meta',
      {},
      ...missBadges(group, m).map((b) => el('span', 'badge ws-kind', { 'data-kind': b.kind }, b.text)),
      el('span', 'ws-miss-seen', {}, m.lastSeen(formatTime(group.lastAt))),
    );
    const li = el('li', 'ws-miss', { 'data-group-id': String(group.id), 'data-status': group.status }, head, meta);

    if (group.examples.length > 0) {
      const details = el('details', 'ws-examples', {}, el('summary', '', {}, m.examples(group.examples.length)), el('ul', '', {}, ...group.examples.map((e) => el('li', '', { lang: 'zh-CN' }, e))));
      details.open = state.examplesOpen;
      details.addEventListener('toggle', () => (state.examplesOpen = details.open));
      li.append(details);
    }

    const resolved = resolutionText(group, m, formatTime, titleOf);
    if (state.result) {
      const lines = addResultLines(state.result, m);
      li.append(
        el(
          'div',
          'ws-miss-outcome',
          { role: 'status', tabindex: '-1', 'data-answers-now': String(state.result.answersNow) },
          el('p', 'ws-outcome-added', {}, lines.added),
          el('p', state.result.answersNow ? 'ws-ok' : 'ws-warn', {}, lines.answers),
          lines.files.length > 0 ? el('div', 'ws-files', {}, m.filesToCommit, el('ul', '', {}, ...lines.files.map((f) => el('li', '', {}, el('code', '', {}, f))))) : null,
          lines.commit ? el('p', 'ws-muted', {}, lines.commit) : null,
        ),
      );
    } else if (resolved) li.append(el('p', 'ws-resolution', { tabindex: '-1' }, resolved));

    if (group.status === 'open') {
      if (state.mode === 'add') li.append(addForm(group, state, key));
      else if (state.mode === 'ignore') li.append(ignoreForm(group, state, key));
      else {
        const addButton = el('button', 'btn btn-primary', { type: 'button', 'data-action': 'add' }, m.addToArticle);
        const ignoreButton = el('button', 'btn', { type: 'button', 'data-action': 'ignore' }, m.ignore);
        addButton.addEventListener('click', () => {
          state.mode = 'add';
          state.error = undefined;
          ensureArticles();
          redrawRow(group, 'questions');
        });
        ignoreButton.addEventListener('click', () => {
          state.mode = 'ignore';
          state.error = undefined;
          redrawRow(group, 'reason');
        });
        li.append(el('div', 'ws-miss-actions', {}, addButton, ignoreButton));
      }
    }
    rows.set(group.id, li);
    return li;
  }

  function addForm(group: MissGroup, state: RowState, key: string): HTMLFormElement {
    const m = dom.m;
    const radios = group.suggestions.map((s) => {
      const radio = el('input', '', { type: 'radio', name: `${key}-article`, value: s.id });
      radio.checked = state.articleId === s.id;
      radio.disabled = state.busy;
      radio.addEventListener('change', () => {
        state.articleId = s.id;
        select.value = '';
      });
      return el('label', 'ws-choice', {}, radio, el('span', '', {}, s.title), el('code', 'ws-choice-id', {}, s.id));
    });
    const select = el('select', 'select ws-add-other', { id: `${key}-other` });
    select.disabled = state.busy;
    select.append(el('option', '', { value: '' }, allArticles ? m.chooseArticle : articlesFailed ? m.articlesUnavailable : m.loading));
    if (allArticles) {
      const byCategory = new Map<string, HTMLOptGroupElement>();
      for (const a of allArticles.articles) {
        let optgroup = byCategory.get(a.category);
        if (!optgroup) byCategory.set(a.category, (optgroup = el('optgroup', '', { label: a.category })));
        optgroup.append(el('option', '', { value: a.id }, `${a.title}（${a.id}）`));
      }
      select.append(...byCategory.values());
      if (!group.suggestions.some((s) => s.id === state.articleId)) select.value = state.articleId;
    }
    select.addEventListener('change', () => {
      state.articleId = select.value;
      for (const label of radios) label.querySelector('input')!.checked = false;
    });
    const questions = el('textarea', 'input ws-add-questions', { id: `${key}-questions`, rows: '3', 'aria-describedby': `${key}-questions-hint` });
    questions.value = state.questions;
    questions.disabled = state.busy;
    questions.addEventListener('input', () => (state.questions = questions.value));

    const save = el('button', 'btn btn-primary', { type: 'submit' }, state.busy ? m.adding : m.add);
    save.disabled = state.busy;
    const cancel = el('button', 'btn', { type: 'button' }, m.cancel);
    cancel.disabled = state.busy;
    cancel.addEventListener('click', () => {
      state.mode = 'idle';
      state.error = undefined;
      redrawRow(group, 'action');
    });
    const form = el(
      'form',
      'ws-form ws-add',
      { 'aria-busy': String(state.busy) },
      el(
        'fieldset',
        'ws-fieldset',
        {},
        el('legend', 'ws-label', {}, m.pickArticle),
        radios.length > 0 ? el('p', 'ws-sub', {}, m.suggested) : null,
        radios.length > 0 ? el('div', 'ws-choices', {}, ...radios) : null,
        el('label', 'ws-sub', { for: `${key}-other` }, m.otherArticle),
        select,
      ),
      el('label', 'ws-label', { for: `${key}-questions` }, m.questionsLabel),
      questions,
      el('p', 'ws-hint', { id: `${key}-questions-hint` }, m.questionsHint),
      formError(state),
      el('div', 'ws-actions', {}, save, cancel),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (state.busy) return;
      const asked = questionsFrom(state.questions);
      if (!state.articleId) return fail(group, state, m.needArticle);
      if (asked.length === 0) return fail(group, state, m.needQuestions, 'questions');
      run(group, state, () =>
        add(group.id, state.articleId, asked, group.suggestions.find((s) => s.id === state.articleId)?.version).then((result) => {
          state.result = result;
          state.mode = 'idle';
          return result.group;
        }),
      );
    });
    return form;
  }

  function ignoreForm(group: MissGroup, state: RowState, key: string): HTMLFormElement {
    const m = dom.m;
    const reason = el('input', 'input ws-ignore-reason', { id: `${key}-reason`, autocomplete: 'off', maxlength: '200', placeholder: m.ignoreReasonPlaceholder });
    reason.value = state.reason;
    reason.disabled = state.busy;
    reason.addEventListener('input', () => (state.reason = reason.value));
    const confirm = el('button', 'btn btn-danger', { type: 'submit' }, state.busy ? m.ignoring : m.confirmIgnore);
    confirm.disabled = state.busy;
    const cancel = el('button', 'btn', { type: 'button' }, m.cancel);
    cancel.disabled = state.busy;
    cancel.addEventListener('click', () => {
      state.mode = 'idle';
      state.error = undefined;
      redrawRow(group, 'action');
    });
    const form = el('form', 'ws-form ws-ignore', { 'aria-busy': String(state.busy) }, el('label', 'ws-label', { for: `${key}-reason` }, m.ignoreReason), reason, formError(state), el('div', 'ws-actions', {}, confirm, cancel));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (state.busy) return;
      const why = state.reason.trim();
      if (!why) return fail(group, state, m.needReason, 'reason');
      run(group, state, () =>
        ignore(group.id, why).then((updated) => {
          state.mode = 'idle';
          return updated;
        }),
      );
    });
    return form;
  }

  function formError(state: RowState): HTMLElement | null {
    return state.error === undefined ? null : el('p', 'ws-form-error', { role: 'alert' }, state.error);
  }

  function fail(group: MissGroup, state: RowState, message: string, focus?: 'questions' | 'reason') {
    state.error = message;
    redrawRow(group, focus);
  }

  /** Runs an action on a group: busy while it runs, then the group as the server now has it, or why not. */
  function run(group: MissGroup, state: RowState, action: () => Promise<MissGroup>) {
    const at = seq;
    state.busy = true;
    state.error = undefined;
    redrawRow(group);
    action().then(
      (updated) => {
        if (at !== seq) return;
        state.busy = false;
        // The row stays where it is, as the server now has it (resolved or ignored), until the list is loaded again.
        groups = groups.map((g) => (g.id === group.id ? updated : g));
        redrawRow(updated, 'action');
      },
      (error: unknown) => {
        if (at !== seq) return;
        state.busy = false;
        state.error = errorText(error);
        redrawRow(group);
      },
    );
  }

  return {
    root,
    load,
    render: renderList,
    reset() {
      seq += 1;
      status = 'open';
      groups = [];
      states.clear();
      allArticles = undefined;
      articlesFailed = false;
      listError = undefined;
      loading = false;
      renderList();
    },
  };
}
