import { z } from 'zod';
import { redact, redactDeep, redactionMarks, type RedactionCarry, type SensitiveKind } from '../privacy/index.js';

/** Characters of a user's text that kefu reads; longer texts are cut here and answered as too long. */
export const MAX_TEXT_LENGTH = 2_000;
/** Ends a text that was cut: the user sees it in their echo, the bot knows to say it was too long. */
export const TRUNCATION_MARK = '…[内容过长，已截断]';

/** Nesting that any real client sends stays far below this; deeper JSON is refused before it is walked. */
const MAX_DEPTH = 32;
const MAX_VALUE_BYTES = 8 * 1024;
const MAX_CHANNEL_DATA_BYTES = 8 * 1024;
const MAX_ATTACHMENTS_BYTES = 16 * 1024;

const shortString = (max: number) => z.string().max(max, `at most ${max} characters`);
const jsonWithin = (bytes: number) => z.unknown().refine((v) => v === undefined || Buffer.byteLength(JSON.stringify(v) ?? '') <= bytes, `at most ${bytes} bytes of JSON`);

/**
 * An activity as a user's client may send it: the fields the bot reads have the types it expects,
 * and nothing is large enough to fill a disk. Other fields pass through (clients add their own),
 * bounded by the body size.
 */
export const inboundActivitySchema = z.looseObject({
  type: shortString(40),
  id: shortString(200).optional(),
  text: z.string({ error: 'text must be a string' }).optional(),
  textFormat: shortString(20).optional(),
  locale: shortString(35).optional(),
  name: shortString(200).optional(),
  speak: shortString(MAX_TEXT_LENGTH).optional(),
  summary: shortString(MAX_TEXT_LENGTH).optional(),
  from: z.looseObject({ id: shortString(200).optional(), name: shortString(200).optional(), role: shortString(40).optional() }).optional(),
  value: jsonWithin(MAX_VALUE_BYTES).optional(),
  channelData: jsonWithin(MAX_CHANNEL_DATA_BYTES).optional(),
  attachments: z.array(z.looseObject({ contentType: shortString(200) })).max(10).optional().refine((a) => a === undefined || Buffer.byteLength(JSON.stringify(a)) <= MAX_ATTACHMENTS_BYTES, `at most ${MAX_ATTACHMENTS_BYTES} bytes of attachments`),
  suggestedActions: z
    .looseObject({ actions: z.array(z.looseObject({ type: shortString(40), title: shortString(200).optional() })).max(20) })
    .optional(),
  entities: z.array(z.looseObject({ type: shortString(100) })).max(20).optional(),
});

export type InboundProblem = { readonly code: 'BadArgument'; readonly message: string };

/**
 * Checks an untrusted body as an activity: JSON nesting first (walked without recursion, so a
 * 30,000-deep value is refused rather than overflowing the stack), then the schema. Returns the
 * problem in words a client developer can act on, or undefined when it is acceptable.
 */
export function checkInboundActivity(body: unknown): InboundProblem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { code: 'BadArgument', message: 'the body must be a JSON object (an activity) / 请求体必须是一个活动对象' };
  if (depthExceeds(body, MAX_DEPTH)) return { code: 'BadArgument', message: `the activity is nested deeper than ${MAX_DEPTH} levels / 嵌套层级过深` };
  const parsed = inboundActivitySchema.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'activity';
  return { code: 'BadArgument', message: `${where}: ${issue.message} / 活动字段 ${where} 不正确` };
}

/** Whether a JSON value nests deeper than `limit` arrays or objects. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** Who and where: what routes an activity, never what a user wrote. */
const ROUTING_KEYS = new Set(['type', 'id', 'timestamp', 'localTimestamp', 'channelId', 'serviceUrl', 'conversation', 'recipient', 'replyToId', 'locale', 'textFormat']);

export interface ProtectedActivity<T> {
  readonly activity: T;
  /** Kinds of sensitive data found anywhere in it (already hidden), or already hidden by the client's channel. */
  readonly found: readonly SensitiveKind[];
  /** The text was longer than {@link MAX_TEXT_LENGTH} and has been cut. */
  readonly tooLong: boolean;
  /** What the next message of the conversation needs to know (see `redact`). */
  readonly carry: RedactionCarry | undefined;
}

/** Set on a turn's state by a channel that ran {@link protectInbound} itself before storing the activity. */
export const PROTECTED_INBOUND = Symbol('kefu.protectedInbound');

/**
 * The one place where what a user sent is made safe to keep: every string the user could write
 * (text, value, channelData, attachments, from.name, speak, summary, an event's value, anything
 * unknown) is redacted, and an over-long text is cut with {@link TRUNCATION_MARK}. Routing fields
 * (ids, conversation, timestamps) are kept as they are. Safe to run twice: the second run finds
 * the marks of the first and changes nothing. Call it before the activity is stored, echoed,
 * logged or given to the bot.
 */
export function protectInbound<T extends object>(activity: T, { carry }: { carry?: RedactionCarry } = {}): ProtectedActivity<T> {
  const found = new Set<SensitiveKind>();
  const copy: Record<string, unknown> = {};
  let nextCarry: RedactionCarry | undefined;
  for (const [key, value] of Object.entries(activity)) {
    if (ROUTING_KEYS.has(key)) copy[key] = value;
    else if (key === 'text' && typeof value === 'string') {
      // The text alone carries over to the next message: that is where people type numbers.
      const result = redact(value, { carry });
      for (const kind of result.found) found.add(kind);
      nextCarry = result.carry;
      copy[key] = result.text;
    }
    else if (key === 'from' && typeof value === 'object' && value !== null) copy[key] = { ...value, ...redactFields(value as Record<string, unknown>, ['name'], found) };
    else copy[key] = redactCollecting(value, found);
  }
  let tooLong = false;
  if (typeof copy.text === 'string') {
    let text = copy.text;
    if (text.length > MAX_TEXT_LENGTH) {
      // Never cut a surrogate pair in half.
      const end = /[\uD800-\uDBFF]/.test(text[MAX_TEXT_LENGTH - 1]!) ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
      text = text.slice(0, end) + TRUNCATION_MARK;
      tooLong = true;
    } else if (text.endsWith(TRUNCATION_MARK)) {
      tooLong = true;
    }
    for (const [kind, mark] of Object.entries(redactionMarks) as [SensitiveKind, string][]) if (text.includes(mark)) found.add(kind);
    copy.text = text;
  }
  return { activity: copy as T, found: [...found], tooLong, carry: nextCarry };
}

function redactFields(object: Record<string, unknown>, keys: readonly string[], found: Set<SensitiveKind>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in object) out[key] = redactCollecting(object[key], found);
  return out;
}

function redactCollecting(value: unknown, found: Set<SensitiveKind>): unknown {
  if (typeof value === 'string') {
    const result = redact(value);
    for (const kind of result.found) found.add(kind);
    return result.text;
  }
  if (typeof value !== 'object' || value === null) return value;
  // Objects: redactDeep copies and redacts; what it found is read back from the marks it left.
  const copy = redactDeep(value);
  const text = JSON.stringify(copy) ?? '';
  for (const [kind, mark] of Object.entries(redactionMarks) as [SensitiveKind, string][]) if (text.includes(mark)) found.add(kind);
  return copy;
}
