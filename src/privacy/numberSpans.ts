import { appendDigits, isCardNumber, NO_DIGITS } from './luhn.js';
import type { Span, SpanSet } from './spanSet.js';

// Digits that users group: single or repeated spaces and tabs, line breaks, dashes (ASCII,
// Unicode dashes, the minus sign), dots, slashes, underscores, and the zero-width characters that
// copying from apps leaves between digits (U+200B-U+200D, U+2060, U+FEFF). At most four
// separator characters join two groups, so numbers a paragraph apart stay apart. An ID number may
// end in X. A run is maximal, so a card is never cut out of a longer digit string such as a
// 28-digit transaction number. Separators and digits are disjoint classes and the separator count
// is bounded, so the match is linear.
const SEPARATOR = '[ \\t\\r\\n\\-\\u2010-\\u2015\\u2212./_\\u200B-\\u200D\\u2060\\uFEFF]';
const DIGIT_RUN = new RegExp(`\\d+(?:${SEPARATOR}{1,4}\\d+)*(?:[Xx](?![A-Za-z0-9]))?`, 'g');
const DIGIT_GROUP = /\d+/g;
// A number the user labels as the merchant's or terminal's own (商户号 is 15 digits and one in
// ten passes Luhn) is what an agent needs to help, not a card: it is kept.
const LABELLED = /(商户号|商户编号|商户编码|终端号|终端编号|订单号|流水号|参考号|序列号|机身号|sn号|sn码|\bsn|merchant (?:id|no\.?|number)|terminal (?:id|no\.?|number)|order (?:id|no\.?|number))\s*(?:是|为|:|：|is)?\s*$/i;
const LABEL_WINDOW = 12;
const MAX_NUMBER_LENGTH = 19;

/** A group of digits within a run, as the user separated them. */
export interface DigitGroup {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
  /** Whether a line break separates this group from the one before. */
  readonly onNewLine: boolean;
}

/** A maximal run of digit groups in the folded text. */
// Named after the digits (83258125411000是我的商户号): the number is the merchant's, kept.
const LABELLED_AFTER = /^\s*(?:是|为|就是)?(?:我的|我们的|我们|店的|店里的)?(?:商户号|商户编号|商户编码|终端号|终端编号|订单号|流水号|参考号|序列号|机身号)/i;
// Card words right before the digits: a 16-19 digit number there is a card even if mistyped.
const CARD_WORDS = /(?:卡号|银行卡|信用卡|储蓄卡|借记卡|卡的号码|卡片号|card(?:\s*(?:number|no\.?))?)[^\d\n]{0,6}$/i;
// Issuer prefixes of the cards merchants see: UnionPay 62, Visa 4, Mastercard 51-55, Amex 34/37.
const CARD_PREFIX = /^(?:62|4|5[1-5]|3[47])/;

export interface DigitRun {
  readonly start: number;
  /** The end of the last group, after a trailing X if there is one. */
  readonly end: number;
  readonly groups: readonly DigitGroup[];
  /** Whether the run ends in an X (the check character of an ID number). */
  readonly endsInX: boolean;
  /** Whether a label such as 商户号 or 终端号 stands right before (or right after) the run. */
  readonly labelled: boolean;
  /** Whether card words (卡号, 银行卡, 信用卡) stand right before the run. */
  readonly afterCardWords: boolean;
}

/**
 * Every maximal run of digit groups in `text`, in order. A dot before one or two digits is a
 * decimal point, not a separator: amounts in a list (100.00 200.00) stay apart instead of
 * joining into one long number that may pass Luhn.
 */
export function findDigitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const endsInX = /[Xx]$/.test(match[0]);
    const body = endsInX ? match[0].slice(0, -1) : match[0];
    let groups: DigitGroup[] = [];
    let previousEnd = 0;
    for (const group of body.matchAll(DIGIT_GROUP)) {
      const decimal = groups.length > 0 && group[0].length <= 2 && group.index - previousEnd === 1 && body[previousEnd] === '.';
      if (decimal) {
        runs.push(digitRun(text, groups, false));
        groups = [];
      }
      groups.push({
        start: match.index + group.index,
        end: match.index + group.index + group[0].length,
        digits: group[0],
        onNewLine: groups.length > 0 && hasLineBreak(body, previousEnd, group.index),
      });
      previousEnd = group.index + group[0].length;
    }
    runs.push(digitRun(text, groups, endsInX));
  }
  return runs;
}

function digitRun(text: string, groups: DigitGroup[], endsInX: boolean): DigitRun {
  const start = groups[0]!.start;
  const end = groups.at(-1)!.end + (endsInX ? 1 : 0);
  const before = text.slice(Math.max(0, start - LABEL_WINDOW), start);
  const labelled = LABELLED.test(before) || LABELLED_AFTER.test(text.slice(end, end + LABEL_WINDOW));
  return { start, end, groups, endsInX, labelled, afterCardWords: CARD_WORDS.test(before) };
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (text[i] === '\n' || text[i] === '\r') return true;
  return false;
}

/**
 * ID-card and card numbers. A run is tried whole first; when it is no card, every stretch of
 * whole groups within it is tried, longest first, so `4111 1111 1111 1111 123` (a card with its
 * CVV) still hides the card. That makes long space-separated number lists a little likelier to
 * lose a stretch that happens to pass Luhn, a price worth paying for never storing a card.
 * A labelled run keeps its first line: a card on the next line of `商户号 …` is still a card.
 */
export function addNumberSpans(runs: readonly DigitRun[], spans: SpanSet): void {
  for (const run of runs) {
    let first = 0;
    if (run.labelled) {
      first = run.groups.findIndex((group) => group.onNewLine);
      if (first < 0) continue;
    }
    while (first < run.groups.length) {
      const found = longestNumberFrom(run, first);
      if (found) {
        spans.add(found.span);
        first = found.next;
      } else {
        first += 1;
      }
    }
  }
}

/** The longest stretch of whole groups from `first` that is an ID or a card number. */
function longestNumberFrom(run: DigitRun, first: number): { span: Span; next: number } | undefined {
  const { groups } = run;
  // Stretches grow one group at a time and their Luhn sums follow along, so each is checked in
  // O(1), and the last one that qualifies is the longest; only the 15- and 18-character ones,
  // which may be IDs, are ever joined into a string.
  let best: { last: number; kind: 'card' | 'id-card' } | undefined;
  let length = 0;
  let sums = NO_DIGITS;
  for (let last = first; last < groups.length; last += 1) {
    const digits = groups[last]!.digits;
    const x = run.endsInX && last === groups.length - 1 ? 'X' : '';
    length += digits.length;
    if (length + x.length > MAX_NUMBER_LENGTH) break;
    sums = appendDigits(sums, digits);
    // ID first: an 18-digit ID that happens to pass Luhn is still an ID.
    if ((length + x.length === 15 || length + x.length === 18) && isResidentIdNumber(joinDigits(groups, first, last) + x)) best = { last, kind: 'id-card' };
    else if (isCardNumber(sums)) best = { last, kind: 'card' };
  }
  // A mistyped card (the usual kind: one wrong digit fails Luhn) is still a card when it looks like
  // one: 16 to 19 digits after card words or with an issuer's prefix. Better a hidden order
  // number than a stored card.
  if (!best && first === 0) {
    const whole = joinDigits(groups, 0, groups.length - 1);
    if (whole.length >= 16 && whole.length <= 19 && !run.endsInX && (run.afterCardWords || CARD_PREFIX.test(whole))) best = { last: groups.length - 1, kind: 'card' };
  }
  if (!best) return undefined;
  const end = groups[best.last]!.end;
  // The X belongs to an ID; after a card it is a stray letter and stays.
  const withX = best.kind === 'id-card' && run.endsInX && best.last === groups.length - 1 ? 1 : 0;
  return { span: { start: groups[first]!.start, end: end + withX, kind: best.kind }, next: best.last + 1 };
}

function joinDigits(groups: readonly DigitGroup[], first: number, last: number): string {
  let digits = '';
  for (let i = first; i <= last; i += 1) digits += groups[i]!.digits;
  return digits;
}

/**
 * A Chinese resident ID number. 18 characters (GB 11643-1999): the GB checksum, and also a
 * plausible region and birth date, because the checksum alone passes one 18-digit order number
 * in eleven. 15 digits (the pre-1999 format, no checksum): region 11-65 and a birth date YYMMDD
 * at positions 7-12, which is all that tells it from any other 15-digit number.
 */
function isResidentIdNumber(chars: string): boolean {
  if (chars.length === 18 && /^\d{17}[\dXx]$/.test(chars)) {
    return isRegion(chars, true) && isDate(Number(chars.slice(6, 10)), Number(chars.slice(10, 12)), Number(chars.slice(12, 14))) && idCheckCharacter(chars) === chars[17]!.toUpperCase();
  }
  if (chars.length === 15 && /^\d{15}$/.test(chars)) {
    return isRegion(chars, false) && isDate(1900 + Number(chars.slice(6, 8)), Number(chars.slice(8, 10)), Number(chars.slice(10, 12)));
  }
  return false;
}

// Provinces are 11-65. Residence permits for people from Taiwan, Hong Kong and Macau (18 digits
// only) use 83, 81 and 82, and Taiwan's own code 71 appears on older mainland-issued numbers.
function isRegion(chars: string, withPermits: boolean): boolean {
  const province = Number(chars.slice(0, 2));
  return (province >= 11 && province <= 65) || (withPermits && [71, 81, 82, 83].includes(province));
}

function isDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARACTERS = '10X98765432';

function idCheckCharacter(chars: string): string {
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(chars[i]), 0);
  return ID_CHECK_CHARACTERS[sum % 11]!;
}
