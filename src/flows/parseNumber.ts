const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000, 亿: 100_000_000, k: 1000, w: 10_000 };

/**
 * The number in a merchant's answer, as they write amounts and counts: `8000`, `1.5万`, `9千`,
 * `一万二` (12,000), `两千五` (2,500), `十二`, `三次`, `10,000`. Undefined when there is none.
 */
export function parseNumber(raw: string): number | undefined {
  const text = raw.normalize('NFKC').toLowerCase().replace(/(\d),(?=\d{3})/g, '$1');
  // Every number in the answer: 前3个月刷了12000 holds two, and the amount is not the first.
  const found: { value: number; money: boolean }[] = [];
  for (const m of text.matchAll(/(-?\d+(?:\.\d+)?)\s*(万|千|百|k|w)?(\d(?![\d.]))?\s*(元|块|rmb|yuan)?/g)) {
    const unit = m[2] ? UNIT[m[2]]! : 1;
    // 6千5 = 6500, 1万2 = 12000: a digit after a unit is one step down.
    const tail = m[3] && m[2] ? (Number(m[3]) * unit) / 10 : 0;
    found.push({ value: Number(m[1]) * unit + tail, money: Boolean(m[4]) });
  }
  for (const m of text.matchAll(/[零〇一二两三四五六七八九十百千万亿]+/g)) {
    const value = parseChineseNumeral(m[0]);
    if (value !== undefined) found.push({ value, money: /^[元块]/.test(text.slice(m.index + m[0].length)) });
  }
  if (found.length === 0) return undefined;
  // An amount in 元 wins; otherwise the largest number, which is the amount or the count asked for
  // far more often than the 3 of 前3个月.
  const money = found.filter((f) => f.money);
  return Math.max(...(money.length > 0 ? money : found).map((f) => f.value));
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
