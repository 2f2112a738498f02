import { describe, expect, it } from 'vitest';
import { redact, redactionMarks } from '../../src/privacy/index.js';
import { redactConversation, VISA } from './testNumbers.js';

// Messages can be tens of thousands of characters long, and every recogniser must stay linear in
// the input. These inputs are the shapes that make a backtracking pattern or a quadratic scan blow
// up; at 100,000 characters a quadratic redactor would not finish within the test timeout.
// They assert what the redactor returns, never how long it took (bench/redact.bench.ts does that).

const { card: CARD, pin: PIN, 'id-card': ID } = redactionMarks;
const LENGTH = 100_000;
const fill = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);

describe('redact: long adversarial inputs', () => {
  it.each([
    ['60,000 digits then text', '6'.repeat(60_000) + fill('卡号').slice(60_000)],
    ['60,000 digits after a PIN keyword', '密码' + '1'.repeat(60_000) + fill('好').slice(60_002)],
    ['single digits joined by spaces', fill('7 ')],
    ['single digits joined by zero-width spaces', fill('7\u200B')],
    ['digits joined by dots', fill('78.')],
    ['a PIN keyword repeated', fill('密码')],
    ['a PIN keyword and filler repeated', fill('密码是')],
    ['a card keyword repeated', fill('卡号')],
    ['a CVV keyword repeated', fill('后三位')],
    ['Chinese numerals repeated', fill('一二三四五六七八九零')],
    ['Chinese numerals with spaces repeated', fill('七 七 ')],
  ])('keeps %s', (_what, input) => {
    expect(input.length).toBe(LENGTH);
    expect(redact(input)).toEqual({ text: input, found: [] });
  });

  it('reads 1 1 1 1 ... as old ID numbers, fifteen ones at a time', () => {
    // 111111111111111 is a valid pre-1999 ID (region 11, born 1911-11-11): a run of spaced ones
    // is cut into IDs from the left, and the five ones left over are no number.
    const input = fill('1 ');
    expect(redact(input)).toEqual({ text: `${ID} `.repeat(3333) + '1 '.repeat(5), found: ['id-card'] });
  });

  it('hides every card of a long list of cards on separate lines', () => {
    const count = Math.floor(LENGTH / (VISA.length + 1));
    const input = `${VISA}\n`.repeat(count);
    // One newline-joined run of thousands of groups: each card is found, none swallows the next.
    expect(redact(input).text).toBe(`${CARD}\n`.repeat(count));
  });

  it('hides every PIN of a long text of PINs in Chinese numerals', () => {
    const unit = '密码一二三四五六，';
    const input = unit.repeat(Math.floor(LENGTH / unit.length));
    expect(redact(input).text).toBe(`密码${PIN}，`.repeat(Math.floor(LENGTH / unit.length)));
  });

  it('hides a card after a long run of card keywords', () => {
    const input = fill('卡号').slice(0, LENGTH - VISA.length) + VISA;
    expect(redact(input).text).toBe(input.slice(0, LENGTH - VISA.length) + CARD);
  });

  it('hides a bare PIN after a long message that ends by announcing a password', () => {
    expect(redactConversation([fill('密码'), '123456'])).toEqual([fill('密码'), PIN]);
  });
});
