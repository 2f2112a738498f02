import { describe, expect, it } from 'vitest';
import { redact, redactDeep, redactionMarks, type SensitiveKind } from '../../src/privacy/index.js';

// Test numbers are computed here, with helpers written from the specifications (Luhn, GB 11643),
// rather than remembered.
function luhnValid(digits: string): boolean {
  const sum = [...digits].reverse().reduce((total, char, i) => {
    const doubled = i % 2 === 1 ? Number(char) * 2 : Number(char);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}
/** `body` completed with the check digit that makes it pass Luhn. */
function withLuhn(body: string): string {
  const check = [...'0123456789'].find((digit) => luhnValid(body + digit))!;
  return body + check;
}
/** The same number with a wrong last digit. */
function failingLuhn(body: string): string {
  const valid = withLuhn(body);
  return valid.slice(0, -1) + ((Number(valid.at(-1)) + 1) % 10);
}
/** `body` (17 digits) completed with its GB 11643-1999 check character. */
function withIdCheck(body: string): string {
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (2 ** (17 - i) % 11), 0);
  return body + '10X98765432'[sum % 11];
}
function fullWidth(text: string): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0));
}

const { card: CARD, pin: PIN, cvv: CVV, 'id-card': ID } = redactionMarks;
const VISA = '4111111111111111';
const UNIONPAY = withLuhn('622202123456789012'); // 19 digits
const UNIONPAY_GROUPED = UNIONPAY.replace(/(\d{4})(?=\d)/g, '$1 '); // 6222 0212 3456 7890 12x
const ID_NUMBER = withIdCheck('11010519491231002'); // the standard's example, ends in X
const ID_NUMBER_DIGIT = withIdCheck('44030419900307123'); // one that ends in a digit
const OLD_ID_NUMBER = '110105491231002'; // 15 digits: region 11, born 1949-12-31

describe('the test helpers', () => {
  it('reproduce the published examples', () => {
    expect(luhnValid(VISA)).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ID_NUMBER).toBe('11010519491231002X');
    expect(luhnValid(UNIONPAY)).toBe(true);
    expect(UNIONPAY_GROUPED).toMatch(/^6222 0212 3456 7890 12\d$/);
  });
});

describe('redactionMarks', () => {
  it('are the Chinese texts agents see', () => {
    expect(redactionMarks).toEqual({ card: '[卡号已隐藏]', pin: '[密码已隐藏]', cvv: '[CVV已隐藏]', 'id-card': '[身份证号已隐藏]' });
    expect(Object.isFrozen(redactionMarks)).toBe(true);
  });
});

describe('redact', () => {
  it.each([
    // Cards
    ['a Visa test card', `卡号${VISA}`, `卡号${CARD}`],
    ['a 19-digit UnionPay card', `我的卡是${UNIONPAY}谢谢`, `我的卡是${CARD}谢谢`],
    ['a card grouped with spaces', `卡号 ${UNIONPAY_GROUPED} 刷不了`, `卡号 ${CARD} 刷不了`],
    ['a card grouped with dashes', '4111-1111-1111-1111', CARD],
    ['a card grouped with Unicode dashes', '4111–1111–1111–1111', CARD],
    ['a 13-digit card', withLuhn('422222222222'), CARD],
    ['a 15-digit Amex test card (no ID: 63 is no month)', '378282246310005', CARD],
    ['full-width digits, keeping the full-width colon and full stop', `卡号：${fullWidth(VISA)}。`, `卡号：${CARD}。`],
    ['a card grouped with ideographic spaces', `卡号${fullWidth('4111　1111　1111　1111')}`, `卡号${CARD}`],
    ['a card followed by its CVV without a keyword', '4111 1111 1111 1111 123', `${CARD} 123`],
    ['a card followed by a stray x', `卡号${VISA}x`, `卡号${CARD}x`],
    ['a card after another number', '订单 2023 4111111111111111', `订单 2023 ${CARD}`],
    // ID-card numbers
    ['an 18-character ID ending in X', `身份证${ID_NUMBER}`, `身份证${ID}`],
    ['an ID ending in a lower-case x', `身份证号${ID_NUMBER.toLowerCase()}。`, `身份证号${ID}。`],
    ['an ID ending in a digit', `证件号：${ID_NUMBER_DIGIT}`, `证件号：${ID}`],
    ['an ID grouped 6-8-4', '身份证 110105 19491231 002X', `身份证 ${ID}`],
    ['an ID in full-width characters', `身份证${fullWidth('11010519491231002')}Ｘ`, `身份证${ID}`],
    ['a 15-digit old ID', `老身份证${OLD_ID_NUMBER}`, `老身份证${ID}`],
    // PINs
    ['密码是', '密码是123456', `密码是${PIN}`],
    ['我的密码：', '我的密码：888888', `我的密码：${PIN}`],
    ['PIN', 'PIN 1234', `PIN ${PIN}`],
    ['digits between keyword and text', '密码123456忘了', `密码${PIN}忘了`],
    ['digits typed one by one', '卡密码是 6 6 6 6 6 6', `卡密码是 ${PIN}`],
    ['Traditional 密碼', '密碼是123456', `密碼是${PIN}`],
    ['交易密码', '交易密码 654321', `交易密码 ${PIN}`],
    ['取款密码', '取款密码：1234', `取款密码：${PIN}`],
    ['支付密码', '支付密码为 135790', `支付密码为 ${PIN}`],
    ['pin码', 'pin码1234', `pin码${PIN}`],
    ['PIN code', 'PIN code: 1234', `PIN code: ${PIN}`],
    ['口令', '口令是 8888', `口令是 ${PIN}`],
    ['a few words between keyword and digits', '支付密码应该是 2468', `支付密码应该是 ${PIN}`],
    ['full-width digits', '密码是１２３４５６', `密码是${PIN}`],
    ['full-width PIN and digits', 'ＰＩＮ　１２３４', `ＰＩＮ　${PIN}`],
    // CVVs
    ['CVV', 'CVV 123', `CVV ${CVV}`],
    ['cvv2 with a colon', 'cvv2: 123', `cvv2: ${CVV}`],
    ['CVN2 and 是', 'CVN2是4567', `CVN2是${CVV}`],
    ['安全码', '安全码是 456', `安全码是 ${CVV}`],
    ['校验码 with a full-width colon', '校验码：321', `校验码：${CVV}`],
    ['背面三位数', '背面三位数为 654', `背面三位数为 ${CVV}`],
    ['背面后三位', '背面后三位789', `背面后三位${CVV}`],
    ['卡背后三位', '卡背后三位：321', `卡背后三位：${CVV}`],
    // Several in one text
    [
      'a card, its CVV and PIN in one message',
      `卡号${UNIONPAY_GROUPED}，背面后三位是 123，密码 654321，帮我看看`,
      `卡号${CARD}，背面后三位是 ${CVV}，密码 ${PIN}，帮我看看`,
    ],
    ['two cards', `${VISA} 和 ${UNIONPAY}`, `${CARD} 和 ${CARD}`],
  ])('redacts %s', (_what, input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    ['a response code', '刷卡显示55'],
    ['a response code after 返回码', '返回码75'],
    ['a zero-led response code', '返回码05，请重试'],
    ['a 2-digit code after 密码错误', '密码错误55'],
    ['a deposit', '押金100元'],
    ['a yearly fee', '年费299元'],
    ['an amount with a thousands separator', '刷满10,000元返现'],
    ['an amount after a PIN keyword, with its unit', '密码键盘 1000元'],
    ['a number in the next phrase after a PIN keyword', '密码错误，押金1000'],
    ['a mobile number', '手机13800138000'],
    ['a grouped mobile number', '手机 138-0013-8000'],
    ['a date', '日期 2024-01-15 14:30'],
    ['a compact date', '20240115'],
    ['a terminal number', '终端号 12345678'],
    ['a 16-digit SN failing Luhn', `SN ${failingLuhn('600000000012345')}`],
    ['a 19-digit order number failing Luhn', `订单号${failingLuhn('202401151234567890')}`],
    ['a Luhn-valid card inside a longer digit run', `交易单号42${VISA}00012345`],
    ['7 digits after a PIN keyword', '密码 1234567'],
    ['3 digits after a PIN keyword', '密码 123'],
    ['pin at the start of an English word', 'ping 1234 ms'],
    ['pin in the middle of an English word', 'shopping 1234'],
    ['pin at the end of an English word', 'spin 1234'],
    ['2 digits after a CVV keyword', 'CVV 12'],
    ['5 digits after a CVV keyword', '安全码 12345'],
    ['short numbers', '第3台机器，5张小票，等了20分钟'],
    ['text without digits', '我的卡刷不了，怎么办？'],
  ])('leaves alone %s', (_what, input) => {
    expect(redact(input)).toEqual({ text: input, found: [] });
  });

  it('keeps an 18-digit number whose ID checksum is right but whose birth date is impossible', () => {
    const numbers = [...'0123456789'].map((seq) => withIdCheck(`1101051999134000${seq}`)); // month 13
    const notCards = numbers.filter((number) => !number.endsWith('X') && !luhnValid(number));
    expect(notCards.length).toBeGreaterThan(0);
    for (const number of notCards) expect(redact(number).found).toEqual([]);
  });

  it('keeps a 15-digit number outside the ID regions that fails Luhn', () => {
    const number = failingLuhn('99010549123100'); // region 99
    expect(redact(number).found).toEqual([]);
  });

  it('reports an 18-digit ID that also passes Luhn as an ID', () => {
    const both = Array.from({ length: 1000 }, (_, seq) => withIdCheck(`44030419900307${String(seq).padStart(3, '0')}`)).find(
      (number) => !number.endsWith('X') && luhnValid(number),
    );
    expect(both).toBeDefined();
    expect(redact(`证件 ${both}`)).toEqual({ text: `证件 ${ID}`, found: ['id-card'] });
  });

  it.each<[string, string, SensitiveKind[]]>([
    ['nothing', '押金100元', []],
    ['a card', `卡号${VISA}`, ['card']],
    ['kinds in order of first appearance', `身份证${ID_NUMBER}，卡号${VISA}，密码123456，cvv 123`, ['id-card', 'card', 'pin', 'cvv']],
    ['a PIN before a card', `密码123456，卡号${VISA}`, ['pin', 'card']],
    ['each kind once', `${VISA} ${UNIONPAY} 密码1234 口令5678`, ['card', 'pin']],
  ])('reports %s in found', (_what, input, found) => {
    expect(redact(input).found).toEqual(found);
  });

  it('agrees with a Luhn oracle on seeded random 13-19 digit numbers', () => {
    let seed = 42;
    const nextDigit = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String(seed % 10);
    };
    let cards = 0;
    for (let n = 0; n < 700; n += 1) {
      // Leading 9: no ID region starts with 9, so Luhn alone decides.
      const number = '9' + Array.from({ length: 12 + (n % 7) }, nextDigit).join('');
      const expected = luhnValid(number) ? CARD : number;
      expect(redact(`号码 ${number} 。`).text, number).toBe(`号码 ${expected} 。`);
      if (luhnValid(number)) cards += 1;
    }
    expect(cards).toBeGreaterThan(30); // the oracle did say "card" often enough to test something
  });

  it('keeps characters outside the redacted span exactly as typed, even when NFKC would change them', () => {
    const input = `①号机 ＰＯＳ　卡号：${fullWidth(VISA)}（ﾃｽﾄ）`;
    expect(redact(input).text).toBe(`①号机 ＰＯＳ　卡号：${CARD}（ﾃｽﾄ）`);
  });
});

describe('redactDeep', () => {
  it('redacts every string of nested objects and arrays and leaves other values alone', () => {
    const input = {
      text: `卡号${VISA}`,
      turns: [{ user: '密码是123456', bot: '请勿发送密码' }, ['cvv 123', 42]],
      meta: { count: 3, ok: true, none: null, card: 4111111111111111 },
    };
    expect(redactDeep(input)).toEqual({
      text: `卡号${CARD}`,
      turns: [{ user: `密码是${PIN}`, bot: '请勿发送密码' }, [`cvv ${CVV}`, 42]],
      meta: { count: 3, ok: true, none: null, card: 4111111111111111 },
    });
  });

  it('does not mutate its input', () => {
    const input = { turns: [{ user: `卡号${VISA}` }], id: ID_NUMBER };
    const before = structuredClone(input);
    const copy = redactDeep(input);
    expect(input).toEqual(before);
    expect(copy.turns).not.toBe(input.turns);
    expect(copy.turns[0]).not.toBe(input.turns[0]);
  });

  it('redacts a string given on its own', () => {
    expect(redactDeep(`密码123456`)).toBe(`密码${PIN}`);
  });

  it('keeps a "__proto__" key of parsed JSON as a key', () => {
    const input: unknown = JSON.parse(`{"__proto__": {"card": "${VISA}"}}`);
    const copy = redactDeep(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ card: CARD });
  });

  it('copies errors with their class, redacting message, stack and cause', () => {
    const cause = new Error(`卡号${VISA}`);
    const error = new TypeError(`密码123456 不对`, { cause });
    const copy = redactDeep(error);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe(`密码${PIN} 不对`);
    expect(copy.stack).toContain(`TypeError: 密码${PIN} 不对`);
    expect((copy.cause as Error).message).toBe(`卡号${CARD}`);
    expect(error.message).toBe('密码123456 不对');
  });

  it('returns class instances such as dates as they are', () => {
    const date = new Date(0);
    expect(redactDeep({ date }).date).toBe(date);
  });

  it('keeps cycles as cycles', () => {
    const input: { text: string; self?: unknown } = { text: `卡号${VISA}` };
    input.self = input;
    const copy = redactDeep(input);
    expect(copy.self).toBe(copy);
    expect(copy.text).toBe(`卡号${CARD}`);
  });
});

describe('redact: numbers the user labels as the merchant or terminal own', () => {
  // 4111111111111111 passes Luhn; labelled as a merchant number or SN it is what an agent needs.
  it.each([
    ['我的商户号是4111111111111111', '我的商户号是4111111111111111'],
    ['终端号：4111111111111111', '终端号：4111111111111111'],
    ['SN: 4111111111111111', 'SN: 4111111111111111'],
    ['商户号 4111111111111111，卡号 4111111111111111', '商户号 4111111111111111，卡号 [卡号已隐藏]'],
  ])('keeps %s', (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });
});
