import { describe, expect, it } from 'vitest';
import { isRedactionCarry, redact, redactionMarks, type RedactionCarry } from '../../src/privacy/index.js';
import { redactConversation, UNIONPAY } from './testNumbers.js';

const { card: CARD } = redactionMarks;
const FIRST = '6222 0212 3456'; // the first 12 digits of UNIONPAY
const REST = '7890 12' + UNIONPAY.at(-1);

describe('redact with a carry', () => {
  it('returns text and found only when called without options', () => {
    expect(Object.keys(redact(FIRST))).toEqual(['text', 'found']);
  });

  it('returns no carry when nothing is pending', () => {
    expect(redact('你好，押金怎么退', { carry: undefined }).carry).toBeUndefined();
    expect(redact(`卡号${UNIONPAY}`, { carry: undefined }).carry).toBeUndefined();
  });

  it.each([FIRST, '4111 1111', '卡号5123456789', '我的密码是', '密码是多少'])('leaves a carry for %s that holds none of its digits', (message) => {
    const { carry } = redact(message, { carry: undefined });
    expect(carry).toBeDefined();
    expect(isRedactionCarry(carry)).toBe(true);
    expect(carry!.length).toBeLessThanOrEqual(16);
    const digits = message.replace(/\D/g, '');
    for (let i = 0; i + 4 <= digits.length; i += 1) expect(carry).not.toContain(digits.slice(i, i + 4));
  });

  it('reports a card completed by the second message in found', () => {
    const { carry } = redact(FIRST, { carry: undefined });
    expect(redact(REST, { carry })).toEqual({ text: CARD, found: ['card'], carry: undefined });
  });

  it('works with a carry that went through JSON, as conversation state does', () => {
    const { carry } = redact(FIRST, { carry: undefined });
    const stored: unknown = JSON.parse(JSON.stringify({ carry })).carry;
    expect(isRedactionCarry(stored)).toBe(true);
    expect(redact(REST, { carry: stored as RedactionCarry }).text).toBe(CARD);
  });

  it('ignores a carry it did not make', () => {
    for (const forged of ['', 'rc1', 'rc1:12:9:', 'rc1:99:00:', '6222021234', 'rc1:12:00:zz']) {
      expect(isRedactionCarry(forged)).toBe(false);
      expect(redact(REST, { carry: forged as RedactionCarry }).text).toBe(REST);
    }
  });

  it('hides the first part the same way without a carry', () => {
    expect(redact(FIRST).text).toBe(CARD);
  });

  it('forgets a password question after one message', () => {
    expect(redactConversation(['密码是多少', '好的', '123456'])).toEqual(['密码是多少', '好的', '123456']);
  });

  it('forgets the start of a card after a message that does not continue it', () => {
    // A limitation, kept on purpose: the carry holds one trailing run, not a history.
    expect(redactConversation([FIRST, '等一下', REST])).toEqual([CARD, '等一下', REST]);
  });
});
