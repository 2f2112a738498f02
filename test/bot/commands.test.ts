import { describe } from 'vitest';
import { loadMessages } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { article, freshBotPerTest, itPlays, type Expected, type Transcript, type Turn } from './playTranscript.js';

/*
 * What the user can say at any moment: ask for a person, cancel, go back to the menu; the
 * greeting; and small talk, which gets a short reply and never an article.
 */

const zh = (await loadMessages(localesDir))['zh-CN'];

const bot = freshBotPerTest();
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);

const HANDOFF = 'handoff.initiate';
const handedOver: Expected[] = [{ text: /^已为您排队/ }, { event: HANDOFF, value: { reason: zh.handoff.reasons.userAsked, priority: 'normal' } }];
const greeting: Expected = { text: zh.greeting, actions: zh.menu };

/**
 * Points inside the flows, one per kind of question, each with an answer the flow would accept
 * there and what the flow would say to it: after a command, that answer must no longer reach the flow.
 */
const positions: readonly { name: string; turns: readonly Turn[]; answer: string; flowReply: RegExp }[] = [
  {
    name: 'a choice question',
    turns: [{ user: '押金怎么退', bot: { text: /哪种POS机/ } }],
    answer: '电签',
    flowReply: /有没有超过 3 个月/,
  },
  {
    name: 'a number question',
    turns: [
      { user: '押金怎么退', bot: { text: /哪种POS机/ } },
      { user: '电签', bot: { text: /有没有超过 3 个月/ } },
      { user: '3个月内', bot: { text: /刷了多少钱/ } },
    ],
    answer: '6500',
    flowReply: /还差 3500 元/,
  },
  {
    name: 'a yes/no question',
    turns: [{ user: '新机器怎么激活', bot: { text: /第1步/ } }],
    answer: '是',
    flowReply: /第2步/,
  },
  {
    name: 'a free-text question',
    turns: [
      { user: '帮我排查密码问题', bot: { text: /哪种情况/ } },
      { user: '其他', bot: { text: /屏幕上具体显示什么/ } },
    ],
    answer: '屏幕显示 E02',
    flowReply: /问题解决了吗/,
  },
];

// What the bot says to the flow's answer after the command. Waiting for a person in service
// hours, it is for the person: passed on quietly (the bot answers only questions it is sure of).
const commands: readonly { say: string; what: string; bot: Expected | readonly Expected[]; then?: readonly Expected[] }[] = [
  { say: '转人工', what: 'hands over to a person', bot: handedOver, then: [] },
  { say: '我要转人工', what: 'hands over to a person (the command inside a sentence)', bot: handedOver, then: [] },
  { say: '人工', what: 'hands over to a person (the short word alone)', bot: handedOver, then: [] },
  { say: '取消', what: 'leaves the flow', bot: { text: zh.flowCancelled } },
  { say: '退出', what: 'leaves the flow', bot: { text: zh.flowCancelled } },
  { say: '算了吧', what: 'leaves the flow', bot: { text: zh.flowCancelled } },
  { say: '菜单', what: 'shows the greeting menu', bot: greeting },
  { say: '重新开始', what: 'shows the greeting menu', bot: greeting },
];

describe('a global command in the middle of a flow', () => {
  for (const position of positions) {
    describe(`at ${position.name}`, () => {
      run(
        commands.map(({ say, what, bot: expected, then }) => ({
          name: `${say} ${what}, and the next message is no longer a flow answer`,
          turns: [
            ...position.turns,
            { user: say, bot: expected },
            { user: position.answer, bot: then ?? { notText: position.flowReply }, none: { text: position.flowReply } },
          ],
        })),
      );
    });
  }
});

describe('leaving a flow', () => {
  run([
    {
      name: 'after 取消 the next message is answered from the knowledge base, not as a flow answer',
      turns: [
        { user: '帮我排查密码问题', bot: { text: /哪种情况/ } },
        { user: '取消', bot: { text: zh.flowCancelled } },
        // Inside the flow this would be the "75" button; outside it is a question for the knowledge base.
        { user: '返回码75', bot: { ...article('密码输错次数太多被锁（返回码75）'), actions: [zh.feedback.helpful] }, none: { text: /次数超限说明银行已锁定/ } },
      ],
    },
    {
      name: 'after 退出 a new question starts its own flow',
      turns: [
        { user: '押金怎么退', bot: { text: /哪种POS机/ } },
        { user: '退出', bot: { text: zh.flowCancelled } },
        { user: '新机器怎么激活', bot: { text: /第1步/ } },
      ],
    },
    {
      name: '取消 with no flow running says there is nothing to cancel',
      turns: [{ user: '取消', bot: { text: zh.nothingToCancel } }],
    },
    {
      name: '取消 after a flow has ended says there is nothing to cancel',
      turns: [
        { user: '押金怎么退', bot: { text: /哪种POS机/ } },
        { user: '智能的', bot: { text: /不收押金/ } },
        { user: '取消', bot: { text: zh.nothingToCancel } },
      ],
    },
  ]);
});

describe('asking for a person outside a flow', () => {
  run([
    { name: '转人工 hands over, with the transcript', turns: [{ user: '刷卡密码错误', bot: { text: /返回码55/ } }, { user: '转人工', bot: handedOver }] },
    { name: '人工客服在吗 hands over (a longer command inside a question)', turns: [{ user: '人工客服在吗', bot: handedOver }] },
    {
      name: 'the handoff tells the agent which articles the user has seen',
      turns: [
        { user: '刷卡密码错误', bot: { text: /返回码55/ } },
        { user: '转人工', bot: [{ text: /^已为您排队/ }, { event: HANDOFF, value: { articlesShown: ['pin-wrong'] } }] },
      ],
    },
    {
      name: '我不需要转人工 does not hand over',
      turns: [{ user: '我不需要转人工', bot: { notText: /正在为您转接人工客服/ }, none: { event: HANDOFF } }],
    },
  ]);
});

describe('the greeting', () => {
  run([
    {
      name: 'greets a user who joins, with the common questions as suggested actions',
      turns: [{ join: true, bot: { text: /您好，我是智能客服小客/, actions: ['刷卡密码错误', '押金怎么退', '新机器怎么激活', '刷卡失败返回码', '转人工'] } }],
    },
    {
      name: 'the greeting menu works: its first question gets an answer',
      turns: [
        { join: true, bot: greeting },
        { user: '刷卡密码错误', bot: article('刷卡提示"密码错误"（返回码55）') },
      ],
    },
  ]);
});

describe('small talk', () => {
  const noArticle = { notText: /^\*\*/, notActions: [zh.feedback.helpful, zh.feedback.unhelpful] };
  const reply = (pattern: string) => zh.smallTalk.find((s) => s.patterns.includes(pattern))!.reply;
  run(
    ['你好', '您好', '在吗', '谢谢', '谢谢你', '你是机器人吗', '再见'].map((user) => ({
      name: `${user} gets a short reply, not an article`,
      turns: [{ user, bot: { text: reply(user), ...noArticle } }],
    })),
  );
  run([
    { name: 'a greeting with a particle (你好啊) is still small talk', turns: [{ user: '你好啊', bot: { text: reply('你好'), ...noArticle } }] },
    { name: 'with punctuation (谢谢！) is still small talk', turns: [{ user: '谢谢！', bot: { text: reply('谢谢'), ...noArticle } }] },
    {
      name: 'after an answer, 谢谢 is small talk, not feedback and not another article',
      turns: [
        { user: '刷卡密码错误', bot: { text: /返回码55/ } },
        { user: '谢谢', bot: { text: reply('谢谢'), ...noArticle } },
      ],
    },
  ]);
});
