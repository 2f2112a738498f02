/** A copy of a text that the recognisers read, and the way back to the text as typed. */
export interface FoldedText {
  readonly text: string;
  /** Maps a [start, end) range of the folded text back to the text as typed. */
  toSource(start: number, end: number): readonly [number, number];
}

// One numeral per digit, as people read a number aloud: 幺 for 1 and 两 for 2 are how digits are
// said on the phone, 壹贰叁 are the financial forms (貳參陸 their Traditional spellings).
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  〇: '0', 零: '0',
  一: '1', 幺: '1', 壹: '1',
  二: '2', 两: '2', 兩: '2', 贰: '2', 貳: '2',
  三: '3', 叁: '3', 參: '3',
  四: '4', 肆: '4',
  五: '5', 伍: '5',
  六: '6', 陆: '6', 陸: '6',
  七: '7', 柒: '7',
  八: '8', 捌: '8',
  九: '9', 玖: '9',
};
const NUMERAL = `[${Object.keys(CHINESE_DIGITS).join('')}]`;
/** Quick test: could the text hold a number at all, in digits or numerals? */
export const MAY_HOLD_NUMBER = new RegExp(`\\d|${NUMERAL}`);
// Numerals one by one, possibly grouped like card digits (一二三四 五六七八). Numeral and
// separator classes are disjoint, so the run is matched in one pass without backtracking.
const NUMERAL_RUN = new RegExp(`${NUMERAL}(?:[ \\t\\-\\u200B-\\u200D\\u2060\\uFEFF]{0,2}${NUMERAL})*`, 'g');
// Three numerals at least: a CVV has three digits, while 三个月, 两千五 and 第二个 have one numeral in a
// row. Next to a place value (一二三四五六七八九十, 九九八十一) or after 第 the numerals are an ordinary
// number, not digits read one by one.
const MIN_NUMERALS = 3;
const PLACE_VALUE = /[十拾百佰千仟万萬亿億兆点點第]/;

/**
 * NFKC, one code point at a time, remembering where each folded character came from (NFKC may
 * change lengths: ① -> 1, ⑴ -> (1)), then Chinese numerals read digit by digit become ASCII
 * digits. The output must keep the user's own characters, so only this copy is rewritten.
 */
export function foldText(text: string): FoldedText {
  // Text that is already NFKC folds to itself code point by code point.
  if (text.normalize('NFKC') === text) {
    return { text: numeralsToDigits(text), toSource: (start, end) => [start, end] };
  }
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let folded = '';
  let index = 0;
  for (const codePoint of text) {
    const piece = codePoint.normalize('NFKC');
    for (let i = 0; i < piece.length; i += 1) {
      sourceStart.push(index);
      sourceEnd.push(index + codePoint.length);
    }
    folded += piece;
    index += codePoint.length;
  }
  // Numerals are one UTF-16 unit each, like the digits replacing them: the map stays valid.
  return { text: numeralsToDigits(folded), toSource: (start, end) => [sourceStart[start]!, sourceEnd[end - 1]!] };
}

function numeralsToDigits(text: string): string {
  return text.replace(NUMERAL_RUN, (run: string, offset: number) => {
    let numerals = 0;
    for (const char of run) if (CHINESE_DIGITS[char] !== undefined) numerals += 1;
    const before = text[offset - 1] ?? '';
    const after = text[offset + run.length] ?? '';
    if (numerals < MIN_NUMERALS || PLACE_VALUE.test(before) || PLACE_VALUE.test(after)) return run;
    let digits = '';
    for (const char of run) digits += CHINESE_DIGITS[char] ?? char;
    return digits;
  });
}
