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

describe('normalizeText, pinyin tone marks and round amounts', () => {
  it('drops tone marks from pinyin and writes ü as v', () => {
    expect(normalizeText('yājīn zěnme tuì')).toBe('yajin zenme tui');
    expect(normalizeText('lǜ')).toBe('lv');
  });

  it('writes a round amount in digits, but not a longer numeral', () => {
    expect(normalizeText('冻结了一百块')).toBe('冻结了100块');
    expect(normalizeText('刷满一万')).toBe('刷满10000');
    expect(normalizeText('一百五')).toBe('一百五');
    expect(normalizeText('千万别')).toBe('千万别');
  });
});
