import { appendDigits, NO_DIGITS } from '../../privacy/luhn.js';
/**
 * Card numbers the fuzzer sends and then looks for in everything that comes back. They are the
 * networks' published test numbers: Luhn-valid, so a redactor that checks Luhn still treats them
 * as cards, and never real.
 */
export const TEST_CARDS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4012888888881881'] as const;

/** The ways a card is typed: plain, grouped by spaces or dashes, in full-width digits. */
export function cardSpellings(card: string): string[] {
  const groups = card.match(/.{1,4}/g)!;
  const fullWidth = [...card].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
  return [card, groups.join(' '), groups.join('-'), fullWidth];
}

export function isLuhnValid(digits: string): boolean {
  return /^\d{12,19}$/.test(digits) && appendDigits(NO_DIGITS, digits).ifLast === 0;
}

// Digits of a card with an optional space or dash between any two: 4111 1111-1111 1111.
const patterns = TEST_CARDS.map((card) => ({ card, pattern: new RegExp([...card].join('[\\s-]?')) }));

/** The first test card in `text` in any spelling (full-width digits are folded first), if any. */
export function findCard(text: string): { card: string; at: number } | undefined {
  if (!/[\d０-９]/.test(text)) return undefined;
  const folded = text.normalize('NFKC');
  for (const { card, pattern } of patterns) {
    const match = pattern.exec(folded);
    if (match) return { card, at: match.index };
  }
  return undefined;
}

/**
 * Where in a parsed JSON value a test card sits, as paths like `activities[0].value.note`; empty
 * when none does. Keys are searched too: a card can come back as a property name.
 */
export function cardPaths(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return findCard(value) ? [path] : [];
  if (typeof value !== 'object' || value === null) return typeof value === 'number' && findCard(String(value)) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => cardPaths(item, `${path}[${i}]`));
  return Object.entries(value).flatMap(([key, item]) => [...(findCard(key) ? [`${path}{key}`] : []), ...cardPaths(item, `${path}.${key}`)]);
}
