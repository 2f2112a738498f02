import { z } from 'zod';
import { WechatError } from './WechatError.js';
import { parseWechatXml, type ParseWechatXmlOptions, type WechatXmlFields } from './parseWechatXml.js';

/** What every message and event carries. */
export interface WechatEnvelope {
  /** The Official Account's own id (gh_…). */
  readonly toUserName: string;
  /** The user's OpenID. */
  readonly fromUserName: string;
  /** Seconds since the epoch. */
  readonly createTime: number;
}

/** What a message holds beyond its envelope, by `kind` (and, for events, `event`). */
export type WechatMessageBody =
  | { readonly kind: 'text'; readonly msgId: string; readonly content: string; /** The option tapped in a menu message (msgmenu). */ readonly bizMsgMenuId?: string }
    | { readonly kind: 'image'; readonly msgId: string; readonly picUrl: string; readonly mediaId: string }
    | { readonly kind: 'voice'; readonly msgId: string; readonly mediaId: string; readonly format: string; /** WeChat's transcript, when speech recognition is on and heard something. */ readonly recognition?: string }
    | { readonly kind: 'location'; readonly msgId: string; /** Location_X. */ readonly latitude: number; /** Location_Y. */ readonly longitude: number; readonly scale: number; readonly label: string }
    | { readonly kind: 'link'; readonly msgId: string; readonly title: string; readonly description: string; readonly url: string }
    | { readonly kind: 'event'; readonly event: 'subscribe'; /** `qrscene_…` when the user followed by scanning a code. */ readonly eventKey?: string; readonly ticket?: string }
    | { readonly kind: 'event'; readonly event: 'unsubscribe' }
    | { readonly kind: 'event'; readonly event: 'SCAN'; readonly eventKey: string; readonly ticket?: string }
    | { readonly kind: 'event'; readonly event: 'CLICK'; readonly eventKey: string }
    | { readonly kind: 'event'; readonly event: 'other'; /** WeChat's Event, e.g. VIEW or LOCATION. */ readonly name: string; readonly eventKey?: string }
    /** A MsgType kefu does not handle (video, shortvideo, file…): answered, not refused. */
    | { readonly kind: 'unsupported'; readonly msgType: string; readonly msgId?: string };

/** A message WeChat pushed to the account, as a plain tagged union (`kind`, then `event`). */
export type WechatInboundMessage = WechatEnvelope & WechatMessageBody;

const text = z.string();
const required = z.string().trim().min(1, 'must not be empty');
const digits = z.string().trim().regex(/^\d{1,20}$/, 'must be a whole number');
const decimal = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
  .transform(Number);
// An empty optional element (WeChat sends <Recognition><![CDATA[]]></Recognition>) means absent.
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envelopeSchema = z.object({
  ToUserName: required,
  FromUserName: required,
  CreateTime: digits.transform(Number),
  MsgType: required,
});

const messageSchemas = {
  text: z.object({ MsgId: digits, Content: text, bizmsgmenuid: optional }).transform((m) => ({
    kind: 'text' as const,
    msgId: m.MsgId,
    content: m.Content,
    ...(m.bizmsgmenuid !== undefined && { bizMsgMenuId: m.bizmsgmenuid }),
  })),
  image: z.object({ MsgId: digits, PicUrl: required, MediaId: required }).transform((m) => ({ kind: 'image' as const, msgId: m.MsgId, picUrl: m.PicUrl, mediaId: m.MediaId })),
  voice: z.object({ MsgId: digits, MediaId: required, Format: required, Recognition: optional }).transform((m) => ({
    kind: 'voice' as const,
    msgId: m.MsgId,
    mediaId: m.MediaId,
    format: m.Format,
    ...(m.Recognition !== undefined && { recognition: m.Recognition }),
  })),
  location: z.object({ MsgId: digits, Location_X: decimal, Location_Y: decimal, Scale: decimal, Label: text.default('') }).transform((m) => ({
    kind: 'location' as const,
    msgId: m.MsgId,
    latitude: m.Location_X,
    longitude: m.Location_Y,
    scale: m.Scale,
    label: m.Label,
  })),
  link: z.object({ MsgId: digits, Title: text, Description: text.default(''), Url: required }).transform((m) => ({
    kind: 'link' as const,
    msgId: m.MsgId,
    title: m.Title,
    description: m.Description,
    url: m.Url,
  })),
} as const;

const eventSchemas = {
  subscribe: z.object({ EventKey: optional, Ticket: optional }).transform((e) => ({
    kind: 'event' as const,
    event: 'subscribe' as const,
    ...(e.EventKey !== undefined && { eventKey: e.EventKey }),
    ...(e.Ticket !== undefined && { ticket: e.Ticket }),
  })),
  unsubscribe: z.object({}).transform(() => ({ kind: 'event' as const, event: 'unsubscribe' as const })),
  SCAN: z.object({ EventKey: required, Ticket: optional }).transform((e) => ({
    kind: 'event' as const,
    event: 'SCAN' as const,
    eventKey: e.EventKey,
    ...(e.Ticket !== undefined && { ticket: e.Ticket }),
  })),
  CLICK: z.object({ EventKey: required }).transform((e) => ({ kind: 'event' as const, event: 'CLICK' as const, eventKey: e.EventKey })),
} as const;

type KnownEvent = keyof typeof eventSchemas;

/** WeChat writes subscribe in lowercase and SCAN, CLICK in capitals; either spelling is accepted. */
function knownEvent(name: string): KnownEvent | undefined {
  return (Object.keys(eventSchemas) as KnownEvent[]).find((known) => known.toLowerCase() === name.toLowerCase());
}

function describe(error: z.ZodError, what: string): string {
  const reasons = error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message}`);
  return `${what}: ${reasons.join('; ')}`;
}

function parseWith<T>(schema: z.ZodType<T>, fields: WechatXmlFields, what: string): T {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw new WechatError('WECHAT_BAD_MESSAGE', describe(parsed.error, what));
  return parsed.data;
}

/**
 * Reads a message out of the fields of WeChat's XML (see {@link parseWechatXml}): the envelope,
 * then the fields its MsgType (and Event) requires. Unknown events become `other`, unknown
 * message types `unsupported`; a known one missing a field is refused.
 * @throws WechatError `WECHAT_BAD_MESSAGE` with the reason (never any other error).
 */
export function toWechatMessage(fields: WechatXmlFields): WechatInboundMessage {
  const envelope = parseWith(envelopeSchema, fields, 'a WeChat message');
  const common: WechatEnvelope = { toUserName: envelope.ToUserName, fromUserName: envelope.FromUserName, createTime: envelope.CreateTime };
  const msgType = envelope.MsgType;
  if (msgType === 'event') {
    const { Event: name } = parseWith(z.object({ Event: required }), fields, 'an event');
    const known = knownEvent(name);
    if (known) return { ...common, ...parseWith<WechatMessageBody>(eventSchemas[known], fields, `a ${name} event`) };
    const { EventKey } = parseWith(z.object({ EventKey: optional.catch(undefined) }), fields, `a ${name} event`);
    return { ...common, kind: 'event', event: 'other', name, ...(EventKey !== undefined && { eventKey: EventKey }) };
  }
  if (Object.hasOwn(messageSchemas, msgType)) {
    return { ...common, ...parseWith<WechatMessageBody>(messageSchemas[msgType as keyof typeof messageSchemas], fields, `a ${msgType} message`) };
  }
  const msgId = typeof fields.MsgId === 'string' && /^\d+$/.test(fields.MsgId.trim()) ? fields.MsgId.trim() : undefined;
  return { ...common, kind: 'unsupported', msgType, ...(msgId !== undefined && { msgId }) };
}

/**
 * Parses a plaintext message body (or a decrypted one) into a {@link WechatInboundMessage}.
 * @throws WechatError with the XML's codes (`WECHAT_TOO_LARGE`, `WECHAT_FORBIDDEN_XML`,
 *   `WECHAT_BAD_XML`) or `WECHAT_BAD_MESSAGE`.
 */
export function parseWechatMessage(body: string | Uint8Array, options?: ParseWechatXmlOptions): WechatInboundMessage {
  return toWechatMessage(parseWechatXml(body, options));
}
