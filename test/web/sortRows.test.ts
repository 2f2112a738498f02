import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '../../web/shared/sortRows.js';

interface Row {
  readonly id: string;
  readonly rate: number | null;
  readonly title: string;
}
const rows: Row[] = [
  { id: 'a', rate: 0.5, title: '押金' },
  { id: 'b', rate: null, title: '密码' },
  { id: 'c', rate: 0.9, title: '激活' },
  { id: 'd', rate: 0.5, title: '按键' },
  { id: 'e', rate: 0.1, title: '10 号' },
  { id: 'f', rate: 0.1, title: '9 号' },
];
const ids = (list: readonly Row[]) => list.map((r) => r.id).join('');

describe('sortRows', () => {
  it('sorts figures either way, ties in the order they came (the server’s, worst first)', () => {
    expect(ids(sortRows(rows, (r) => r.rate, 'descending'))).toBe('cadefb');
    expect(ids(sortRows(rows, (r) => r.rate, 'ascending'))).toBe('efadcb');
  });

  it('puts rows without a figure last, whichever the direction', () => {
    for (const direction of ['ascending', 'descending'] as const) expect(sortRows(rows, (r) => r.rate, direction).at(-1)!.id).toBe('b');
    expect(ids(sortRows(rows, (r) => (r.id === 'a' ? Number.NaN : r.rate), 'ascending')).slice(-2)).toBe('ab');
  });

  it('sorts text as people read it: numbers by value, Chinese by its pinyin', () => {
    expect(sortRows(rows, (r) => r.title, 'ascending').map((r) => r.title)).toEqual(['9 号', '10 号', '按键', '激活', '密码', '押金']);
  });

  it('leaves the rows it was given as they were', () => {
    const before = ids(rows);
    sortRows(rows, (r) => r.rate, 'ascending');
    expect(ids(rows)).toBe(before);
  });
});

describe('nextSort', () => {
  it('turns the column sorted now the other way, and sorts another its own first way', () => {
    expect(nextSort({ key: 'shown', direction: 'descending' }, 'shown', 'descending')).toEqual({ key: 'shown', direction: 'ascending' });
    expect(nextSort({ key: 'shown', direction: 'ascending' }, 'shown', 'descending')).toEqual({ key: 'shown', direction: 'descending' });
    expect(nextSort({ key: 'shown', direction: 'ascending' }, 'title', 'ascending')).toEqual({ key: 'title', direction: 'ascending' });
    expect(nextSort(undefined, 'trouble', 'descending')).toEqual({ key: 'trouble', direction: 'descending' });
  });
});
