import { redactionMarks } from '../privacy/index.js';

// The words that name what was hidden, and the glue around them: 我的卡号是 [卡号已隐藏]，密码 [密码已隐藏].
const MARKS = new RegExp(Object.values(redactionMarks).map((mark) => mark.replace(/[[\]]/g, '\\$&')).join('|'), 'g');
const LABELS = /银行卡号?|信用卡号?|储蓄卡号?|卡号|交易密码|密码|身份证号?码?|安全码|cvv2?|cvn2?|我的|这是|是|为|还有|和|后面|[\s:：,，.。;；、!！~～()（）]/gi;

/**
 * Whether a redacted message held nothing but what was hidden and its labels ("卡号 [卡号已隐藏]"):
 * there is no question left to search for, only the warning to give.
 */
export function onlySecrets(redactedText: string): boolean {
  const withoutMarks = redactedText.replace(MARKS, '');
  return withoutMarks.length < redactedText.length && withoutMarks.replace(LABELS, '').length === 0;
}
