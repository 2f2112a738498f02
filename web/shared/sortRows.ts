/** The two ways a column sorts, named as `aria-sort` names them. */
export type SortDirection = 'ascending' | 'descending';

/** What a row sorts by in a column; null and undefined (no figure) go last whichever the direction. */
export type SortValue = number | string | null | undefined;

const collator = new Intl.Collator('zh-CN', { numeric: true });

const compare = (a: NonNullable<SortValue>, b: NonNullable<SortValue>): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));

/**
 * The rows in the column's order. Stable: rows that tie keep the order they came in (the server's,
 * worst first), so a sort by one column reads as "then as before".
 */
export function sortRows<R>(rows: readonly R[], value: (row: R) => SortValue, direction: SortDirection): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const aNone = a.key === null || a.key === undefined || (typeof a.key === 'number' && Number.isNaN(a.key));
      const bNone = b.key === null || b.key === undefined || (typeof b.key === 'number' && Number.isNaN(b.key));
      if (aNone || bNone) return aNone === bNone ? a.index - b.index : aNone ? 1 : -1;
      return sign * compare(a.key!, b.key!) || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** The direction after a click on a column's header: the other one for the column sorted now, else the column's first. */
export function nextSort(current: { readonly key: string; readonly direction: SortDirection } | undefined, key: string, first: SortDirection): { key: string; direction: SortDirection } {
  if (current?.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: first };
}
