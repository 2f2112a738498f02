import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/flows/parseNumber.js';

describe('parseNumber', () => {
  it.each([
    ['8000', 8000],
    ['大概6500元', 6500],
    ['10,000', 10000],
    ['１２０００', 12000],
    ['1万', 10000],
    ['1.5万', 15000],
    ['9千', 9000],
    ['一万二', 12000],
    ['两千五', 2500],
    ['五千', 5000],
    ['十二', 12],
    ['三次', 3],
    ['二十', 20],
    ['快一万了', 10000],
    ['0', 0],
  ])('reads %s as %d', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it('finds nothing where there is no number', () => {
    expect(parseNumber('不知道')).toBeUndefined();
  });
});
