/**
 * A rule of the product: a card number, PIN, CVV or ID-card number is never stored or logged.
 * Everything that is about to be written goes through `redact` (text) or `redactDeep` (objects).
 *
 * Matching runs on an NFKC-folded copy of the text (full-width digits, spaces and colons become
 * ASCII), but replacements are made in the text as typed, so everything outside a redacted span
 * reaches agents unchanged. When in doubt the rules prefer a redacted order number to a stored card.
 */

/** What kind of secret a redacted span held. */
export type SensitiveKind = 'card' | 'pin' | 'cvv' | 'id-card';

export interface Redaction {
  /** The input with each sensitive span replaced by its mark; everything else as typed. */
  readonly text: string;
  /** The distinct kinds found, in order of first appearance, so the bot can warn the user. */
  readonly found: readonly SensitiveKind[];
}

/** The texts that replace redacted spans; Chinese first, as support agents read them. */
export const redactionMarks: Readonly<Record<SensitiveKind, string>> = Object.freeze({
  card: '[卡号已隐藏]',
  pin: '[密码已隐藏]',
  cvv: '[CVV已隐藏]',
  'id-card': '[身份证号已隐藏]',
});

/** Replaces every card number, PIN, CVV and ID-card number in `text` with its mark. */
export function redact(text: string): Redaction {
  // Every rule needs a digit; folding the whole text once also reveals full-width ones.
  if (!/\d/.test(text.normalize('NFKC'))) return { text, found: [] };
  const folded = fold(text);
  const spans = findSpans(folded.text);
  if (spans.length === 0) return { text, found: [] };

  const found: SensitiveKind[] = [];
  let output = '';
  let cursor = 0;
  for (const span of spans) {
    const [start, end] = folded.toSource(span.start, span.end);
    output += text.slice(cursor, Math.max(start, cursor)) + redactionMarks[span.kind];
    cursor = Math.max(end, cursor);
    if (!found.includes(span.kind)) found.push(span.kind);
  }
  return { text: output + text.slice(cursor), found };
}

/**
 * A deep copy of a JSON-like value with every string redacted: plain objects and arrays are
 * copied (keys kept as they are), numbers, booleans and null are left alone, and the input is
 * never mutated. Errors are copied with their prototype so that log serializers still recognise
 * them, with message, stack and cause redacted. Other class instances (dates, buffers, HTTP
 * requests) are returned as they are: serializers decide what of them gets written. Cycles are
 * kept as cycles.
 */
export function redactDeep<T>(value: T): T {
  return copyRedacted(value, new WeakMap()) as T;
}

function copyRedacted(value: unknown, copies: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redact(value).text;
  if (typeof value !== 'object' || value === null) return value;
  if (copies.has(value)) return copies.get(value);

  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(copyRedacted(item, copies));
    return copy;
  }
  if (value instanceof Error) return copyError(value, copies);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;

  const copy: Record<string, unknown> = Object.create(prototype);
  copies.set(value, copy);
  for (const key of Object.keys(value)) {
    // defineProperty, not assignment: a JSON key "__proto__" must stay a key.
    Object.defineProperty(copy, key, { value: copyRedacted((value as Record<string, unknown>)[key], copies), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function copyError(error: Error, copies: WeakMap<object, unknown>): Error {
  const copy: Error = Object.create(Object.getPrototypeOf(error));
  copies.set(error, copy);
  const keys = new Set(Object.getOwnPropertyNames(error));
  if ('stack' in error) keys.add('stack');
  for (const key of keys) {
    const enumerable = Object.getOwnPropertyDescriptor(error, key)?.enumerable ?? false;
    // Read through the original (stack may be a getter), store a plain redacted value.
    const value = copyRedacted((error as unknown as Record<string, unknown>)[key], copies);
    Object.defineProperty(copy, key, { value, enumerable, writable: true, configurable: true });
  }
  return copy;
}

// --- Folding --------------------------------------------------------------------------------

interface Folded {
  readonly text: string;
  /** Maps a [start, end) range of the folded text back to the text as typed. */
  toSource(start: number, end: number): readonly [number, number];
}

/**
 * NFKC, one code point at a time, remembering where each folded character came from: NFKC may
 * change lengths (① -> 1, ⑴ -> (1)), and the output must keep the user's own characters.
 */
function fold(text: string): Folded {
  // Text that is already NFKC folds to itself code point by code point.
  if (text.normalize('NFKC') === text) return { text, toSource: (start, end) => [start, end] };
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
  return { text: folded, toSource: (start, end) => [sourceStart[start]!, sourceEnd[end - 1]!] };
}

// --- Finding spans --------------------------------------------------------------------------

interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: SensitiveKind;
}

/** Sorted, non-overlapping spans of the folded text. Numbers first, then keyword rules. */
function findSpans(text: string): Span[] {
  const spans = numberSpans(text);
  for (const span of [...keywordSpans(text, CVV_PHRASE, 'cvv'), ...keywordSpans(text, PIN_PHRASE, 'pin')]) {
    if (!spans.some((taken) => span.start < taken.end && taken.start < span.end)) spans.push(span);
  }
  return spans.sort((a, b) => a.start - b.start);
}

// Digits that users group with single spaces or dashes (ASCII, Unicode dashes and the minus sign);
// an ID number may end in X. A run is maximal, so a card is never cut out of a longer digit
// string such as a 28-digit transaction number.
const DIGIT_RUN = /\d+(?:[ \-\u2010-\u2015\u2212]\d+)*(?:[Xx](?![A-Za-z0-9]))?/g;
const DIGIT_GROUP = /\d+[Xx]?/g;
// A number the user labels as the merchant's or terminal's own (商户号 is 15 digits and one in
// ten passes Luhn) is what an agent needs to help, not a card: it is kept.
const LABELLED = /(商户号|商户编号|商户编码|终端号|终端编号|订单号|流水号|参考号|序列号|机身号|sn号|sn码|\bsn|merchant (?:id|no\.?|number)|terminal (?:id|no\.?|number)|order (?:id|no\.?|number))\s*(?:是|为|:|：|is)?\s*$/i;
const MAX_NUMBER_LENGTH = 19;

interface Group {
  readonly start: number;
  readonly end: number;
  readonly chars: string;
}

/**
 * ID-card and card numbers. A run is tried whole first; when it is no card, every stretch of
 * whole groups within it is tried, longest first, so `4111 1111 1111 1111 123` (a card with its
 * CVV) still hides the card. That makes long space-separated number lists a little likelier to
 * lose a stretch that happens to pass Luhn, a price worth paying for never storing a card.
 */
function numberSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    if (LABELLED.test(text.slice(Math.max(0, run.index - 12), run.index))) continue;
    const groups: Group[] = [...run[0].matchAll(DIGIT_GROUP)].map((group) => ({
      start: run.index + group.index,
      end: run.index + group.index + group[0].length,
      chars: group[0],
    }));
    for (let first = 0; first < groups.length; ) {
      const span = longestNumberFrom(groups, first);
      if (span) {
        spans.push(span.span);
        first = span.next;
      } else {
        first += 1;
      }
    }
  }
  return spans;
}

function longestNumberFrom(groups: readonly Group[], first: number): { span: Span; next: number } | undefined {
  let last = first;
  let length = groups[first]!.chars.length;
  while (last + 1 < groups.length && length + groups[last + 1]!.chars.length <= MAX_NUMBER_LENGTH) {
    last += 1;
    length += groups[last]!.chars.length;
  }
  for (; last >= first; last -= 1) {
    const chars = groups.slice(first, last + 1).map((group) => group.chars).join('');
    const start = groups[first]!.start;
    const end = groups[last]!.end;
    // ID first: an 18-digit ID that happens to pass Luhn is still an ID.
    if (isResidentIdNumber(chars)) return { span: { start, end, kind: 'id-card' }, next: last + 1 };
    const digits = chars.replace(/x$/i, '');
    if (isCardNumber(digits)) return { span: { start, end: end - (chars.length - digits.length), kind: 'card' }, next: last + 1 };
  }
  return undefined;
}

/**
 * 13 to 19 digits (ISO/IEC 7812 lengths) that pass the Luhn check. Luhn is what tells a card from
 * an order number or terminal serial of the same length: nine in ten of those fail it.
 */
function isCardNumber(digits: string): boolean {
  return /^\d{13,19}$/.test(digits) && passesLuhn(digits);
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    const weighted = i % 2 === 1 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

/**
 * A Chinese resident ID number. 18 characters (GB 11643-1999): the GB checksum, and also a
 * plausible region and birth date, because the checksum alone passes one 18-digit order number
 * in eleven. 15 digits (the pre-1999 format, no checksum): region 11-65 and a birth date YYMMDD
 * at positions 7-12, which is all that tells it from any other 15-digit number.
 */
function isResidentIdNumber(chars: string): boolean {
  if (/^\d{17}[\dXx]$/.test(chars)) {
    return isRegion(chars, true) && isDate(Number(chars.slice(6, 10)), Number(chars.slice(10, 12)), Number(chars.slice(12, 14))) && idCheckCharacter(chars) === chars[17]!.toUpperCase();
  }
  if (/^\d{15}$/.test(chars)) {
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

// A PIN keyword (密码 covers 交易/取款/支付密码; pin also pin码 and PIN code; whole English words
// only, so "shopping 1234" is no PIN), then up to ten characters that are neither digits nor the
// end of a phrase (a comma or full stop: "密码错误，押金1000" is two phrases), then 4 to 6 digits,
// possibly typed one by one with spaces (6 6 6 6 6 6). Not followed by more digits, so a longer
// number is no PIN, nor by a unit, so "密码键盘 1000元" (a PIN pad's price) is kept. Two-digit
// response codes (密码错误55) are too short to match.
const PIN_PHRASE =
  /(?:密[码碼]|口令|(?<![a-z])(?:pin(?:code)?|password|passcode|passwd)(?![a-z]))[^\d\n。，,.!?;、]{0,10}(\d(?: ?\d){3,5})(?! ?\d)(?! *(?:元|块|圆|次|台|张|笔|天|年|月|日|号|个|位|%))/gi;

// A CVV keyword (cvv, cvv2, cvc, cvn, cvn2, 安全码, 校验码, 背面三位数, 背面后三位, 卡背后三位),
// only 是/为/is, colons and spaces after it, then 3 or 4 digits not followed by another: the
// keyword is specific, so the rule is strict about what stands between it and the digits.
const CVV_PHRASE =
  /(?:(?<![a-z])(?:cvv|cvc|cvn)2?(?![a-z])[码碼]?|安全[码碼]|校[验驗][码碼]|卡?背面?的?[后後]?三位[数數]?字?)[ :]*(?:是|为|為|is)?[ :]*(\d{3,4})(?!\d)/gi;

/** The captured digits of every match (the keyword stays: agents see what was redacted). */
function keywordSpans(text: string, phrase: RegExp, kind: SensitiveKind): Span[] {
  return [...text.matchAll(phrase)].map((match) => {
    const end = match.index + match[0].length;
    return { start: end - match[1]!.length, end, kind };
  });
}
