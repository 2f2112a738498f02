import type { WechatSealed } from './createWechatCrypto.js';

/** A field of a reply: text goes in CDATA, numbers as they are, objects become child elements. */
export type WechatXmlReplyValue = string | number | { readonly [name: string]: WechatXmlReplyValue };

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Characters XML 1.0 forbids anywhere, CDATA included: C0 controls but tab, LF and CR, lone
// surrogates, U+FFFE and U+FFFF. A user's text can carry them; the reply must still parse.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as CDATA that cannot be broken out of: each `]]>` inside is split across two sections
 * (`]]` ends one, `>` opens the next), and characters XML forbids are dropped.
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, value: WechatXmlReplyValue): string {
  if (!ELEMENT_NAME.test(name)) throw new TypeError(`kefu wechat: ${JSON.stringify(name)} is not an XML element name`);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`kefu wechat: <${name}> must be a whole number, got ${value}`);
    return `<${name}>${value}</${name}>`;
  }
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  return `<${name}>${Object.entries(value).map(([child, v]) => element(child, v)).join('')}</${name}>`;
}

/** WeChat's `<xml>` document of the given fields, in their order. */
export function buildWechatXml(fields: { readonly [name: string]: WechatXmlReplyValue }): string {
  return element('xml', fields);
}

/** Who a passive reply goes to and from: the request's FromUserName and ToUserName, swapped. */
export interface WechatReplyAddress {
  /** The user's OpenID (the request's FromUserName). */
  readonly toUser: string;
  /** The account (the request's ToUserName). */
  readonly fromUser: string;
  /** Seconds since the epoch. */
  readonly createTime: number;
}

/** A passive text reply. WeChat shows at most 2,048 bytes of it; splitting is the caller's job. */
export function buildTextReply({ toUser, fromUser, createTime, content }: WechatReplyAddress & { readonly content: string }): string {
  return buildWechatXml({ ToUserName: toUser, FromUserName: fromUser, CreateTime: createTime, MsgType: 'text', Content: content });
}

/** A passive image reply of media uploaded before (its MediaId). */
export function buildImageReply({ toUser, fromUser, createTime, mediaId }: WechatReplyAddress & { readonly mediaId: string }): string {
  return buildWechatXml({ ToUserName: toUser, FromUserName: fromUser, CreateTime: createTime, MsgType: 'image', Image: { MediaId: mediaId } });
}

/** The envelope of a safe-mode reply, from {@link WechatCrypto.seal}'s fields. */
export function buildEncryptedReply({ Encrypt, MsgSignature, TimeStamp, Nonce }: WechatSealed): string {
  // TimeStamp is a number in WeChat's samples; it is the request's timestamp, echoed.
  if (!/^\d+$/.test(TimeStamp)) throw new TypeError(`kefu wechat: TimeStamp must be digits, got ${JSON.stringify(TimeStamp)}`);
  return `<xml>${element('Encrypt', Encrypt)}${element('MsgSignature', MsgSignature)}<TimeStamp>${TimeStamp}</TimeStamp>${element('Nonce', Nonce)}</xml>`;
}
