import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { article, freshBotPerTest, itPlays, literally, type Expected, type Transcript } from './playTranscript.js';

/*
 * Answers from the knowledge base: the article with its related questions and a feedback
 * question, the offer of a walkthrough, "did you mean" when a question fits several articles,
 * an honest "I don't know" that offers a person after repeated misses, and English wording.
 */

const { 'zh-CN': zh, en } = await loadMessages(localesDir);

const bot = freshBotPerTest();
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);
/** The walkthrough button names its flow, so an older answer's button still starts the right one. */
const walkthrough = (title: string, action = zh.startFlowAction) => `${action}：${title}`;

const HANDOFF = 'handoff.initiate';
const feedbackButtons = [zh.feedback.helpful, zh.feedback.unhelpful];
const pinWrong: Expected = {
  ...article('刷卡提示"密码错误"（返回码55）'),
  actions: [walkthrough('刷卡密码问题排查'), ...feedbackButtons, '密码输错次数太多被锁（返回码75）', '持卡人忘记银行卡密码', '密码明明对却一直报错（密码键盘或机器故障）'],
};
const miss: Expected = { text: zh.noAnswer, actions: zh.menu };
const offerPerson: Expected = { text: zh.noAnswerOfferHuman, actions: ['转人工', '菜单'] };
const pinQuestion: Expected = { text: /刷卡时终端上显示的是哪种情况/, actions: ['密码错误（返回码55）'] };

describe('a knowledge answer', () => {
  run([
    {
      name: 'shows the article, its related questions and the feedback buttons',
      turns: [{ user: '刷卡密码错误', bot: { ...pinWrong, text: /^\*\*刷卡提示"密码错误"（返回码55）\*\*\n\n提示"密码错误"（返回码55），说明持卡人/ } }],
    },
    {
      name: 'ends by asking whether it helped',
      turns: [{ user: '刷卡密码错误', bot: { text: new RegExp(`${literally(zh.answerFooter).source}$`) } }],
    },
    {
      name: 'of an article without a walkthrough offers no 一步步排查',
      turns: [
        {
          user: '刷卡失败返回码',
          bot: { ...article('刷卡失败常见返回码一览'), actions: [...feedbackButtons, '刷卡提示"余额不足"（返回码51）'], notActions: [walkthrough('刷卡密码问题排查')], notText: literally(zh.offerFlow) },
        },
      ],
    },
    {
      name: 'a related question tapped is answered in turn',
      turns: [
        { user: '刷卡密码错误', bot: pinWrong },
        { user: '持卡人忘记银行卡密码', bot: { ...article('持卡人忘记银行卡密码'), actions: feedbackButtons } },
      ],
    },
    {
      name: '👍 thanks the user, 👎 apologises and points to a person',
      turns: [
        { user: '刷卡密码错误', bot: pinWrong },
        { user: zh.feedback.helpful, bot: { text: zh.feedback.thanksHelpful } },
        { user: '刷卡失败返回码', bot: article('刷卡失败常见返回码一览') },
        { user: zh.feedback.unhelpful, bot: { text: zh.feedback.thanksUnhelpful } },
      ],
    },
  ]);
});

describe('feedback on an answer', () => {
  const feedbackRows = () => bot().runtime.database.db.selectFrom('feedback').select(['conversation_id', 'article_id', 'helpful']).execute();

  it.each([
    [zh.feedback.helpful, 1],
    [zh.feedback.unhelpful, 0],
  ] as const)('%s is recorded against the article just shown', async (button, helpful) => {
    await bot().say('刷卡密码错误');
    await bot().say(button);
    expect(await feedbackRows()).toEqual([{ conversation_id: 'test-conversation', article_id: 'pin-wrong', helpful }]);
  });

  it('is recorded against the latest article when several were shown', async () => {
    await bot().say('刷卡密码错误');
    await bot().say('刷卡失败返回码');
    await bot().say(zh.feedback.helpful);
    expect(await feedbackRows()).toEqual([{ conversation_id: 'test-conversation', article_id: 'transaction-declined', helpful: 1 }]);
  });

  it('is not recorded when no article was shown', async () => {
    await bot().say('你好');
    await bot().say(zh.feedback.helpful);
    expect(await feedbackRows()).toEqual([]);
  });
});

describe('an answer with a walkthrough', () => {
  run([
    {
      name: 'offers 一步步排查, and tapping it starts that flow',
      turns: [
        { user: '刷卡密码错误', bot: { ...pinWrong, text: literally(zh.offerFlow) } },
        { user: walkthrough('刷卡密码问题排查'), bot: [{ text: /我们一步步排查/ }, pinQuestion] },
        { user: '55', bot: { text: /连续输错几次/ } },
      ],
    },
    {
      name: 'starts the flow of the article shown, here deposit-refund',
      turns: [
        { user: '押金', bot: { text: zh.ambiguous } },
        { user: '已经达标了，押金怎么还没退', bot: { ...article('已经达标了，押金怎么还没退'), actions: [walkthrough('押金退还查询')] } },
        { user: walkthrough('押金退还查询'), bot: { text: /您用的是哪种POS机/, actions: ['电签POS机', '传统POS机', '智能POS机', '不确定'] } },
      ],
    },
    {
      name: 'an older answer\'s walkthrough button, tapped after another answer, starts its own flow',
      turns: [
        { user: '刷卡密码错误', bot: pinWrong },
        { user: '刷卡失败返回码', bot: article('刷卡失败常见返回码一览') },
        { user: walkthrough('刷卡密码问题排查'), bot: [{ text: /我们一步步排查/ }, pinQuestion] },
      ],
    },
  ]);
});

describe('an ambiguous question', () => {
  const choices = ['押金怎么退？退还条件', '已经达标了，押金怎么还没退', '电签POS机押金 100 元'];
  run([
    {
      name: 'asks which article was meant, with their titles as suggested actions',
      turns: [{ user: '押金', bot: { text: zh.ambiguous, actions: choices, notActions: feedbackButtons } }],
    },
    ...choices.map(
      (title): Transcript => ({
        name: `tapping "${title}" answers that article`,
        turns: [
          { user: '押金', bot: { text: zh.ambiguous } },
          { user: title, bot: { ...article(title), actions: feedbackButtons } },
        ],
      }),
    ),
  ]);
});

describe('a question the bot cannot answer', () => {
  run([
    {
      name: 'says so honestly and offers the menu',
      turns: [{ user: '今天天气怎么样', bot: miss }],
    },
    {
      name: 'twice in a row: offers a person, and 转人工 hands over',
      turns: [
        { user: '今天天气怎么样', bot: miss },
        { user: '火星上有没有外卖', bot: offerPerson },
        { user: '转人工', bot: [{ text: /^已为您排队/ }, { event: HANDOFF }] },
      ],
    },
    {
      name: 'an answer in between resets the count',
      turns: [
        { user: '今天天气怎么样', bot: miss },
        { user: '刷卡密码错误', bot: pinWrong },
        { user: '火星上有没有外卖', bot: miss },
        { user: '明天会下雨吗', bot: offerPerson },
      ],
    },
    {
      name: 'a "did you mean" in between resets the count too',
      turns: [
        { user: '今天天气怎么样', bot: miss },
        { user: '押金', bot: { text: zh.ambiguous } },
        { user: '火星上有没有外卖', bot: miss },
      ],
    },
    {
      name: 'a flow in between resets the count',
      turns: [
        { user: '今天天气怎么样', bot: miss },
        { user: '押金怎么退', bot: { text: /哪种POS机/ } },
        { user: '智能的', bot: { text: /不收押金/ } },
        { user: '火星上有没有外卖', bot: miss },
      ],
    },
  ]);
});

describe('the greeting menu', () => {
  // Every common question offered on arrival must lead somewhere, never to "I don't know".
  const leadsSomewhere = { notText: new RegExp(`^(${literally(zh.noAnswer).source}|${literally(zh.noAnswerOfferHuman).source})$`) };
  run(
    zh.menu.map((item) => ({
      name: `${item} is answered`,
      turns: [
        { join: true, bot: { text: zh.greeting, actions: [item] } },
        { user: item, bot: leadsSomewhere },
      ],
    })),
  );
});

describe('English (client locale en-US)', () => {
  const enFeedback = [en.feedback.helpful, en.feedback.unhelpful];
  run([
    {
      name: 'greets and offers the English menu',
      locale: 'en-US',
      turns: [{ join: true, bot: { text: en.greeting, actions: en.menu } }],
    },
    {
      name: 'small talk, cancel and the misses are in English',
      locale: 'en-US',
      turns: [
        { user: 'hello', bot: { text: /^Hello! How can I help/ } },
        { user: 'cancel', bot: { text: en.nothingToCancel } },
        { user: 'what is the weather on mars', bot: { text: en.noAnswer, actions: en.menu } },
        { user: 'pizza delivery please', bot: { text: en.noAnswerOfferHuman, actions: ['agent', 'menu'] } },
        { user: 'agent', bot: [{ text: /in the queue/ }, { event: HANDOFF }] },
      ],
    },
    {
      name: 'an answer has English buttons and footer, and 👍 is thanked in English',
      locale: 'en-US',
      turns: [
        { user: '刷卡密码错误', bot: { text: new RegExp(`${literally(en.answerFooter).source}$`), actions: [walkthrough('刷卡密码问题排查', en.startFlowAction), ...enFeedback], notActions: feedbackButtons } },
        { user: en.feedback.helpful, bot: { text: en.feedback.thanksHelpful } },
      ],
    },
    {
      name: 'a flow offers English yes/no buttons and understands them; cancel leaves it in English',
      locale: 'en-US',
      turns: [
        { user: '新机器怎么激活', bot: [{ text: /第1步/, actions: [en.yes, en.no] }] },
        { user: en.yes, bot: { text: /第2步/ } },
        { user: 'cancel', bot: { text: en.flowCancelled } },
      ],
    },
    {
      name: 'the did-you-mean question is in English',
      locale: 'en-US',
      turns: [{ user: '押金', bot: { text: en.ambiguous, actions: ['电签POS机押金 100 元'] } }],
    },
  ]);

  const leadsSomewhere = { notText: new RegExp(`^(${literally(en.noAnswer).source}|${literally(en.noAnswerOfferHuman).source})$`) };
  run(
    en.menu.map((item) => ({
      name: `the English menu button "${item}" is answered`,
      locale: 'en-US',
      turns: [{ user: item, bot: leadsSomewhere }],
    })),
  );
});
