import { describe } from 'vitest';
import { freshBotPerTest, itPlays, type Expected, type Transcript, type Turn } from './playTranscript.js';

/*
 * Issue 10 §4, feelings are not facts. Three kinds of message that share words (骗, 坑, 盗刷):
 * - anger, distrust or a complaint about the provider: an apology and a person offered, at high
 *   priority, labelled as a complaint or dissatisfaction, and never card-theft advice;
 * - a fraud fact (a stolen card, a stranger's transaction, someone posing as support): the
 *   safety advice;
 * - the same words in a neutral question: the article, and no hand-over.
 * Written before the fix: a transcript marked `bug` still fails today (it runs as `it.fails`).
 *
 * Anger gets an offer (a 转人工 button), and tapping it opens a high-priority complaint ticket;
 * an explicit complaint (我要投诉) is a request, and hands over at once.
 */

const bot = freshBotPerTest();
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);

const HANDOFF = 'handoff.initiate';
const APOLOGY = /抱歉|对不起|不好意思/;
/** An apology that offers a person: not the "I don't know" (which also says 抱歉 and lists 转人工), not an article. */
const apologyWithPerson: Expected = { text: APOLOGY, notText: /还没学会|^\*\*/, actions: ['转人工'] };
/** What a stolen card calls for, and an angry merchant must not be told. */
const CARD_THEFT_ADVICE: Expected = { text: /冻结|报警|盗刷/ };
const SAFETY_ADVICE = /冻结|挂失/;
const COMPLAINT = /投诉|不满/;
const complaintTicket: Expected = { event: HANDOFF, value: { priority: 'high', reason: COMPLAINT } };
/** A knowledge article on fraud or card security, as the bot renders it: the title in bold first. */
const securityArticle = /^\*\*[^*\n]*(诈骗|盗刷|冒充|密码安全)/;


/** Anger, distrust, complaints about the provider: an apology with 转人工, which opens a complaint at high priority. */
const angry: readonly { say: string; bug?: string }[] = [
  { say: '你们是骗子吧' },
  { say: '你们就是骗子' },
  { say: '骗子公司' },
  { say: '你们这是诈骗吧' },
  { say: '你们就是骗押金的' },
  { say: '押金到现在都不退，你们是骗人的吧' },
  { say: '退个押金这么难，骗钱的吧' },
  { say: '太坑了' },
  { say: '坑人啊' },
  { say: '被你们坑惨了' },
  { say: '垃圾公司' },
  { say: '黑心公司' },
  { say: '什么破机器' },
  { say: '什么垃圾服务' },
  { say: '你们这服务太差了' },
  { say: '我不相信你们了' },
  { say: '你们到底靠不靠谱' },
  { say: '你们公司是不是跑路了' },
  { say: '气死我了' },
  { say: '太失望了' },
  { say: '流量费乱扣，太黑了' },
  { say: '手续费扣这么多，抢钱啊' },
  { say: '乱扣钱，跟强盗一样' },
  { say: '再也不用你们的机器了' },
  { say: '什么玩意儿，坑钱' },
];

/** Asking to complain: handed over at once, with an apology, as a complaint. */
const complaints: readonly { say: string; bug?: string }[] = [
  { say: '我要投诉' },
  { say: '我要投诉你们公司' },
  { say: '我要去12315投诉你们' },
  { say: '我要举报你们' },
  { say: '投诉你们乱扣费' },
];

/** A fraud fact: the safety advice (freeze or report the card), never labelled a complaint. */
const fraud: readonly { say: string; bug?: string }[] = [
  { say: '我的卡被盗刷了' },
  { say: '卡被盗刷了怎么办' },
  { say: '我的卡被盗刷了5000' },
  { say: '有一笔陌生交易' },
  { say: '账户里有一笔陌生交易，不是我刷的' },
  { say: '收到短信说刷了一笔，不是我刷的' },
  { say: '有人冒充客服要验证码' },
  { say: '有人打电话说是你们客服，让我报验证码' },
  { say: '有人冒充你们的客服让我转账退押金' },
  { say: '有人让我下载App说帮我解冻资金' },
  { say: '我被骗了，转了2000块' },
  { say: '顾客的卡被人盗用了' },
  { say: '卡丢了被人刷了' },
  { say: '我的钱被转走了' },
  { say: '顾客说他的卡被盗刷了，是在我这刷的' },
];

/** The same words in a neutral question: the article on fraud or card security, no hand-over. */
const neutral: readonly { say: string; bug?: string }[] = [
  { say: '怎么防止被骗' },
  { say: '怎么避免被骗' },
  { say: '怎样防诈骗' },
  { say: '怎样避免被盗刷' },
  { say: '如何防止银行卡被盗刷' },
  { say: '防止盗刷要注意什么' },
  { say: '收银时怎么防止顾客被盗刷' },
  { say: '怎么识别冒充客服的骗子' },
  { say: '骗子一般怎么骗商户' },
  { say: '怎么知道是不是真客服' },
  { say: '有什么防骗技巧' },
  { say: '客服会问我要验证码吗' },
  { say: '你们客服会要验证码吗' },
  { say: '刷卡时怎么防止密码被偷看' },
  { say: '怎么防范冒充客服的电话' },
  { say: '陌生交易怎么预防' },
];

describe('anger, distrust and complaints about the provider (issue 10 §4)', () => {
  run(
    angry.map(({ say, bug }) => ({
      name: `"${say}": an apology and 转人工, no card-theft advice; tapping it opens a complaint at high priority`,
      ...(bug && { bug }),
      turns: [
        { user: say, bot: apologyWithPerson, none: CARD_THEFT_ADVICE },
        { user: '转人工', bot: [complaintTicket] },
      ],
    })),
  );
  run(
    complaints.map(({ say, bug }) => ({
      name: `"${say}": an apology, and a complaint ticket at high priority at once`,
      ...(bug && { bug }),
      turns: [{ user: say, bot: [{ text: APOLOGY }, complaintTicket], none: CARD_THEFT_ADVICE }],
    })),
  );

  const depositStart: Turn = { user: '押金怎么退', bot: { text: /您用的是哪种POS机/ } };
  run([
    {
      name: 'the issue\'s merchant: "你们是骗子吧" in the deposit walkthrough is anger, not a stolen card',
      turns: [
        depositStart,
        { user: '你们是骗子吧', bot: apologyWithPerson, none: CARD_THEFT_ADVICE },
        { user: '转人工', bot: [complaintTicket], none: { event: HANDOFF, value: { reason: /盗刷|诈骗/ } } },
      ],
    },
    {
      name: '"押金一直不退，太坑了" in the deposit walkthrough: an apology and 转人工',
      turns: [depositStart, { user: '押金一直不退，太坑了', bot: apologyWithPerson, none: CARD_THEFT_ADVICE }],
    },
  ]);
});

describe('fraud facts (issue 10 §4)', () => {
  run(
    fraud.map(({ say, bug }) => ({
      name: `"${say}": the safety advice, not labelled a complaint`,
      ...(bug && { bug }),
      turns: [{ user: say, bot: [{ text: SAFETY_ADVICE }], none: { event: HANDOFF, value: { reason: COMPLAINT } } }],
    })),
  );
});

describe('the same words in a neutral question (issue 10 §4)', () => {
  run(
    neutral.map(({ say, bug }) => ({
      name: `"${say}": the article, no hand-over`,
      ...(bug && { bug }),
      turns: [{ user: say, bot: { text: securityArticle }, none: { event: HANDOFF } }],
    })),
  );
});
