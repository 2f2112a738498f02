import { describe, expect, it } from 'vitest';
import { failingLuhn, inChinese, UNIONPAY, VISA, withLuhn } from '../privacy/testNumbers.js';
import type { Reply, TestBot } from './harness.js';
import { freshBotPerTest, itPlays, type Transcript } from './playTranscript.js';

/*
 * Issue 10 §6, privacy that says what it did, played through the whole bot (middleware, state,
 * transcript store), as a merchant types: a card number with spaces, dashes or full-width digits,
 * split over two messages, mistyped (failing Luhn); the merchant's own 15-digit 商户号 and
 * 8-digit 终端号 stay visible for the agent; and the warning names what was hidden.
 * Written before the fix: a row or transcript marked `bug` still fails today (`it.fails`).
 */

const bot = freshBotPerTest();

// --- numbers, computed rather than remembered ---------------------------------------------
const UNIONPAY_16 = withLuhn('622848001234567');
const MASTERCARD = withLuhn('545454545454545');
const MISTYPED_19 = failingLuhn('622202123456789012');
const MISTYPED_16 = failingLuhn('622848001234567');
const MISTYPED_VISA = failingLuhn('411111111111111');
/** A 商户号 that passes Luhn, as one in ten does: only its label tells it from a card. */
const MERCHANT = withLuhn('83258125411000');
const TERMINAL = '10293847';
const ORDER = failingLuhn('202612021234567890');
const ID_CARD = residentId('11010119900307123');

/** An 18-character resident ID number (GB 11643-1999) from its first 17 digits. */
function residentId(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

const grouped = (digits: string, separator: string) => digits.replace(/(.{4})(?=.)/g, `$1${separator}`);
const spaced = (digits: string) => grouped(digits, ' ');
const dashed = (digits: string) => grouped(digits, '-');
/** Full-width digits (０-９), as Chinese input methods type them. */
const fullWidth = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** Folded for comparison: NFKC (full-width to ASCII), separators between digits dropped. */
const fold = (text: string) => text.normalize('NFKC').replace(/[\s\-‐-―−._]/g, '');

// --- the table ---------------------------------------------------------------------------
interface Row {
  readonly name: string;
  /** What the merchant sends, one message each. */
  readonly say: readonly string[];
  /** What must not be stored anywhere (compared folded). */
  readonly hidden?: readonly string[];
  /** What must be stored for the agent (compared folded). */
  readonly kept?: readonly string[];
  readonly bug?: string;
}

const rows: readonly Row[] = [
  // Card numbers that pass Luhn, in the ways they are typed.
  { name: '19 digits after 卡号', say: [`卡号 ${UNIONPAY}`], hidden: [UNIONPAY] },
  { name: '19 digits alone', say: [UNIONPAY], hidden: [UNIONPAY] },
  { name: '19 digits in groups of four', say: [spaced(UNIONPAY)], hidden: [UNIONPAY] },
  { name: '19 digits with dashes', say: [`卡号是${dashed(UNIONPAY)}`], hidden: [UNIONPAY] },
  { name: '19 full-width digits', say: [fullWidth(UNIONPAY)], hidden: [UNIONPAY] },
  { name: 'full-width digits in groups', say: [`我的卡 ${spaced(fullWidth(VISA))}`], hidden: [VISA] },
  { name: 'groups separated by full-width spaces', say: [`卡号：${grouped(UNIONPAY_16, '\u3000')}`], hidden: [UNIONPAY_16] },
  { name: 'a Visa number in groups', say: [spaced(VISA)], hidden: [VISA] },
  { name: 'a Mastercard number after 信用卡', say: [`信用卡 ${MASTERCARD}`], hidden: [MASTERCARD] },
  { name: 'a 16-digit UnionPay number with dashes', say: [dashed(UNIONPAY_16)], hidden: [UNIONPAY_16] },
  { name: 'a card inside a sentence', say: [`帮我查下这张卡${VISA}为什么刷不了`], hidden: [VISA] },
  { name: 'a card with its CVV', say: [`卡号${VISA} 安全码123`], hidden: [VISA, '安全码123'] },
  { name: 'a card read aloud in Chinese numerals', say: [`卡号${inChinese(VISA)}`], hidden: [inChinese(VISA)] },
  { name: 'a card over two lines', say: [`卡号\n${spaced(UNIONPAY).slice(0, 14)}\n${spaced(UNIONPAY).slice(15)}`], hidden: [UNIONPAY] },
  // Mistyped card numbers (failing Luhn): hidden when next to card words or starting like a card.
  { name: 'a mistyped 19-digit card after 卡号 (the issue\'s case)', say: [`卡号 ${MISTYPED_19}`], hidden: [MISTYPED_19] },
  { name: 'a mistyped 19-digit card alone, starting 62', say: [MISTYPED_19], hidden: [MISTYPED_19] },
  { name: 'a mistyped 19-digit card in groups', say: [spaced(MISTYPED_19)], hidden: [MISTYPED_19] },
  { name: 'a mistyped 19-digit card in full-width digits', say: [fullWidth(MISTYPED_19)], hidden: [MISTYPED_19] },
  { name: 'a mistyped 16-digit card after 银行卡', say: [`银行卡${MISTYPED_16}`], hidden: [MISTYPED_16] },
  { name: 'a mistyped Visa number with dashes, starting 4', say: [dashed(MISTYPED_VISA)], hidden: [MISTYPED_VISA] },
  { name: 'a mistyped card after 信用卡号', say: [`这是我的信用卡号 ${MISTYPED_VISA}`], hidden: [MISTYPED_VISA] },
  // A card split over two messages: the whole number and its second part are never stored (a
  // first part of 8 digits, the issuer's prefix, may be: it is no card, and no message can know yet).
  { name: 'split after 12 digits', say: [`卡号 ${UNIONPAY.slice(0, 12)}`, UNIONPAY.slice(12)], hidden: [UNIONPAY.slice(0, 12), UNIONPAY.slice(12)] },
  { name: 'split in groups of four', say: [`卡号是 ${spaced(UNIONPAY).slice(0, 9)}`, spaced(UNIONPAY).slice(10)], hidden: [UNIONPAY, UNIONPAY.slice(8)] },
  { name: 'split in two halves without a card word', say: [VISA.slice(0, 8), VISA.slice(8)], hidden: [VISA, VISA.slice(8)] },
  { name: 'split with 后面是', say: [`卡号${UNIONPAY.slice(0, 10)}`, `后面是${UNIONPAY.slice(10)}`], hidden: [UNIONPAY.slice(0, 10), UNIONPAY.slice(10)] },
  { name: 'split in full-width digits', say: [`卡号 ${fullWidth(UNIONPAY.slice(0, 12))}`, fullWidth(UNIONPAY.slice(12))], hidden: [UNIONPAY.slice(0, 12), UNIONPAY.slice(12)] },
  { name: 'a mistyped card split in two', say: [`卡号 ${MISTYPED_19.slice(0, 12)}`, MISTYPED_19.slice(12)], hidden: [MISTYPED_19.slice(0, 12), MISTYPED_19.slice(12)] },
  // PINs and ID numbers.
  { name: 'a PIN after 密码是', say: ['密码是604193'], hidden: ['604193'] },
  { name: 'a PIN right after being asked for it', say: ['收银员问我密码是多少', '886621'], hidden: ['886621'] },
  { name: 'a PIN in full-width digits', say: [`交易密码：${fullWidth('735291')}`], hidden: ['735291'] },
  { name: 'an ID-card number', say: [`身份证 ${ID_CARD}`], hidden: [ID_CARD] },
  // What the agent needs stays visible.
  { name: 'a 15-digit 商户号 that passes Luhn', say: [`商户号 ${MERCHANT}`], kept: [MERCHANT] },
  { name: '商户编号 with a colon', say: [`商户编号：${MERCHANT}`], kept: [MERCHANT] },
  { name: '我的商户号是…', say: [`我的商户号是${MERCHANT}`], kept: [MERCHANT] },
  { name: 'a 商户号 in groups', say: [`商户号 ${MERCHANT.slice(0, 3)} ${MERCHANT.slice(3, 7)} ${MERCHANT.slice(7, 11)} ${MERCHANT.slice(11)}`], kept: [MERCHANT] },
  { name: 'a 商户号 named after it', say: [`${MERCHANT}是我的商户号`], kept: [MERCHANT] },
  { name: 'an 8-digit 终端号', say: [`终端号 ${TERMINAL}`], kept: [TERMINAL] },
  { name: '终端号 with a colon', say: [`终端号：${TERMINAL}，刷卡显示55`], kept: [TERMINAL] },
  { name: '商户号 and 终端号 in one message', say: [`商户号${MERCHANT}，终端号${TERMINAL}，押金没退`], kept: [MERCHANT, TERMINAL] },
  { name: 'a 19-digit 订单号', say: [`订单号 ${ORDER}`], kept: [ORDER] },
  { name: 'a phone number', say: ['手机号 13812345678，麻烦回电'], kept: ['13812345678'] },
  { name: 'amounts', say: ['刷了12000元，押金100元还没退'], kept: ['12000元'] },
  { name: 'the SN', say: ['SN是P8K20A5531'], kept: ['P8K20A5531'] },
  { name: 'the last four digits of a card', say: ['卡号后四位 6688，显示余额不足'], kept: ['卡号后四位6688'] },
  { name: 'a response code and a 商户号', say: [`返回码55，商户号${MERCHANT}`], kept: [MERCHANT] },
];

const warned = (replies: readonly Reply[]) => replies.some((r) => /⚠️|不要发送|隐藏/.test(r.text));

async function stored(testBot: TestBot): Promise<string> {
  const json = JSON.stringify(await testBot.runtime.database.db.selectFrom('transcript').selectAll().execute());
  // Escaped line breaks (also inside JSON kept as text) would keep digits of one number apart.
  return fold(json.replace(/\\+[nrt]/g, ' '));
}

describe('what reaches storage (issue 10 §6)', () => {
  for (const row of rows) {
    const hides = (row.hidden ?? []).length > 0;
    const name = `${row.name}: ${hides ? 'hidden and the user warned' : 'stored for the agent, no warning'}`;
    const test = async () => {
      const replies: Reply[] = [];
      for (const message of row.say) replies.push(...(await bot().say(message)));
      const transcript = await stored(bot());
      for (const secret of row.hidden ?? []) expect(transcript, `stored "${secret}"`).not.toContain(fold(secret));
      for (const visible of row.kept ?? []) expect(transcript, `did not store "${visible}"`).toContain(fold(visible));
      expect(warned(replies), hides ? 'no warning' : 'a warning').toBe(hides);
    };
    if (row.bug) it.fails(`${name} [known bug: ${row.bug}]`, test);
    else it(name, test);
  }
});

describe('the warning says what was hidden (issue 10 §6)', () => {
  const hiddenList = (...kinds: string[]) => new RegExp(`已隐藏：${kinds.map((k) => `(?=[^\\n]*${k})`).join('')}`);
  const transcripts: Transcript[] = [
    { name: 'a card: 已隐藏：银行卡号', turns: [{ user: `卡号 ${UNIONPAY}`, bot: [{ text: hiddenList('银行卡号'), notText: /已隐藏：[^\n]*密码/ }] }] },
    { name: 'a PIN: 已隐藏：密码, not a card', turns: [{ user: '密码是604193', bot: [{ text: hiddenList('密码'), notText: /已隐藏：[^\n]*银行卡号/ }] }] },
    { name: 'a card and a PIN: 已隐藏：银行卡号、密码', turns: [{ user: `卡号${VISA} 密码是604193`, bot: [{ text: hiddenList('银行卡号', '密码') }] }] },
    { name: 'a CVV', turns: [{ user: `卡号${VISA} 安全码123`, bot: [{ text: hiddenList('(CVV|安全码)') }] }] },
    { name: 'an ID-card number', turns: [{ user: `身份证 ${ID_CARD}`, bot: [{ text: hiddenList('身份证号') }] }] },
    {
      name: 'the second half of a split card',
      turns: [
        { user: `卡号 ${UNIONPAY.slice(0, 12)}`, bot: [{ text: hiddenList('银行卡号') }] },
        { user: UNIONPAY.slice(12), bot: [{ text: hiddenList('银行卡号') }] },
      ],
    },
    { name: 'a card alone: the warning, and no search of what is left', turns: [{ user: `卡号 ${UNIONPAY}`, bot: [{ text: hiddenList('银行卡号') }], none: { text: /想问|还没学会/ } }] },
    { name: 'a mistyped card: hidden, and said so', turns: [{ user: `卡号 ${MISTYPED_19}`, bot: [{ text: hiddenList('银行卡号') }] }] },
    { name: 'a 商户号 and a 终端号: nothing hidden, nothing claimed', turns: [{ user: `商户号${MERCHANT}，终端号${TERMINAL}`, bot: { text: /./ }, none: { text: /隐藏|⚠️/ } }] },
  ];
  itPlays(transcripts, bot);
});
