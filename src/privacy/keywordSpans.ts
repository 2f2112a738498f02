import type { SensitiveKind, Span, SpanSet } from './spanSet.js';

// Every pattern here is a keyword followed or preceded by bounded pieces ({0,10}, {1,3}, {3,5}):
// no unbounded quantifier is nested in another, so each match attempt costs a constant and a
// scan is linear in the text.

// A PIN keyword: 密码 covers 交易/取款/支付密码; pin also pin码 and PIN code; mima and mi ma are the
// pinyin. English words and pinyin only as whole words, so "shopping 1234" is no PIN.
const PIN_KEYWORD = String.raw`(?:密[码碼]|口令|(?<![a-z])(?:pin(?:code)?|password|passcode|passwd|mi ?ma)(?![a-z]))`;
const PIN_DIGITS = String.raw`(\d(?: ?\d){3,5})(?! ?\d)`;
// Not followed by a unit, so "密码键盘 1000元" (a PIN pad's price) is kept.
const NO_UNIT = String.raw`(?! *(?:元|块|圆|次|台|张|笔|天|年|月|日|号|个|位|%))`;

// A keyword, then either up to ten characters that are neither digits nor the end of a phrase (a
// comma or full stop: "密码错误，押金1000" is two phrases), or only punctuation and line breaks
// ("密码。123456", "密码：\n123456"), then 4 to 6 digits, possibly typed one by one with spaces
// (6 6 6 6 6 6). Not followed by more digits, so a longer number is no PIN. Two-digit response
// codes (密码错误55) are too short to match.
const PIN_PHRASE = new RegExp(`${PIN_KEYWORD}(?:[^\\d\\n。，,.!?;、]{0,10}|[\\s。.，,、:：;；]{1,3})${PIN_DIGITS}${NO_UNIT}`, 'gid');

// 4 to 6 digits, then a short fixed phrase that calls them a PIN: "604193是我的密码",
// "123456就是密码", "8888 是银行卡密码". The phrase is a closed list rather than any few
// characters, so "转了5000给他说是密码错" is no PIN. The digits are not part of a longer number.
const PIN_BEFORE_KEYWORD = new RegExp(
  String.raw`(?<![\d.] ?)${PIN_DIGITS} ?(?:就|也|应该|好像|可能|都)?(?:是|为|為) ?(?:我|我的|我卡的|卡的|他的|她的|我们的)?(?:银行卡|信用卡|储蓄卡|卡)?的?(?:交易|取款|支付|查询)?${PIN_KEYWORD}`,
  'gid',
);

// A CVV keyword (cvv, cvv2, cvc, cvn, cvn2, 安全码, 校验码, 背面三位数, 背面后三位, 卡背后三位, and a
// bare 后三位), only 是/为/is, colons and spaces after it, then 3 or 4 digits, together or one by
// one with single spaces, and no further digit. The keyword is specific, so the rule is strict
// about what stands between it and the digits. 后三位 after a number's name (卡号后三位, 手机后三位,
// 身份证后三位) are the last digits of that number, which agents may see, as they see 卡号后四位.
const CVV_PHRASE =
  /(?:(?<![a-z])(?:cvv|cvc|cvn)2?(?![a-z])[码碼]?|安全[码碼]|校[验驗][码碼]|卡?背面?的?[后後]?三位[数數]?字?|(?<![号號码碼机機话話证證]的?)[后後][三3]位[数數]?字?)[ :]*(?:是|为|為|is)?[ :]*(\d{3,4}(?!\d)|\d(?: \d){2,3}(?! ?\d))/gid;

// A message that asks for the PIN (密码是多少, 收银员问我密码是多少, pin码是什么) or ends announcing
// it (我的密码是, 交易密码：): the next message may be the PIN alone.
const PIN_QUESTION = new RegExp(`${PIN_KEYWORD}[码碼]? ?(?:是|为|為|shi)? ?(?:多少|什么(?!意思)|啥(?!意思)|几(?!位|次|遍)|呢|[?？])|what(?:'s| is) (?:the|your|my) (?:pin|password)`, 'i');
const PIN_ANNOUNCED = new RegExp(`${PIN_KEYWORD}[码碼]? ?(?:就是|是|为|為|如下|shi)?[\\s:：,，。.…~～]*$`, 'i');
const ANNOUNCEMENT_WINDOW = 24;

// The whole message is the PIN: 4 to 6 digits with a little filler (是, 就是, 吧), nothing else.
const BARE_PIN = /^\s*(?:就是|应该是|好像是|可能是|大概是|我的是|是|为)?[\s:：]*(\d(?: ?\d){3,5})[\s。.!！~～]*(?:吧|啊|呀|哦|呢)?[\s。.!！~～]*$/d;
const BARE_PIN_MAX_LENGTH = 40;

/** CVVs, then PINs after and before their keyword, in that order of trust. */
export function addKeywordSpans(text: string, spans: SpanSet): void {
  addCaptures(text, CVV_PHRASE, 'cvv', spans);
  addCaptures(text, PIN_PHRASE, 'pin', spans);
  addCaptures(text, PIN_BEFORE_KEYWORD, 'pin', spans);
}

/** Whether `text` asks for a PIN or ends announcing one, so that the next message may be it. */
export function asksForPin(text: string): boolean {
  return PIN_QUESTION.test(text) || PIN_ANNOUNCED.test(text.slice(-ANNOUNCEMENT_WINDOW));
}

/** The PIN of a message that is only a PIN, as it may be right after a question about it. */
export function barePin(text: string): Span | undefined {
  if (text.length > BARE_PIN_MAX_LENGTH) return undefined;
  const [start, end] = BARE_PIN.exec(text)?.indices?.[1] ?? [];
  return start === undefined || end === undefined ? undefined : { start, end, kind: 'pin' };
}

/** The captured digits of every match (the keyword stays: agents see what was redacted). */
function addCaptures(text: string, phrase: RegExp, kind: SensitiveKind, spans: SpanSet): void {
  for (const match of text.matchAll(phrase)) {
    const [start, end] = match.indices![1]!;
    spans.add({ start, end, kind });
  }
}
