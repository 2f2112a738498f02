const CHINESE_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

// A bare position: 1, 1., 1。, 第1个, 第一个, 一 (① and １ arrive as 1 after NFKC). Nothing else
// around it: in 2个月 or 输错3次了 the number is no position.
const POSITION = /^第?([0-9]{1,2}|[一二两三四五六七八九十])(个|项|条|种|号)?[.。、)）]?$/;

/**
 * The option a bare number points at, among those the bot last offered (1 is the first). Text
 * channels show options as a numbered list, and merchants answer a widget's buttons the same way.
 * Undefined when the text is not a bare position or points past the list.
 */
export function pickOption(text: string, options: readonly string[] | undefined): string | undefined {
  if (!options || options.length === 0) return undefined;
  const match = POSITION.exec(text.normalize('NFKC').replace(/\s+/g, ''));
  if (!match) return undefined;
  const position = CHINESE_DIGITS[match[1]!] ?? Number(match[1]);
  return options[position - 1];
}
