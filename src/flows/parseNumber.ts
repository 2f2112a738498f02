const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000, 亿: 100_000_000, k: 1000, w: 10_000 };

/**
 * The number in a merchant's answer, as they write amounts and counts: `8000`, `1.5万`, `9千`,
 * `一万二` (12,000), `两千五` (2,500), `十二`, `三次`, `10,000`. Undefined when there is none.
 */
export function parseNumber(raw: string): number | undefined {
  const text = raw.normalize('NFKC').toLowerCase().replace(/(\d),(?=\d{3})/g, '$1');
  const arabic = /(-?\d+(?:\.\d+)?)\s*(万|千|百|k|w)?/.exec(text);
  if (arabic) return Number(arabic[1]) * (arabic[2] ? UNIT[arabic[2]]! : 1);
  const chinese = /[零〇一二两三四五六七八九十百千万亿]+/.exec(text);
  return chinese ? parseChineseNumeral(chinese[0]) : undefined;
}

function parseChineseNumeral(numeral: string): number | undefined {
  let total = 0; // completed 万/亿 sections
  let section = 0; // within the current section
  let digit: number | undefined;
  let lastUnit = 1;
  for (const c of numeral) {
    if (c in DIGIT) {
      digit = DIGIT[c];
      continue;
    }
    const unit = UNIT[c]!;
    if (unit >= 10_000) {
      total = (total + section + (digit ?? 0)) * unit;
      section = 0;
    } else {
      section += (digit ?? 1) * unit; // 十二: a bare 十 means 10
    }
    digit = undefined;
    lastUnit = unit;
  }
  // A trailing digit after a unit is one step down: 一万二 = 12000, 两千五 = 2500, 十二 = 12.
  if (digit !== undefined) section += lastUnit > 10 ? (digit * lastUnit) / 10 : digit;
  const value = total + section;
  return Number.isFinite(value) ? value : undefined;
}
