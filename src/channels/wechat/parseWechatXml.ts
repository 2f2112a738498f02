import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatError } from './WechatError.js';

/** An element's content: its text, its child elements, or the list of a repeated element. */
export type WechatXmlValue = string | WechatXmlFields | readonly WechatXmlValue[];
/** The children of WeChat's `<xml>` root, by element name. */
export interface WechatXmlFields {
  readonly [name: string]: WechatXmlValue;
}

export interface ParseWechatXmlOptions {
  /** Largest body read, in bytes; WeChat's messages are a few KB. Default 64 KB. */
  readonly maxBytes?: number;
}

export const WECHAT_XML_MAX_BYTES = 64 * 1024;

// WeChat's XML has no DOCTYPE and no entity of its own: one that declares either is an attack
// (billion laughs, external entities), refused before any parser sees it.
const FORBIDDEN = /<!DOCTYPE|<!ENTITY/i;
const CDATA = '#cdata';
const TEXT = '#text';

const parser = new XMLParser({
  // Entities stay as written: the five predefined ones are decoded below, nothing else ever is.
  processEntities: false,
  htmlEntities: false,
  // MsgId is a 64-bit integer: as a JS number it would lose its last digits.
  parseTagValue: false,
  ignoreAttributes: true,
  // CDATA apart from text, so "&amp;" inside CDATA stays literal and outside it is decoded.
  cdataPropName: CDATA,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 16,
});

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; any other entity is refused. */
function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new WechatError('WECHAT_BAD_XML', `character reference ${whole} is not a character`);
      return String.fromCodePoint(code);
    }
    const decoded = PREDEFINED[name];
    if (decoded === undefined) throw new WechatError('WECHAT_BAD_XML', `undeclared entity ${whole}`);
    return decoded;
  });
}

function toValue(node: unknown, path: string): WechatXmlValue {
  if (typeof node === 'string') return decodeText(node);
  if (Array.isArray(node)) return node.map((item) => toValue(item, path));
  if (typeof node !== 'object' || node === null) return String(node);
  const entries = Object.entries(node);
  const cdata = (node as Record<string, unknown>)[CDATA];
  if (cdata !== undefined) {
    // <A><![CDATA[…]]></A>, maybe with whitespace around it; WeChat never mixes text and CDATA.
    const text = (node as Record<string, unknown>)[TEXT];
    if (entries.length > (text === undefined ? 1 : 2) || (typeof text === 'string' && text.trim() !== '')) {
      throw new WechatError('WECHAT_BAD_XML', `<${path}> mixes CDATA with other content`);
    }
    return Array.isArray(cdata) ? cdata.join('') : String(cdata);
  }
  const fields: Record<string, WechatXmlValue> = {};
  for (const [name, child] of entries) {
    if (name === TEXT) {
      if (typeof child === 'string' && child.trim() !== '') throw new WechatError('WECHAT_BAD_XML', `<${path}> mixes text with elements`);
      continue;
    }
    fields[name] = toValue(child, name);
  }
  return fields;
}

/**
 * Reads a body WeChat posted (or a decrypted message) into the fields of its `<xml>` root, as
 * strings: nothing is converted, so 64-bit ids keep their digits. Never resolves a DOCTYPE or an
 * entity beyond XML's five predefined ones.
 * @throws WechatError `WECHAT_TOO_LARGE` over `maxBytes`, `WECHAT_FORBIDDEN_XML` for a DOCTYPE or
 *   entity declaration, `WECHAT_BAD_XML` for anything that is not well-formed `<xml>…</xml>`.
 */
export function parseWechatXml(body: string | Uint8Array, { maxBytes = WECHAT_XML_MAX_BYTES }: ParseWechatXmlOptions = {}): WechatXmlFields {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > maxBytes) throw new WechatError('WECHAT_TOO_LARGE', `the body is ${size} bytes, over the ${maxBytes}-byte limit`);
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (FORBIDDEN.test(text)) throw new WechatError('WECHAT_FORBIDDEN_XML', 'the body declares a DOCTYPE or an entity');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new WechatError('WECHAT_BAD_XML', `the body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let document: Record<string, unknown>;
  try {
    document = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new WechatError('WECHAT_BAD_XML', `the body could not be parsed: ${(error as Error).message}`, { cause: error });
  }
  const roots = Object.keys(document);
  const root = document.xml;
  if (roots.length !== 1 || root === undefined) throw new WechatError('WECHAT_BAD_XML', `the root element must be <xml> alone, found ${roots.map((r) => `<${r}>`).join(', ') || 'none'}`);
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    if (root === '') return {};
    throw new WechatError('WECHAT_BAD_XML', '<xml> must hold elements');
  }
  const fields = toValue(root, 'xml');
  if (typeof fields === 'string' || Array.isArray(fields)) throw new WechatError('WECHAT_BAD_XML', '<xml> must hold elements');
  return fields as WechatXmlFields;
}
