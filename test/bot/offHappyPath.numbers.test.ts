import { describe } from 'vitest';
import { loadMessages } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { article, freshBotPerTest, itPlays, type Expected, type Transcript, type Turn } from './playTranscript.js';

/*
 * Issue 10 §3, numbers pick options: after any message with suggested actions, a bare number
 * (1, ①, 一, 第一个, 1.) picks that action, and the options stay valid until the next message
 * with options replaces them. Written before the fix, where 22 of these 27 failed.
 */

const zh = (await loadMessages(localesDir))['zh-CN'];
const bot = freshBotPerTest();
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);

const HANDOFF = 'handoff.initiate';

// The greeting menu: 刷卡密码错误, 押金怎么退, 新机器怎么激活, 刷卡失败返回码, 转人工.
const greeted: Turn = { join: true, bot: { text: zh.greeting, actions: zh.menu } };
const menu: Turn = { user: '菜单', bot: { text: zh.greeting, actions: zh.menu } };
const pinWrong = article('刷卡提示"密码错误"（返回码55）');
const depositQuestion: Expected = { text: /您用的是哪种POS机/ };
const activationStep1: Expected = { text: /第1步/ };
const codesArticle = article('刷卡失败常见返回码一览');
const noAnswer: Expected = { notText: /还没学会/ };

describe('a number after the greeting menu (issue 10 §3)', () => {
  const firstItem = ['1', '①', '一', '第一个', '1.', '１', '第1个', '1。'];
  run(
    firstItem.map((say) => ({
      name: `"${say}" picks the first item, 刷卡密码错误`,
      turns: [greeted, { user: say, bot: { ...pinWrong, ...noAnswer } }],
    })),
  );
  run([
    { name: '"2" picks 押金怎么退 and starts its walkthrough', turns: [greeted, { user: '2', bot: depositQuestion }] },
    { name: '"②" picks 押金怎么退', turns: [greeted, { user: '②', bot: depositQuestion }] },
    { name: '"三" picks 新机器怎么激活', turns: [greeted, { user: '三', bot: [activationStep1] }] },
    { name: '"第四个" picks 刷卡失败返回码', turns: [greeted, { user: '第四个', bot: codesArticle }] },
    { name: '"5" picks 转人工 and hands over', turns: [greeted, { user: '5', bot: [{ event: HANDOFF }] }] },
    { name: 'the menu shown by 菜单 counts too: "1" is 刷卡密码错误', turns: [menu, { user: '1', bot: pinWrong }] },
  ]);
});

describe('how long options stay valid (issue 10 §3)', () => {
  run([
    {
      name: 'small talk in between has no options, so the menu still counts: "2" is 押金怎么退',
      turns: [menu, { user: '你好', bot: { text: /./ } }, { user: '2', bot: depositQuestion }],
    },
    {
      name: '谢谢 in between: "一" is still 刷卡密码错误',
      turns: [menu, { user: '谢谢', bot: { text: /./ } }, { user: '一', bot: pinWrong }],
    },
    {
      name: 'an answer with its own buttons replaces the menu: "1" is then 👍, not 刷卡密码错误',
      turns: [
        menu,
        { user: '刷卡失败返回码', bot: { ...codesArticle, actions: [zh.feedback.helpful, zh.feedback.unhelpful] } },
        { user: '1', bot: { text: zh.feedback.thanksHelpful }, none: pinWrong },
      ],
    },
    {
      name: 'the did-you-mean question: "2" is its second title',
      turns: [{ user: '押金', bot: { text: zh.ambiguous } }, { user: '2', bot: article('已经达标了，押金怎么还没退') }],
    },
    {
      name: 'the did-you-mean question: "第三个" is its third title',
      turns: [{ user: '押金', bot: { text: zh.ambiguous } }, { user: '第三个', bot: article('电签POS机押金 100 元') }],
    },
    {
      name: 'an answer with a walkthrough: "1" is 一步步排查 and starts it',
      turns: [{ user: '刷卡密码错误', bot: { ...pinWrong, actions: [`${zh.startFlowAction}：刷卡密码问题排查`] } }, { user: '1', bot: [{ text: /我们一步步排查/ }] }],
    },
  ]);
});

describe('numbers inside a walkthrough (issue 10 §3)', () => {
  const depositStart: Turn = { user: '押金怎么退', bot: depositQuestion };
  const activationStart: Turn = { user: '新机器怎么激活', bot: [activationStep1] };
  run([
    { name: 'a choice question: "1" picks the first button (already so)', turns: [depositStart, { user: '1', bot: { text: /有没有超过 3 个月/ } }] },
    { name: 'a choice question: "第二个" picks the second button (already so)', turns: [depositStart, { user: '第二个', bot: [{ text: /299 元押金/ }] }] },
    { name: 'a choice question: "③" picks the third button (already so)', turns: [depositStart, { user: '③', bot: { text: /不收押金/ } }] },
    { name: 'a yes/no question: "1" is 是', turns: [activationStart, { user: '1', bot: { text: /第2步/ } }] },
    { name: 'a yes/no question: "2" is 否', turns: [activationStart, { user: '2', bot: [{ text: /请先充电/ }] }] },
    {
      // The amount question has no buttons: the earlier 3个月内/超过3个月 must not turn 1 into a choice.
      name: 'a question that asks for a number takes "1" as the number, not an older option',
      turns: [depositStart, { user: '电签', bot: { text: /有没有超过 3 个月/ } }, { user: '3个月内', bot: { text: /刷了多少钱/ } }, { user: '1', bot: { text: /还差 9999 元/ } }],
    },
    {
      name: 'how many wrong tries: "2" is two tries, not the second option of the previous question',
      turns: [{ user: '帮我排查密码问题', bot: { text: /哪种情况/ } }, { user: '55', bot: { text: /连续输错几次/ } }, { user: '2', bot: { text: /换一张别的卡刷/ } }],
    },
  ]);
});
