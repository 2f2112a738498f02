/**
 * A rule of the product: a card number, PIN, CVV or ID-card number is never stored or logged.
 * Everything that is about to be written goes through `redact` (text) or `redactDeep` (objects).
 *
 * Matching runs on a folded copy of the text (NFKC: full-width digits, spaces and colons become
 * ASCII; Chinese numerals read digit by digit become digits), but replacements are made in the
 * text as typed, so everything outside a redacted span reaches agents unchanged. When in doubt the
 * rules prefer a redacted order number to a stored card. Every rule is linear in the text: users
 * paste messages of tens of thousands of characters.
 */
import { foldText, MAY_HOLD_NUMBER } from './foldText.js';
import { addKeywordSpans, asksForPin, barePin } from './keywordSpans.js';
import { addNumberSpans, findDigitRuns } from './numberSpans.js';
import { continueCard, readCarry, trailingCardStart, writeCarry, type CardPrefix, type CarryState, type RedactionCarry } from './redactionCarry.js';
import { SpanSet, type SensitiveKind, type Span } from './spanSet.js';

export type { SensitiveKind } from './spanSet.js';
export { isRedactionCarry, type RedactionCarry } from './redactionCarry.js';

export interface Redaction {
  /** The input with each sensitive span replaced by its mark; everything else as typed. */
  readonly text: string;
  /** The distinct kinds found, in order of first appearance, so the bot can warn the user. */
  readonly found: readonly SensitiveKind[];
}

/** Options of `redact` for one message of a conversation. */
export interface RedactOptions {
  /**
   * What `redact` returned as carry for the previous message of the same conversation; undefined
   * for the first. A value `redact` did not make is ignored (see `isRedactionCarry`).
   */
  readonly carry: RedactionCarry | undefined;
}

/** A redacted message of a conversation, and what to keep for the next one. */
export interface ConversationRedaction extends Redaction {
  /** Keep per conversation and pass with the next message; undefined when nothing is pending. */
  readonly carry: RedactionCarry | undefined;
}

/** The texts that replace redacted spans; Chinese first, as support agents read them. */
export const redactionMarks: Readonly<Record<SensitiveKind, string>> = Object.freeze({
  card: '[卡号已隐藏]',
  pin: '[密码已隐藏]',
  cvv: '[CVV已隐藏]',
  'id-card': '[身份证号已隐藏]',
});

/**
 * Replaces every card number, PIN, CVV and ID-card number in `text` with its mark.
 *
 * Without options the text is judged on its own. With `{ carry }` it is one message of a
 * conversation: pass the carry the previous message returned (undefined for the first message),
 * keep the one returned, and the redactor also hides a card whose first part ended the previous
 * message (`6222 0212 3456`, then `7890 128`) and a message that is only a PIN right after one
 * that asked for it (`密码是多少`, then `123456`). Call it for the user's messages, in order.
 */
export function redact(text: string): Redaction;
export function redact(text: string, options: RedactOptions): ConversationRedaction;
export function redact(text: string, options?: RedactOptions): Redaction | ConversationRedaction {
  if (options === undefined) {
    // Every rule of a single message needs a digit, typed or in numerals; NFKC reveals full-width ones.
    if (!MAY_HOLD_NUMBER.test(text.normalize('NFKC'))) return { text, found: [] };
    return replaceSpans(text, findSpans(text, undefined).spans);
  }
  const { spans, prefix, folded } = findSpans(text, readCarry(options.carry));
  return { ...replaceSpans(text, spans), carry: writeCarry({ prefix, pinAsked: asksForPin(folded) }) };
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

// --- Finding spans --------------------------------------------------------------------------

/**
 * Sorted, non-overlapping spans of the text as typed, the card start the message ends with, and
 * the folded text. Rules run in order of trust (an earlier one keeps the characters it took):
 * card and ID numbers, the continuation of a card from the previous message, CVV and PIN phrases,
 * a bare PIN after a question, and last a trailing card fragment.
 */
function findSpans(text: string, carried: CarryState | undefined): { spans: Span[]; prefix: CardPrefix | undefined; folded: string } {
  const folded = foldText(text);
  const spans = new SpanSet(folded.text.length);
  const runs = findDigitRuns(folded.text);
  addNumberSpans(runs, spans);

  let prefix: CardPrefix | undefined;
  let continued = false;
  if (carried?.prefix) {
    const continuation = continueCard(folded.text, runs, spans, carried.prefix);
    continued = continuation.used;
    prefix = continuation.next;
  }
  addKeywordSpans(folded.text, spans);
  if (carried?.pinAsked) {
    const pin = barePin(folded.text);
    if (pin) spans.add(pin);
  }
  if (!continued) prefix = trailingCardStart(folded.text, runs, spans);

  const sourceSpans = spans.sorted().map((span) => {
    const [start, end] = folded.toSource(span.start, span.end);
    return { start, end, kind: span.kind };
  });
  return { spans: sourceSpans, prefix, folded: folded.text };
}

function replaceSpans(text: string, spans: readonly Span[]): Redaction {
  if (spans.length === 0) return { text, found: [] };
  const found: SensitiveKind[] = [];
  let output = '';
  let cursor = 0;
  for (const span of spans) {
    output += text.slice(cursor, Math.max(span.start, cursor)) + redactionMarks[span.kind];
    cursor = Math.max(span.end, cursor);
    if (!found.includes(span.kind)) found.push(span.kind);
  }
  return { text: output + text.slice(cursor), found };
}
