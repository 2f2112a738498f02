/**
 * Test numbers for the redaction tests, computed from the specifications (Luhn) rather than
 * remembered, so a mistyped constant cannot make a test pass for the wrong reason.
 */
import { redact, type RedactionCarry } from '../../src/privacy/index.js';

export function luhnValid(digits: string): boolean {
  const sum = [...digits].reverse().reduce((total, char, i) => {
    const doubled = i % 2 === 1 ? Number(char) * 2 : Number(char);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}

/** `body` completed with the check digit that makes it pass Luhn. */
export function withLuhn(body: string): string {
  const check = [...'0123456789'].find((digit) => luhnValid(body + digit))!;
  return body + check;
}

/** The same number with a wrong last digit. */
export function failingLuhn(body: string): string {
  const valid = withLuhn(body);
  return valid.slice(0, -1) + ((Number(valid.at(-1)) + 1) % 10);
}

export const VISA = '4111111111111111';
export const UNIONPAY = withLuhn('622202123456789012'); // 19 digits

/** `digits` written with one numeral per digit, as people read a number aloud. */
export function inChinese(digits: string, numerals = '零一二三四五六七八九'): string {
  return [...digits].map((digit) => (/\d/.test(digit) ? numerals[Number(digit)]! : digit)).join('');
}

/** The messages of one conversation redacted in order, each with the carry the one before left. */
export function redactConversation(messages: readonly string[]): string[] {
  let carry: RedactionCarry | undefined;
  return messages.map((message) => {
    const result = redact(message, { carry });
    carry = result.carry;
    return result.text;
  });
}
