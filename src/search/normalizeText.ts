import * as OpenCC from 'opencc-js';

// Traditional (Taiwan, Hong Kong and generic) to Mainland Simplified. Built once: a pure function.
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const toSimplifiedHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const toSimplifiedTw = OpenCC.Converter({ from: 'twp', to: 'cn' });

/**
 * Folds what users type into one form: NFKC (full-width letters and digits become ASCII,
 * compatibility forms are unified), lower case, Traditional characters to Simplified, thousands
 * separators dropped (10,000 -> 10000), two-digit numerals read aloud as digits (九十六 -> 96),
 * round amounts as digits (一百 -> 100),
 * pinyin tone marks dropped (yājīn -> yajin, lǜ -> lv), and white space collapsed.
 */
export function normalizeText(text: string): string {
  const folded = stripToneMarks(text.normalize('NFKC').toLowerCase());
  const simplified = /[\u3400-\u9fff]/.test(folded) ? toSimplifiedTw(toSimplifiedHk(toSimplified(folded))) : folded;
  return simplified
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(TWO_DIGIT_NUMERAL, (_m: string, tens: string | undefined, units: string | undefined, zeroUnit: string | undefined) =>
      zeroUnit ? `0${DIGIT[zeroUnit]}` : `${DIGIT[tens!]}${DIGIT[units!]}`,
    )
    .replace(ROUND_NUMERAL, (_m: string, digit: string, unit: string) => `${DIGIT[digit]}${ZEROS[unit]}`)
    .replace(/\s+/g, ' ')
    .trim();
}

const DIGIT: Record<string, string> = { 一: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
// Codes read aloud: 九十六 -> 96, 零五 -> 05. Both digits must be there, so 十分 (very) stays.
const ZEROS: Record<string, string> = { 百: '00', 千: '000', 万: '0000' };
// Round amounts written out: 一百 -> 100, 两万 -> 20000 (the deposit, the volume to reach). Not
// 一百五 (150) or 一千万: only a single digit and a single unit, with no numeral after.
const ROUND_NUMERAL = /(?<![一二两三四五六七八九十零百千万])([一二两三四五六七八九])([百千万])(?![一二两三四五六七八九十零百千万])/g;
const TWO_DIGIT_NUMERAL = /([一二三四五六七八九])十([一二三四五六七八九])|零([一二三四五六七八九])/g;

// Pinyin typed with tone marks (yājīn zěnme tuì): the marks go, ü becomes v as in toneless pinyin.
// Only Latin letters lose their marks; Chinese text has none to lose.
const TONED = /[\u00c0-\u024f]/;
function stripToneMarks(text: string): string {
  if (!TONED.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/([a-z])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC');
}
