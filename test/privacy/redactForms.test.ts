import { describe, expect, it } from 'vitest';
import { redact, redactionMarks } from '../../src/privacy/index.js';
import { failingLuhn, inChinese, luhnValid, redactConversation, UNIONPAY, VISA, withLuhn } from './testNumbers.js';

// The free-text forms in which merchants type card numbers, PINs and CVVs, and the look-alikes
// (merchant, terminal and order numbers, phones, amounts, dates, codes) that must reach agents.
// A row is [what, message or messages of one conversation, expected text(s) or KEPT]. Messages in
// an array are redacted in order with the carry the previous one left.

const { card: CARD, pin: PIN, cvv: CVV } = redactionMarks;
const KEPT = Symbol('kept');
type Row = readonly [what: string, input: string | readonly string[], expected: string | readonly string[] | typeof KEPT];

const ZERO_WIDTH = { U200B: '\u200B', U200C: '\u200C', U200D: '\u200D', U2060: '\u2060', UFEFF: '\uFEFF' };
const VISA_GROUPS = VISA.match(/\d{4}/g)!; // 4111 1111 1111 1111
const UNIONPAY_GROUPS = UNIONPAY.match(/\d{1,4}/g)!; // 6222 0212 3456 7890 128
const FINANCIAL = '零壹贰叁肆伍陆柒捌玖';
const FINANCIAL_TRADITIONAL = '零壹貳參肆伍陸柒捌玖';
const PHONE = '13800138000';
// Continuations that would complete a Luhn-valid number if the message before were card-like.
const tailAfter = (prefix: string, length: number) => withLuhn(prefix + '1234567890'.slice(0, length - 1)).slice(prefix.length);

const rows: Row[] = [
  // Card groups joined by more than one space or dash
  ['groups joined by dots', `卡号${UNIONPAY_GROUPS.join('.')}`, `卡号${CARD}`],
  ['groups joined by slashes', VISA_GROUPS.join('/'), CARD],
  ['groups joined by underscores', VISA_GROUPS.join('_'), CARD],
  ['groups joined by double spaces', `卡号 ${VISA_GROUPS.join('  ')} 刷不了`, `卡号 ${CARD} 刷不了`],
  ['groups joined by triple spaces', VISA_GROUPS.join('   '), CARD],
  ['groups joined by a tab', VISA_GROUPS.join('\t'), CARD],
  ['groups on separate lines', `卡号\n${UNIONPAY_GROUPS.join('\n')}\n谢谢`, `卡号\n${CARD}\n谢谢`],
  ['groups on separate lines (CRLF)', VISA_GROUPS.join('\r\n'), CARD],
  ['groups joined by " / "', VISA_GROUPS.join(' / '), CARD],
  ['groups joined by ". "', VISA_GROUPS.join('. '), CARD],
  ['groups joined by mixed separators', `${UNIONPAY_GROUPS[0]}.${UNIONPAY_GROUPS[1]}/${UNIONPAY_GROUPS[2]}_${UNIONPAY_GROUPS[3]}  ${UNIONPAY_GROUPS[4]}`, CARD],
  ...Object.entries(ZERO_WIDTH).map(([name, char]): Row => [`groups joined by ${name}`, `卡号${VISA_GROUPS.join(char)}`, `卡号${CARD}`]),
  ['a zero-width space between every digit', [...VISA].join('\u200B'), CARD],
  ['full-width dots', `卡号${VISA_GROUPS.join('．')}`, `卡号${CARD}`],
  ['full-width slashes and digits', `卡号${'４１１１／１１１１／１１１１／１１１１'}`, `卡号${CARD}`],

  // Card numbers in Chinese numerals
  ['a card in Chinese numerals', `卡号${inChinese(UNIONPAY)}`, `卡号${CARD}`],
  ['a card in Chinese numerals with 〇', `卡号是${inChinese(UNIONPAY, '〇一二三四五六七八九')}`, `卡号是${CARD}`],
  ['a card read aloud with 幺 and 两', `我的卡${inChinese(UNIONPAY, '零幺两三四五六七八九')}`, `我的卡${CARD}`],
  ['a card in financial numerals', `卡号${inChinese(UNIONPAY, FINANCIAL)}`, `卡号${CARD}`],
  ['a card in Traditional financial numerals', `卡號${inChinese(VISA, FINANCIAL_TRADITIONAL)}`, `卡號${CARD}`],
  ['a card in Chinese numerals grouped with spaces', `卡号 ${inChinese(UNIONPAY_GROUPS.join(' '))} 刷不了`, `卡号 ${CARD} 刷不了`],
  ['a Visa card in Chinese numerals without a keyword', inChinese(VISA), CARD],

  // PINs in Chinese numerals
  ['a PIN in Chinese numerals', '密码一二三四五六', `密码${PIN}`],
  ['a PIN read aloud with 幺', '密码是幺二三四五六', `密码是${PIN}`],
  ['a PIN with 两', '取款密码两两三三四四', `取款密码${PIN}`],
  ['a PIN in financial numerals', '密码壹贰叁肆伍陆', `密码${PIN}`],
  ['a PIN in Traditional financial numerals', '密碼：壹貳參肆', `密碼：${PIN}`],
  ['a PIN in Chinese numerals with 〇', '我的密码是六〇四一九三', `我的密码是${PIN}`],
  ['a PIN in Chinese numerals typed one by one', '密码 一 二 三 四 五 六', `密码 ${PIN}`],

  // Ordinary Chinese numbers
  ['三个月', '三个月内刷满一万就退押金', KEPT],
  ['两千五', '押金两千五百块', KEPT],
  ['第二个', '第二个密码是什么意思', KEPT],
  ['ninety-nine yuan', '押金九十九元', KEPT],
  ['a count after a PIN keyword', '密码错了三次', KEPT],
  ['a response code in words after a PIN keyword', '密码错误五十五', KEPT],
  ['a date in Chinese numerals', '二〇二四年一月十五日开通的', KEPT],
  ['an idiom of numerals', '客人三三两两地来', KEPT],
  ['一两个月', '等了一两个月了', KEPT],
  ['a large amount in words', '一万两千五百元', KEPT],
  ['three numerals after a PIN keyword', '密码是一二三', KEPT],

  // A card split across two or three messages
  ['a card split after three groups', [UNIONPAY_GROUPS.slice(0, 3).join(' '), UNIONPAY_GROUPS.slice(3).join(' ')], [CARD, CARD]],
  ['a card split after 10 digits', [`卡号 ${UNIONPAY.slice(0, 10)}`, UNIONPAY.slice(10)], [`卡号 ${CARD}`, CARD]],
  ['a card split in the middle: the first half is no fragment', [VISA_GROUPS.slice(0, 2).join(' '), VISA_GROUPS.slice(2).join(' ')], [VISA_GROUPS.slice(0, 2).join(' '), CARD]],
  ['a card split over three messages', [UNIONPAY_GROUPS.slice(0, 2).join(' '), UNIONPAY_GROUPS.slice(2, 4).join(' '), UNIONPAY_GROUPS[4]!], [UNIONPAY_GROUPS.slice(0, 2).join(' '), CARD, CARD]],
  ['a 16-digit fragment and its last three digits', [`卡号${UNIONPAY_GROUPS.slice(0, 4).join(' ')}`, UNIONPAY_GROUPS[4]!], [`卡号${CARD}`, CARD]],
  ['a split card on separate lines', [UNIONPAY_GROUPS.slice(0, 3).join('\n'), UNIONPAY_GROUPS.slice(3).join('\n')], [CARD, CARD]],
  ['a split card with text after the continuation', [UNIONPAY_GROUPS.slice(0, 3).join(' '), `${UNIONPAY_GROUPS.slice(3).join(' ')} 这张卡刷不了`], [CARD, `${CARD} 这张卡刷不了`]],
  ['a split card in Chinese numerals', [inChinese(UNIONPAY_GROUPS.slice(0, 3).join(' ')), inChinese(UNIONPAY_GROUPS.slice(3).join(' '))], [CARD, CARD]],
  ['a fragment followed by something else', [UNIONPAY_GROUPS.slice(0, 3).join(' '), '好的谢谢'], [CARD, '好的谢谢']],
  // 16-19 digits in all after a hidden card start: a mistyped card (issue 10 §6), hidden.
  ['a fragment followed by digits that fail Luhn, 19 in all', [UNIONPAY_GROUPS.slice(0, 3).join(' '), failingLuhn(UNIONPAY.slice(0, -1)).slice(12)], [CARD, CARD]],
  ['a fragment followed by too many digits for a card', [UNIONPAY_GROUPS.slice(0, 3).join(' '), '12345678'], [CARD, '12345678']],
  ['a fragment of 12 digits alone', `卡号 ${UNIONPAY.slice(0, 12)}`, `卡号 ${CARD}`],
  ['a fragment of 10 digits starting with 5', '卡号是5123456789', `卡号是${CARD}`],
  ['a fragment of three groups starting with 4', `${VISA_GROUPS.slice(0, 3).join(' ')}，`, `${CARD}，`],
  ['a phone number, then digits completing a Luhn-valid number', [`手机${PHONE}`, tailAfter(PHONE, 7)], KEPT],
  ['a terminal number, then digits completing a Luhn-valid number', ['终端号 50012345', tailAfter('50012345', 6)], KEPT],
  ['a merchant number, then digits completing a Luhn-valid number', ['商户号 612345678901234', tailAfter('612345678901234', 4)], KEPT],
  ['an amount, then digits completing a Luhn-valid number', ['金额 612345', tailAfter('612345', 10)], KEPT],
  ['a date, then digits completing a Luhn-valid number', ['2024-01-15', tailAfter('20240115', 6)], KEPT],
  ['the last four digits of a card, then more digits', ['卡号后四位5678', tailAfter('5678', 10)], KEPT],
  ['an amount without its unit, then six digits', ['刷了500000', '123456'], KEPT],
  ['an unlabelled 15-digit merchant number', '我们的是898310048990001', KEPT],
  ['a 10-digit number starting with 1', '流水 1234567890', KEPT],

  // PINs before their keyword, after punctuation, in pinyin
  ['a PIN before 是我的密码', '604193是我的密码', `${PIN}是我的密码`],
  ['a PIN before 就是密码', '123456就是密码', `${PIN}就是密码`],
  ['a PIN before 是银行卡密码', '8888 是银行卡密码', `${PIN} 是银行卡密码`],
  ['a PIN before 是我的取款密码', '我想想，135790是我的取款密码吧', `我想想，${PIN}是我的取款密码吧`],
  ['a PIN in Chinese numerals before its keyword', '六零四一九三是我的密码', `${PIN}是我的密码`],
  ['a spaced PIN before its keyword', '6 6 6 6 6 6是密码', `${PIN}是密码`],
  ['a PIN after 密码。', '密码。123456', `密码。${PIN}`],
  ['a PIN after 密码，', '密码，654321', `密码，${PIN}`],
  ['a PIN on the line after its keyword', '密码：\n123456', `密码：\n${PIN}`],
  ['a PIN after mima', 'mima 123456', `mima ${PIN}`],
  ['a PIN after mi ma是', 'mi ma是123456', `mi ma是${PIN}`],
  ['a PIN after MIMA:', 'MIMA:1234', `MIMA:${PIN}`],
  ['a PIN after mima shi', 'wo de mima shi 888888', `wo de mima shi ${PIN}`],
  ['an amount before a PIN keyword', '1000元是密码键盘的价格', KEPT],
  ['a response code before a PIN keyword', '55是密码错误的意思吗', KEPT],
  ['a number in the next phrase after 密码错了。', '密码错了。押金1000元', KEPT],
  ['a response code after mima', 'mima cuo le, 显示55', KEPT],

  // A bare PIN after a message that asked for it or announced it
  ['a PIN after 密码是多少', ['密码是多少', '123456'], ['密码是多少', PIN]],
  ['a PIN after 我的密码是', ['我的密码是', '604193'], ['我的密码是', PIN]],
  ['a PIN after the cashier asked', ['收银员问我密码是多少', '就是888888'], ['收银员问我密码是多少', `就是${PIN}`]],
  ['是 and a PIN after 密码是多少', ['密码是多少', '是1234'], ['密码是多少', `是${PIN}`]],
  ['a spaced PIN after pin码是什么', ['pin码是什么', '1 2 3 4 5 6'], ['pin码是什么', PIN]],
  ['a PIN in Chinese numerals after 我的密码是', ['我的密码是', '一二三四五六'], ['我的密码是', PIN]],
  ['a PIN and 吧 after 密码是多少？', ['密码是多少？', '123456吧'], ['密码是多少？', `${PIN}吧`]],
  ['a PIN after 密码：', ['交易密码：', '  2468 '], ['交易密码：', `  ${PIN} `]],
  ['seven digits after 密码是多少', ['密码是多少', '1234567'], KEPT],
  ['four digits after 密码错误怎么办', ['密码错误怎么办', '1234'], KEPT],
  ['six digits after a greeting', ['你好', '123456'], KEPT],
  ['an amount after 密码是多少', ['密码是多少', '我刷了5000元'], KEPT],

  // CVVs
  ['a spaced CVV after 安全码', '安全码 6 2 9', `安全码 ${CVV}`],
  ['a spaced CVV after cvv', 'cvv 3 7 4', `cvv ${CVV}`],
  ['a spaced four-digit CVV', 'CVV2: 3 7 4 5', `CVV2: ${CVV}`],
  ['后三位是', '后三位是374', `后三位是${CVV}`],
  ['背面后三位 and a space', '背面后三位 374', `背面后三位 ${CVV}`],
  ['卡背面的后三位是', '卡背面的后三位是 374', `卡背面的后三位是 ${CVV}`],
  ['后三位数字是 and spaced digits', '后三位数字是 3 7 4', `后三位数字是 ${CVV}`],
  ['a CVV in Chinese numerals', '安全码是三七四', `安全码是${CVV}`],
  ['the last four digits of a card', '卡号后四位1234', KEPT],
  ['the last three digits of a card number', '卡号后三位123', KEPT],
  ['the last four digits of a phone', '手机后四位 5678', KEPT],
  ['two spaced digits after 安全码', '安全码 1 2', KEPT],

  // Numbers agents need
  ['a merchant number', '商户号 898310048990001', KEPT],
  ['a Luhn-valid merchant number on a line of its own', `商户号\n${VISA}`, KEPT],
  ['a terminal number', '终端号 12345678', KEPT],
  ['an SN', 'SN 00001234567', KEPT],
  ['an order number', '订单号 2024011512345678', KEPT],
  ['a 16-digit order number grouped in fours', '订单 2024 0115 1234 5678', KEPT],
  ['a labelled number grouped in fours', '流水号 6222 0212 3456', KEPT],
  ['a merchant and a terminal number on two lines', '商户号 898310048990001\n终端号 12345678', KEPT],
  ['a grouped phone number', '手机 138 0013 8000', KEPT],
  ['a phone number grouped with double spaces', '手机  138  0013  8000', KEPT],
  ['a phone number on its own', PHONE, KEPT],
  ['an amount with decimals', '金额 1,234.56元', KEPT],
  ['an amount in 块', '刷了2000块', KEPT],
  ['a list of amounts with decimals that would pass Luhn joined', '今天刷了 140.00 350.00 4200.00', KEPT],
  ['a date with slashes and a time', '日期 2024/01/15 14:30', KEPT],
  ['a date with dots', '2024.01.15', KEPT],
  ['a response code', '显示55', KEPT],
  ['a zero-led response code', '返回码 05', KEPT],
  ['an IP address', 'IP 192.168.100.100', KEPT],
  ['a card after a labelled number on the line before', `商户号 123456789012345\n${VISA_GROUPS.join(' ')}`, `商户号 123456789012345\n${CARD}`],
];

describe('redact: free-text forms', () => {
  it('uses test numbers that are what they claim', () => {
    expect(luhnValid(UNIONPAY)).toBe(true);
    expect(luhnValid(UNIONPAY.slice(0, 16))).toBe(false); // a 16-digit fragment is no card of its own
    expect(luhnValid(UNIONPAY.slice(0, 12))).toBe(false);
    expect(luhnValid(failingLuhn(UNIONPAY.slice(0, -1)))).toBe(false);
    expect(luhnValid(PHONE + tailAfter(PHONE, 7))).toBe(true);
    expect(luhnValid('612345' + tailAfter('612345', 10))).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(80);
  });

  it.each(rows)('%s', (_what, input, expected) => {
    const messages = typeof input === 'string' ? [input] : input;
    const wanted = expected === KEPT ? messages : typeof expected === 'string' ? [expected] : expected;
    expect(redactConversation(messages)).toEqual(wanted);
    if (expected === KEPT) for (const message of messages) expect(redact(message).found).toEqual([]);
  });
});
