import { redactionMarks } from '../privacy/index.js';
import type { PosDetails } from './TicketView.js';

export type { PosDetails } from './TicketView.js';

// What may stand between a label and its value: spaces, colons, quotes, "是", "为", "is".
const QUOTES = `"“”'‘’「」`;
const SEP = String.raw`[\s:：=,，${QUOTES}]*(?:的?是|为|了|is)?[\s:：=${QUOTES}]*`;

const MERCHANT = new RegExp(String.raw`(?:商户(?:编号|编码|代码|号码?)|merchant\s*(?:no\.?|number|id|code))${SEP}(\d{15})(?!\d)`, 'gi');

const SERIAL_VALUE = String.raw`(?=[a-z]*\d)[a-z0-9]{6,24}(?![a-z0-9])`;
const SERIAL_LABEL = String.raw`(?:(?<![a-z])s\/?n(?![a-z0-9])(?:\s*(?:号码?|码|no\.?|number))?|序列号码?|机身(?:编?号|编码)|终端(?:编?号|编码)|机器编号)`;
// A label then the serial, or a word that is "SN" and the serial run together ("SN12345678"),
// which is kept whole: it is what the merchant read off the label.
const SERIAL = new RegExp(String.raw`${SERIAL_LABEL}${SEP}(${SERIAL_VALUE})|(?<![a-z0-9])(sn${SERIAL_VALUE.replace('{6,24}', '{4,22}')})`, 'gi');

const CODE_VALUE = String.raw`(?:\d[0-9a-z]|[a-z]\d)`;
// Not part of a longer number, a decimal or a time, and not a quantity ("提示 10 次", "显示 20 元").
const NOT_A_QUANTITY = String.raw`(?![a-z0-9])(?![.．:：]\d)(?!\s*(?:元|块|次|秒|分|个|笔|张|台|天|号|点|%|岁|万|千|百|位|年|月|日|小时))`;
const CODE_LABEL = String.raw`(?:返回码|错误码|故障码|响应码|应答码|代码|提示码?|显示|报(?:错|了)*|出现)`;
const RESPONSE_CODE = new RegExp(String.raw`${CODE_LABEL}${SEP}(${CODE_VALUE})${NOT_A_QUANTITY}`, 'gi');
const BARE_CODE = new RegExp(String.raw`^${CODE_VALUE}$`, 'i');
const BARE_SERIAL = new RegExp(String.raw`^${SERIAL_VALUE}$`, 'i');
// Network generations that a screen shows next to a signal bar ("显示 4G"), not codes.
const NETWORK = /^[2-5]g$/i;

// Each redaction mark, as redact() writes it and with the full-width brackets people also use.
const MARKS = new RegExp(
  Object.values(redactionMarks)
    .flatMap((mark) => [mark, mark.replace(/^\[/, '【').replace(/\]$/, '】')])
    .map((mark) => mark.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

/**
 * The merchant number, terminal serial and response code a merchant mentioned, for the agent:
 * from `texts` (the user's messages, oldest first, already redacted), the latest mention of
 * each winning, and from a guided flow's answers in `vars` (`sn`; `merchant_or_sn`, 15 digits
 * being a merchant number; `message`, `responseCode`, `screen_text`, `error_text` when they hold
 * a code), which win over the texts because the flow asked for them just before handing off.
 * Nothing is taken from a redaction mark. Absent details are absent keys.
 */
export function extractPosDetails(texts: readonly string[], vars: Readonly<Record<string, unknown>>): PosDetails {
  const found: { terminalSerial?: string; merchantNumber?: string; responseCode?: string } = {};
  for (const text of texts) mergeInto(found, fromText(text));

  const serial = serialFrom(vars.sn);
  if (serial) found.terminalSerial = serial;
  const merchantOrSerial = prepare(vars.merchant_or_sn);
  if (merchantOrSerial !== undefined) {
    const digits = merchantOrSerial.replace(/\s+/g, '');
    if (/^\d{15}$/.test(digits)) found.merchantNumber = digits;
    else mergeInto(found, { ...fromText(merchantOrSerial), terminalSerial: serialFrom(merchantOrSerial) });
  }
  for (const key of ['screen_text', 'error_text', 'message', 'responseCode']) {
    const code = codeFrom(vars[key]);
    if (code) found.responseCode = code;
  }
  return found;
}

function fromText(raw: string): PosDetails {
  const text = raw.normalize('NFKC').replace(MARKS, '\uFFFC');
  const merchantNumber = lastOf(text.matchAll(MERCHANT), (m) => m[1]);
  const terminalSerial = lastOf(text.matchAll(SERIAL), (m) => m[1] ?? m[2])?.toUpperCase();
  const responseCode = lastOf(text.matchAll(RESPONSE_CODE), (m) => (NETWORK.test(m[1]!) ? undefined : m[1]))?.toUpperCase();
  return { merchantNumber, terminalSerial, responseCode };
}

function lastOf(matches: Iterable<RegExpMatchArray>, value: (match: RegExpMatchArray) => string | undefined): string | undefined {
  let last: string | undefined;
  for (const match of matches) last = value(match) ?? last;
  return last;
}

function mergeInto(target: { -readonly [K in keyof PosDetails]: PosDetails[K] }, source: PosDetails): void {
  for (const key of ['terminalSerial', 'merchantNumber', 'responseCode'] as const) {
    const value = source[key];
    if (value) target[key] = value;
  }
}

/** A flow answer as text (folded, marks blanked out), or undefined when it is no text. */
function prepare(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  if (typeof value !== 'string') return undefined;
  return value.normalize('NFKC').replace(MARKS, '\uFFFC').trim();
}

function serialFrom(value: unknown): string | undefined {
  const text = prepare(value);
  if (text === undefined) return undefined;
  if (BARE_SERIAL.test(text)) return text.toUpperCase();
  return fromText(text).terminalSerial;
}

function codeFrom(value: unknown): string | undefined {
  // A number from a numeric answer: 5 was typed as 05.
  const text = typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 100 ? String(value).padStart(2, '0') : prepare(value);
  if (text === undefined) return undefined;
  if (BARE_CODE.test(text) && !NETWORK.test(text)) return text.toUpperCase();
  return fromText(text).responseCode;
}
