import type { Dom } from '../shared/createDom.js';
import type { AgentMessages } from './messages.js';
import { addTag, removeTag, type TagProblem } from './tagRules.js';

export interface TagEditorOptions {
  /** Saves the whole list; resolves with it as the server keeps it, rejects with what went wrong (worded by `errorText`). */
  readonly save: (tags: readonly string[]) => Promise<readonly string[]>;
  readonly errorText: (error: unknown) => string;
}

export interface TagEditor {
  readonly root: HTMLElement;
  /** Shows the ticket's tags; `fresh` (another ticket) drops what was being typed and any problem. */
  render(tags: readonly string[], fresh: boolean): void;
}

/** The ticket's tags in its header: type one and press Enter to add it, × to remove one; each change is saved at once. */
export function createTagEditor(dom: Dom<AgentMessages>, { save, errorText }: TagEditorOptions): TagEditor {
  const { el, attr } = dom;
  const chips = el('ul', 'tag-list');
  const input = attr(attr(el('input', 'input tag-input', { id: 'tag-input', type: 'text', maxlength: '40', autocomplete: 'off', enterkeyhint: 'done' }), 'placeholder', (m) => m.addTagHint), 'aria-label', (m) => m.addTag);
  const problemLine = el('p', 'tag-problem', { role: 'alert' });
  const root = attr(el('div', 'tags', { role: 'group' }, chips, input, problemLine), 'aria-label', (m) => m.tags);

  let saved: readonly string[] = [];
  let shown: readonly string[] = [];
  let problem: { readonly rule: TagProblem } | { readonly text: string } | undefined;
  let saving = 0;
  let pending = false;
  let drawnWith: AgentMessages | undefined;

  const showProblem = () => {
    const m = dom.m;
    problemLine.textContent = !problem ? '' : 'rule' in problem ? m.tagProblems[problem.rule.code](problem.rule.params.max) : problem.text;
    problemLine.hidden = !problem;
    input.setAttribute('aria-invalid', String(Boolean(problem && 'rule' in problem)));
  };

  const draw = (tags: readonly string[]) => {
    shown = tags;
    const m = dom.m;
    drawnWith = m;
    chips.replaceChildren(
      ...tags.map((tag) => {
        const remove = el('button', 'tag-remove', { type: 'button', 'aria-label': m.removeTag(tag), title: m.removeTag(tag) }, '×');
        remove.addEventListener('click', () => change(removeTag(shown, tag)));
        return el('li', 'tag', { 'data-tag': tag }, el('span', 'tag-text', {}, tag), remove);
      }),
    );
    showProblem();
  };

  /** Shows the new list at once and saves it; the server's answer (or the old list, on failure) then stands. */
  function change(tags: readonly string[]) {
    problem = undefined;
    draw(tags);
    const at = ++saving;
    pending = true;
    save(tags).then(
      (kept) => {
        if (at !== saving) return;
        pending = false;
        saved = kept;
        draw(kept);
      },
      (error: unknown) => {
        if (at !== saving) return;
        pending = false;
        problem = { text: errorText(error) };
        draw(saved);
      },
    );
  }

  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    const next = addTag(shown, input.value);
    if ('problem' in next) {
      problem = { rule: next.problem };
      return showProblem();
    }
    input.value = '';
    if (next.tags === shown) {
      problem = undefined;
      return showProblem();
    }
    change(next.tags);
  });
  input.addEventListener('input', () => {
    if (problem && 'rule' in problem) {
      problem = undefined;
      showProblem();
    }
  });

  return {
    root,
    render(tags, fresh) {
      if (fresh) {
        input.value = '';
        problem = undefined;
        pending = false;
        saving += 1; // an answer for the previous ticket is not this one's
      }
      saved = tags;
      // While a change is on its way, the list shown is the one being saved.
      if (pending) return;
      if (fresh || tags !== shown || drawnWith !== dom.m) draw(tags);
    },
  };
}
