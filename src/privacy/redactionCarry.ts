import { appendDigits, isCardNumber, NO_DIGITS, type LuhnSums } from './luhn.js';
import type { DigitGroup, DigitRun } from './numberSpans.js';
import type { SpanSet } from './spanSet.js';

declare const carryBrand: unique symbol;

/**
 * What one message leaves for the next message of the same conversation, so that a card typed
 * over two messages or a PIN sent right after 密码是多少 is still hidden. A short string, safe to
 * store and log: it holds the length and the two Luhn sums modulo 10 of a trailing digit run
 * (enough to say whether a continuation completes a card, and no more than two digits would tell)
 * and two flags, never the digits. Opaque: only `redact` makes and reads it.
 */
export type RedactionCarry = string & { readonly [carryBrand]: true };

/** A trailing run that may be the first part of a card. */
export interface CardPrefix {
  readonly sums: LuhnSums;
  /** Whether the run was hidden as a card fragment. */
  readonly hidden: boolean;
}

export interface CarryState {
  readonly prefix: CardPrefix | undefined;
  /** Whether the message asked for a PIN or ended announcing one. */
  readonly pinAsked: boolean;
}

// rc1:<digits>:<Luhn sum if the number ends here><Luhn sum if an odd count follows>:<h><p>
const CARRY_FORMAT = /^rc1:(0|[6-9]|1[0-8]):(\d)(\d):(h?)(p?)$/;
// An IIN (the issuer prefix) has six digits: a shorter first part is no card start worth keeping.
const MIN_PREFIX = 6;
// A prefix of 19 digits would be a whole card, checked on its own.
const MAX_PREFIX = 18;
// 3 (Amex, JCB, Diners), 4 (Visa), 5 (Mastercard), 6 (UnionPay, Discover). Phone numbers start
// with 1, dates and most order numbers with 2, many merchant numbers with 8: none is carried.
const CARD_START = /^[3-6]/;
// Three groups of four: the shortest start of a card that is hidden on its own.
const FRAGMENT_MIN = 12;

/** Whether `value` is a carry `redact` made (it may have gone through JSON, as state does). */
export function isRedactionCarry(value: unknown): value is RedactionCarry {
  return typeof value === 'string' && readCarry(value) !== undefined;
}

/** The state in `carry`; undefined for no carry or a value `redact` did not make. */
export function readCarry(carry: string | undefined): CarryState | undefined {
  const match = carry === undefined ? null : CARRY_FORMAT.exec(carry);
  if (!match) return undefined;
  const length = Number(match[1]);
  const [ifLast, ifMore] = [Number(match[2]), Number(match[3])];
  const hidden = match[4] === 'h';
  const pinAsked = match[5] === 'p';
  if (length === 0) return ifLast === 0 && ifMore === 0 && !hidden && pinAsked ? { prefix: undefined, pinAsked } : undefined;
  return { prefix: { sums: { length, ifLast, ifMore }, hidden }, pinAsked };
}

/** The carry for `state`, or undefined when nothing is pending. */
export function writeCarry(state: CarryState): RedactionCarry | undefined {
  const { prefix, pinAsked } = state;
  if (!prefix && !pinAsked) return undefined;
  const sums = prefix?.sums ?? NO_DIGITS;
  return `rc1:${sums.length}:${sums.ifLast}${sums.ifMore}:${prefix?.hidden ? 'h' : ''}${pinAsked ? 'p' : ''}` as RedactionCarry;
}

// What may stand before the continuation of a card at the start of a message.
const LEAD = /^\s*(?:还有|后面是?|接着是?|然后是?|剩下的?是?)?[\s:：,，]*$/;
const LEAD_WINDOW = 12;
// What may stand after the last digit run for the run to end the message.
const TRAILING = /^[\s.,;:!?~，。；：！？、…～)）\]】"'”’]*$/;
const UNIT_AFTER = /^ *(?:元|块|圆|次|台|张|笔|天|年|月|日|号|个|位|%)/;
// Numbers whose name says they are no card: a phone, the last digits of a card, an amount.
const NOT_A_CARD = /(?:手机|电话|联系方式|后四位|后4位|尾号|金额|押金|价格|手续费|费用|¥|￥|\$|rmb|人民币)\s*(?:号码?)?\s*(?:是|为|:|：)?\s*$/i;
const NOT_A_CARD_WINDOW = 10;

/**
 * The first digit run of a message read as the rest of the card whose start the previous message
 * ended with: hidden as a card when prefix and continuation pass Luhn at 13-19 digits (the
 * longest such stretch of whole groups). A message of digits only that does not complete it yet
 * carries the longer prefix on, and is hidden when the prefix was, or when parts grouped in fours
 * add up to 12 digits or more. A continuation
 * that fails Luhn is kept: a card start followed by any other number would lose that number.
 * Returns what the message leaves as prefix, and whether it used the previous one at all.
 */
export function continueCard(text: string, runs: readonly DigitRun[], spans: SpanSet, prefix: CardPrefix): { used: boolean; next?: CardPrefix } {
  const run = runs[0];
  if (!run || run.start > LEAD_WINDOW || !LEAD.test(text.slice(0, run.start))) return { used: false };
  if (run.endsInX || run.labelled || spans.overlaps(run.start, run.end) || UNIT_AFTER.test(text.slice(run.end, run.end + 4))) return { used: false };

  let sums = prefix.sums;
  let completedAt = -1;
  for (let i = 0; i < run.groups.length && sums.length <= 19; i += 1) {
    sums = appendDigits(sums, run.groups[i]!.digits);
    if (isCardNumber(sums)) completedAt = i;
  }
  if (completedAt >= 0) {
    spans.add({ start: run.start, end: run.groups[completedAt]!.end, kind: 'card' });
    return { used: true };
  }
  // The start was hidden as a card's (card words, or a card's shape): a continuation that makes
  // 16-19 digits in all is the rest of that card even when Luhn fails, a mistyped card being the
  // usual kind of card a merchant types.
  if (prefix.hidden) {
    let total = prefix.sums.length;
    let mistypedAt = -1;
    for (let i = 0; i < run.groups.length; i += 1) {
      total += run.groups[i]!.digits.length;
      if (total > 19) break;
      if (total >= 16) mistypedAt = i;
    }
    if (mistypedAt >= 0) {
      spans.add({ start: run.start, end: run.groups[mistypedAt]!.end, kind: 'card' });
      return { used: true };
    }
  }
  const alone = runs.length === 1 && TRAILING.test(text.slice(run.end));
  if (!alone || sums.length > MAX_PREFIX) return { used: false };
  // Groups of four on both sides (6222 0212, then 3456 7890) is how a card is read out in parts;
  // 500000 then 123456 is more likely an amount and something else.
  const inFours = prefix.sums.length % 4 === 0 && run.groups.every((group) => group.digits.length === 4);
  const hidden = prefix.hidden || (inFours && sums.length >= FRAGMENT_MIN);
  if (hidden) spans.add({ start: run.start, end: run.end, kind: 'card' });
  return { used: true, next: { sums, hidden } };
}

/**
 * The run that ends a message, when it may be the first part of a card typed over two messages:
 * 6 to 18 digits starting with 3-6, with no label that names it something else (商户号, 终端号,
 * 手机, 尾号, 金额 …), no unit after it, not part of a card or PIN already found.
 *
 * Such a run is also hidden, as a card fragment, when it looks like one on its own: three or more
 * groups of four (6222 0212 3456, the way cards are printed), or 10 to 12 digits in one piece
 * starting with 62, 4, 5 or 3. The trade-off: a shorter start (4111 1111) stays visible, so the
 * first half of a card split in the middle is stored, while its completion is hidden; in exchange
 * merchant numbers (15 digits, mostly starting with 8), terminal numbers (8 digits), SNs, phone
 * numbers (11 digits starting with 1), amounts and dates are never hidden as fragments. A 10-12
 * digit number that starts like a card and ends a message (a QQ number, say) is hidden.
 */
export function trailingCardStart(text: string, runs: readonly DigitRun[], spans: SpanSet): CardPrefix | undefined {
  const run = runs.at(-1);
  if (!run || run.labelled || run.endsInX || !TRAILING.test(text.slice(run.end))) return undefined;
  const length = run.groups.reduce((total, group) => total + group.digits.length, 0);
  if (length < MIN_PREFIX || length > MAX_PREFIX) return undefined;
  if (NOT_A_CARD.test(text.slice(Math.max(0, run.start - NOT_A_CARD_WINDOW), run.start))) return undefined;
  const digits = run.groups.map((group) => group.digits).join('');
  if (!CARD_START.test(digits)) return undefined;
  // Already hidden: a whole card ends here; anything else hidden (a number that looks like a
  // card but fails Luhn) may be the first part of a longer one, and carries on, hidden.
  if (spans.overlaps(run.start, run.end)) return isCardNumber(appendDigits(NO_DIGITS, digits)) ? undefined : { sums: appendDigits(NO_DIGITS, digits), hidden: true };

  const hidden = looksLikeCardFragment(run.groups, digits);
  if (hidden) spans.add({ start: run.start, end: run.end, kind: 'card' });
  return { sums: appendDigits(NO_DIGITS, digits), hidden };
}

function looksLikeCardFragment(groups: readonly DigitGroup[], digits: string): boolean {
  if (groups.length === 1) return digits.length >= 10 && digits.length <= 12 && /^(?:62|[345])/.test(digits);
  const last = groups.at(-1)!.digits.length;
  return groups.length >= 3 && digits.length >= FRAGMENT_MIN && groups.slice(0, -1).every((group) => group.digits.length === 4) && last <= 4;
}
