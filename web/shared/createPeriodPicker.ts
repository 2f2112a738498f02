import type { Dom } from './createDom.js';
import { samePeriod, type Period } from './Period.js';
import { periodProblem } from './periodProblem.js';
import { quickPeriod, quickPeriodOf, quickPeriods } from './quickPeriod.js';
import type { PeriodMessages } from './staffMessages.js';

export interface PeriodPickerOptions {
  /** A period picked (a shortcut, or two days in order): the page asks for its figures. */
  readonly onChange: (period: Period) => void;
  /** Today as the service counts days, for the shortcuts. */
  readonly today: () => string;
  /** Prefix of the inputs' ids, unique on the page. */
  readonly id: string;
}

export interface PeriodPicker {
  readonly root: HTMLElement;
  /**
   * How many times the days were typed in so far: a page that asked for figures before the latest
   * typing does not {@link set} the days from the answer over what is being typed.
   */
  readonly edits: number;
  /** Shows a period (the one the server answered for); undefined empties the days. */
  set(period: Period | undefined): void;
  /** Words again after a language switch. */
  render(): void;
}

/**
 * 近7天 · 近30天 · 本月, and two days to pick any other period. A pick is reported at once (no
 * apply button); two days out of order say so and ask for nothing.
 */
export function createPeriodPicker<M extends PeriodMessages>(dom: Dom<M>, { onChange, today, id }: PeriodPickerOptions): PeriodPicker {
  const { el, text } = dom;
  const buttons = quickPeriods.map((kind) => {
    const button = text(el('button', 'btn period-quick', { type: 'button', 'data-period': kind, 'aria-pressed': 'false' }), (m) => m.period.quick[kind]);
    button.addEventListener('click', () => pick(quickPeriod(kind, today())));
    return button;
  });
  const from = el('input', 'input period-day', { id: `${id}-from`, type: 'date', required: '' });
  const to = el('input', 'input period-day', { id: `${id}-to`, type: 'date', required: '' });
  const problem = el('p', 'period-problem', { role: 'alert' });
  problem.hidden = true;
  const root = el(
    'fieldset',
    'period',
    {},
    text(el('legend', 'sr-only'), (m) => m.period.label),
    el('div', 'period-quicks', {}, ...buttons),
    el(
      'div',
      'period-days',
      {},
      text(el('label', 'sr-only', { for: `${id}-from` }), (m) => m.period.from),
      from,
      text(el('span', 'period-until', { 'aria-hidden': 'true' }), (m) => m.period.until),
      text(el('label', 'sr-only', { for: `${id}-to` }), (m) => m.period.to),
      to,
    ),
    problem,
  );
  let shown: Period | undefined;
  let problemOf: ((m: M) => string) | undefined;
  let edits = 0;

  for (const input of [from, to]) {
    input.addEventListener('change', () => {
      edits += 1;
      const why = periodProblem(from.value, to.value, dom.m);
      if (why !== undefined) {
        problemOf = (m) => periodProblem(from.value, to.value, m) ?? '';
        return render();
      }
      pick({ from: from.value, to: to.value });
    });
  }

  function pick(period: Period) {
    problemOf = undefined;
    const changed = !samePeriod(period, shown);
    set(period);
    if (changed) onChange(period);
  }

  function set(period: Period | undefined) {
    shown = period ? { from: period.from, to: period.to } : undefined;
    problemOf = undefined;
    from.value = period?.from ?? '';
    to.value = period?.to ?? '';
    render();
  }

  function render() {
    const quick = quickPeriodOf(shown, today());
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.period === quick));
    problem.hidden = problemOf === undefined;
    problem.textContent = problemOf?.(dom.m) ?? '';
    for (const input of [from, to]) input.setAttribute('aria-invalid', String(problemOf !== undefined));
  }

  return {
    root,
    get edits() {
      return edits;
    },
    set,
    render,
  };
}
