import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/search/index.js';

describe('normalizeText', () => {
  it.each([
    ['full-width letters and digits', 'ＰＩＮ错误５５', 'pin错误55'],
    ['upper case', 'POS Machine', 'pos machine'],
    ['Traditional characters', '密碼錯誤怎麼辦', '密码错误怎么办'],
    ['Traditional terminal words', '電簽機押金什麼時候退', '电签机押金什么时候退'],
    ['thousands separators', '刷满10,000元', '刷满10000元'],
    ['two-digit numerals read aloud', '返回码九十六', '返回码96'],
    ['a zero-led numeral', '显示零五', '显示05'],
    ['white space', '  押金   怎么  退 ', '押金 怎么 退'],
  ])('folds %s', (_what, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('leaves 十分 (very) alone: only two-digit numerals with both digits are codes', () => {
    expect(normalizeText('十分着急')).toBe('十分着急');
  });
});
