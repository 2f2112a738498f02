import type { Dom } from './createDom.js';
import { nextSort, sortRows, type SortDirection, type SortValue } from './sortRows.js';

type Cell = Node | string;

/** One column of a {@link createDataTable} table. */
export interface Column<R, M> {
  readonly key: string;
  readonly label: (m: M) => string;
  /** What the column sorts by; without it the header is not a button. */
  readonly sortValue?: (row: R) => SortValue;
  /** The direction of a first click: descending (default) for figures, ascending for names and days. */
  readonly firstDirection?: SortDirection;
  readonly cell: (row: R, m: M) => Cell;
  /** Figures: right-aligned, tabular digits. */
  readonly numeric?: boolean;
  /** On a phone the row becomes a small card; this cell heads it and goes unlabelled. */
  readonly main?: boolean;
}

export interface DataTableOptions<R, M> {
  readonly columns: readonly Column<R, M>[];
  /** The table's name for screen readers (its caption). */
  readonly caption: (m: M) => string;
  /** The order before any click; without it, the rows as given. */
  readonly sort?: { readonly key: string; readonly direction: SortDirection };
  readonly rowAttributes?: (row: R) => Record<string, string>;
  readonly className?: string;
}

export interface DataTable<R> {
  /** The table in a scrolling wrapper. */
  readonly root: HTMLElement;
  readonly table: HTMLTableElement;
  setRows(rows: readonly R[]): void;
  /** Words again after a language switch; the sort stays. */
  render(): void;
}

/**
 * A table whose headers sort it (click again for the other way; `aria-sort` says which), and whose
 * rows become labelled cards on a phone (base.css `.dt`). Cells are text or nodes, never markup.
 */
export function createDataTable<R, M>(dom: Dom<M>, { columns, caption, sort: initial, rowAttributes, className = '' }: DataTableOptions<R, M>): DataTable<R> {
  const { el } = dom;
  const captionEl = el('caption', 'sr-only');
  const head = el('thead');
  const body = el('tbody');
  const table = el('table', `dt ${className}`.trim(), {}, captionEl, head, body);
  const root = el('div', 'dt-wrap', {}, table);
  let rows: readonly R[] = [];
  let sort = initial;

  function sorted(): readonly R[] {
    const column = sort && columns.find((c) => c.key === sort!.key);
    return column?.sortValue && sort ? sortRows(rows, column.sortValue, sort.direction) : rows;
  }

  function render() {
    const m = dom.m;
    const focused = dom.doc.activeElement instanceof HTMLElement ? dom.doc.activeElement.dataset.sortKey : undefined;
    captionEl.textContent = caption(m);
    head.replaceChildren(
      el(
        'tr',
        '',
        {},
        ...columns.map((column) => {
          const th = el('th', column.numeric ? 'dt-num' : '', { scope: 'col' });
          if (!column.sortValue) {
            th.textContent = column.label(m);
            return th;
          }
          const direction = sort?.key === column.key ? sort.direction : undefined;
          if (direction) th.setAttribute('aria-sort', direction);
          const button = el('button', 'dt-sort', { type: 'button', 'data-sort-key': column.key }, column.label(m), el('span', 'dt-arrow', { 'aria-hidden': 'true' }, direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''));
          button.addEventListener('click', () => {
            sort = nextSort(sort, column.key, column.firstDirection ?? 'descending');
            render();
          });
          th.append(button);
          return th;
        }),
      ),
    );
    body.replaceChildren(
      ...sorted().map((row) =>
        el(
          'tr',
          '',
          rowAttributes?.(row) ?? {},
          ...columns.map((column) =>
            el('td', [column.numeric ? 'dt-num' : '', column.main ? 'dt-main' : ''].filter(Boolean).join(' '), column.main ? { 'data-column': column.key } : { 'data-column': column.key, 'data-label': column.label(m) }, column.cell(row, m)),
          ),
        ),
      ),
    );
    // Sorting redraws the header: the button clicked keeps the focus.
    if (focused) head.querySelector<HTMLElement>(`[data-sort-key="${focused}"]`)?.focus();
  }

  return {
    root,
    table,
    setRows(next) {
      rows = next;
      render();
    },
    render,
  };
}
