import { describe } from 'vitest';
import { freshBotPerTest, itPlays, type Expected, type Transcript, type Turn } from './playTranscript.js';

/*
 * Issue 10 §2, flows that let go: a merchant in a walkthrough may ask something else, answer
 * badly, answer with a question, or leave in their own words, and is never trapped or handed
 * over unasked. Written before the fix: a transcript marked `bug` shows what the bot should do
 * and still fails today (it runs as `it.fails`); drop the mark once it passes.
 */

const bot = freshBotPerTest();
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);

const HANDOFF = 'handoff.initiate';
const CONTINUE = '继续刚才的排查';
const RECOVERY = ['重新选', '退出排查', '转人工'];
const TERMINALS = ['电签POS机', '传统POS机', '智能POS机', '不确定'];
const RECEIVED = ['3个月内', '超过3个月'];
const YES_NO = ['是', '否'];

/**
 * Matches an event value (or any value) whose JSON mentions `pattern`: the agent's summary may sit
 * in any field the implementer chooses, so only what it says is pinned.
 */
function mentions(pattern: RegExp) {
  return {
    asymmetricMatch: (actual: unknown) => pattern.test(JSON.stringify(actual) ?? ''),
    toString: () => `mentions(${pattern})`,
  };
}

/** A reason an agent can read: Chinese, without the engine's variable names, step ids or English. */
const readableReason = {
  asymmetricMatch: (actual: unknown) =>
    typeof actual === 'string' && /[\u4e00-\u9fff]/.test(actual) && !/no valid answer|attempts|\b[a-z]+(?:[-_][a-z0-9]+)+\b|"\w+"/i.test(actual),
  toString: () => 'a reason in Chinese, without ids or English',
};

const depositStart: Turn = { user: '押金怎么退', bot: { text: /您用的是哪种POS机/, actions: TERMINALS } };
const esign: Turn = { user: '电签POS机', bot: { text: /有没有超过 3 个月/, actions: RECEIVED } };
const within3: Turn = { user: '3个月内', bot: { text: /到现在一共刷了多少钱/ } };
const activationStart: Turn = { user: '新机器怎么激活', bot: { text: /第1步：机器已经开机，而且电量充足吗/, actions: YES_NO } };
const pinStart: Turn = { user: '帮我排查密码问题', bot: { text: /刷卡时终端上显示的是哪种情况/ } };

/** The retry the flows send today: it never says how to leave. */
const bareRetry = /^请点下面的按钮，或回复序号（\d-\d）。$|^请回复“是”或“否”。$/;
const noHandoff: Expected = { event: HANDOFF };
const anything: Expected = { text: /./ };

// --- a topic switch ----------------------------------------------------------------------
describe('a message that answers something else during a walkthrough (issue 10 §2)', () => {
  run([
    {
      name: 'a question about activation in the deposit walkthrough gets the activation article, not a retry',
      turns: [depositStart, { user: '激活要多久', bot: [{ text: /激活期限/ }], none: { text: bareRetry } }],
    },
    {
      name: 'a question about code 55 in the deposit walkthrough gets the code-55 article, not a retry',
      turns: [depositStart, { user: '返回码55是什么意思', bot: [{ text: /密码错误.*返回码55/ }], none: { text: bareRetry } }],
    },
    {
      name: 'the answer to another question ends by offering to continue the walkthrough',
      turns: [depositStart, { user: '激活要多久', bot: { text: /继续/, actions: [CONTINUE] }, none: noHandoff }],
    },
    {
      name: 'the answer beside a walkthrough offers no other walkthrough: going back is the only one',
      turns: [depositStart, { user: '返回码55是什么意思', bot: [{ text: /返回码55/, notText: /要我一步一步/, notActions: ['一步步排查：刷卡密码问题排查'] }, { actions: [CONTINUE] }] }],
    },
    {
      name: '继续刚才的排查 asks the question where the walkthrough stood',
      turns: [
        depositStart,
        esign,
        { user: '返回码55是什么意思', bot: { text: /继续/, actions: [CONTINUE] } },
        { user: CONTINUE, bot: { text: /有没有超过 3 个月/, actions: RECEIVED } },
        within3,
      ],
    },
    {
      name: 'the walkthrough resumed keeps what was already answered: 6500 is still within 3 months of an e-signature terminal',
      turns: [
        depositStart,
        esign,
        within3,
        { user: '激活要多久', bot: { text: /继续/, actions: [CONTINUE] } },
        { user: CONTINUE, bot: { text: /到现在一共刷了多少钱/ } },
        { user: '6500', bot: { text: /还差 3500 元/ } },
      ],
    },
    {
      name: 'the issue\'s merchant: asks about activation, then code 55, in the deposit walkthrough; answered twice, never handed over',
      turns: [
        depositStart,
        { user: '机器怎么激活', bot: [{ text: /激活/ }], none: { text: bareRetry } },
        { user: '显示55是什么意思', bot: [{ text: /55/ }], none: { text: bareRetry } },
        { user: '嗯', bot: anything, none: noHandoff },
      ],
    },
    {
      name: 'a topic switch is not a failed answer: one bad answer after resuming is retried, not met with the way-out choices',
      turns: [
        depositStart,
        { user: '今天天气不错', bot: { actions: TERMINALS } },
        { user: '激活要多久', bot: { text: /继续/, actions: [CONTINUE] } },
        { user: CONTINUE, bot: { text: /您用的是哪种POS机/ } },
        { user: '随便', bot: { actions: TERMINALS, notActions: ['重新选'] }, none: noHandoff },
      ],
    },
  ]);
});

// --- failed answers ----------------------------------------------------------------------
describe('answers the walkthrough cannot use (issue 10 §2)', () => {
  const twoFailures: Turn[] = [
    depositStart,
    { user: '今天天气不错', bot: { actions: TERMINALS }, none: noHandoff },
    { user: '随便', bot: { actions: RECOVERY }, none: noHandoff },
  ];
  run([
    {
      name: 'the retry of a choice names the way out and keeps the buttons',
      turns: [depositStart, { user: '今天天气不错', bot: { text: /取消|退出/, actions: TERMINALS } }],
    },
    {
      name: 'the retry of a yes/no question names the way out',
      turns: [activationStart, { user: '我在店里', bot: { text: /取消|退出/, actions: YES_NO } }],
    },
    {
      name: 'the retry of a number question names the way out',
      turns: [depositStart, esign, within3, { user: '很多很多', bot: { text: /取消|退出/ } }],
    },
    {
      name: 'after two failed answers: 重新选, 退出排查 and 转人工, and no hand-over',
      turns: twoFailures,
    },
    {
      name: 'a third failed answer does not hand over either (the issue: a person the merchant never asked for)',
      turns: [...twoFailures, { user: '啥', bot: anything, none: noHandoff }],
    },
    {
      name: '重新选 asks the question again, and a right answer carries on',
      turns: [...twoFailures, { user: '重新选', bot: { text: /您用的是哪种POS机/, actions: TERMINALS } }, esign],
    },
    {
      name: '退出排查 leaves the walkthrough: the next message is no longer an answer',
      turns: [...twoFailures, { user: '退出排查', bot: { text: /退出/ }, none: noHandoff }, { user: '电签', bot: { notText: /有没有超过 3 个月/ } }],
    },
    {
      name: '转人工 hands over, with a reason in Chinese',
      turns: [...twoFailures, { user: '转人工', bot: [{ event: HANDOFF, value: { reason: readableReason } }] }],
    },
    {
      name: 'the hand-over after failed answers mentions the deposit walkthrough to the agent',
      turns: [...twoFailures, { user: '转人工', bot: [{ event: HANDOFF, value: mentions(/押金/) }] }],
    },
  ]);
});

// --- yes/no ------------------------------------------------------------------------------
describe('a yes/no step takes clear answers only (issue 10 §2)', () => {
  const step2 = /第2步/;
  const chargeFirst = /请先充电或接上电源/;
  const takenAsAnswer = /第2步|请先充电或接上电源/;

  // At 第1步 (开机、电量充足吗？): a question in any form answers neither yes nor no.
  const questions: readonly { say: string; bug?: string }[] = [
    { say: '是吗' },
    { say: '是？' },
    { say: '对吗？' },
    { say: '有吗' },
    { say: '好的吗' },
    { say: '可以吗' },
    { say: '开了吗' },
    { say: '开机了呢' },
    { say: '是不是要先充电' },
    { say: '能不能先不激活' },
    { say: '能不能开' },
    { say: '有没有电怎么看' },
    { say: '开机键在哪里' },
    { say: '激活要多久' },
    { say: '行不行啊' },
    { say: '充满电要多久' },
    { say: '电源键在哪' },
    { say: '怎么看电量' },
  ];
  run(
    questions.map(({ say, bug }) => ({
      name: `"${say}" is a question, not an answer: taken as neither yes nor no`,
      ...(bug && { bug }),
      turns: [activationStart, { user: say, bot: anything, none: { text: takenAsAnswer } }, { user: '是', bot: { text: step2 } }],
    })),
  );

  const yes: readonly { say: string; bug?: string }[] = [
    { say: '是的' },
    { say: '对' },
    { say: '开了' },
    { say: '有电' },
    { say: '好了' },
    { say: '没问题' }, // a negation word that means yes
    { say: '已经开机了' },
    { say: '电量充足' },
  ];
  run(
    yes.map(({ say, bug }) => ({
      name: `"${say}" is a clear yes`,
      ...(bug && { bug }),
      turns: [activationStart, { user: say, bot: { text: step2 }, none: { text: chargeFirst } }],
    })),
  );

  const no: readonly { say: string; bug?: string }[] = [
    { say: '没有' },
    { say: '不是' },
    { say: '还没' },
    { say: '没开机' },
    { say: '没电了' },
    { say: '不对' },
    { say: '电不够' },
    { say: '开不了机' },
  ];
  run(
    no.map(({ say, bug }) => ({
      name: `"${say}" is a clear no`,
      ...(bug && { bug }),
      turns: [activationStart, { user: say, bot: [{ text: chargeFirst }], none: { text: step2 } }],
    })),
  );

  run([
    {
      name: 'at 换卡也报错吗, "是不是机器坏了" is a question, not a yes',
      turns: [
        pinStart,
        { user: '55', bot: { text: /连续输错几次/ } },
        { user: '1', bot: { text: /换一张别的卡刷，也提示密码错误吗/ } },
        { user: '是不是机器坏了', bot: anything, none: { text: /问题解决了吗|换卡也报密码错误/ } },
      ],
    },
    {
      name: 'at 押金收到了吗, "到账了吗" is a question, not a yes',
      turns: [depositStart, esign, within3, { user: '12000', bot: { text: /您是否已经收到/ } }, { user: '到账了吗', bot: anything, none: { text: /押金已经退回/ } }],
    },
  ]);
});

// --- leaving in one's own words ----------------------------------------------------------
describe('leaving a walkthrough in one\'s own words (issue 10 §2)', () => {
  const left: Expected = { text: /退出/ };
  const atChoice = ['我不要了', '不弄了', '先不用了', '没事了', '算了不弄了', '不想弄了', '不搞了', '不用了'];
  run(
    atChoice.map((say) => ({
      name: `"${say}" at a choice leaves the walkthrough`,
      turns: [depositStart, { user: say, bot: left, none: noHandoff }],
    })),
  );
  run([
    {
      name: '"我不要了" at a yes/no step leaves; it is not a no',
      turns: [activationStart, { user: '我不要了', bot: left, none: { text: /请先充电/ } }],
    },
    {
      name: '"先不用了" at a yes/no step leaves; it is not a no',
      turns: [activationStart, { user: '先不用了', bot: left, none: { text: /请先充电/ } }],
    },
    {
      name: '"不弄了" at a number step leaves',
      turns: [depositStart, esign, within3, { user: '不弄了', bot: left }],
    },
    {
      name: 'after leaving, the next message is no longer an answer',
      turns: [depositStart, { user: '算了不弄了', bot: left }, { user: '电签', bot: { notText: /有没有超过 3 个月/ } }],
    },
    {
      name: 'negated, "我不是不要了" does not leave',
      turns: [depositStart, { user: '我不是不要了，是不知道选哪个', bot: anything, none: left }],
    },
    {
      name: 'negated, "没说不弄了，还没开机" does not leave: it answers no',
      turns: [activationStart, { user: '没说不弄了，还没开机', bot: [{ text: /请先充电/ }], none: left }],
    },
  ]);
});

// --- what the agent reads ----------------------------------------------------------------
describe('what agents read when a walkthrough hands over (issue 10 §2)', () => {
  run([
    {
      name: 'the deposit walkthrough: the terminal kind and the time are labelled, in Chinese',
      turns: [
        depositStart,
        esign,
        within3,
        { user: '12000', bot: { text: /您是否已经收到/ } },
        { user: '否', bot: { text: /商户编号或机器序列号/ } },
        {
          user: 'M123456',
          bot: [{ event: HANDOFF, value: mentions(/(机型|类型|机器)[^"]{0,6}[：:]\s*电签/) }],
        },
      ],
    },
    {
      name: 'the deposit walkthrough: a choice answer reaches the agent as its label (3个月内), not its value',
      turns: [
        depositStart,
        esign,
        within3,
        { user: '12000', bot: { text: /您是否已经收到/ } },
        { user: '否', bot: { text: /商户编号或机器序列号/ } },
        { user: 'M123456', bot: [{ event: HANDOFF, value: mentions(/[：:]\s*3个月内/) }] },
      ],
    },
    {
      name: 'the activation walkthrough: 没有网络 and the SN reach the agent labelled',
      turns: [
        activationStart,
        { user: '是', bot: { text: /第2步/ } },
        { user: '没网', bot: { text: /现在连上网了吗/ } },
        { user: '否', bot: { text: /序列号（SN）/ } },
        { user: 'SN0001', bot: [{ event: HANDOFF, value: mentions(/[：:]\s*没有网络[\s\S]*(SN|序列号)[^"]{0,6}[：:]\s*SN0001|(SN|序列号)[^"]{0,6}[：:]\s*SN0001[\s\S]*[：:]\s*没有网络/) }] },
      ],
    },
    {
      name: 'a flow\'s own reason is already Chinese (the pin walkthrough, code 75)',
      turns: [pinStart, { user: '75', bot: { text: /问题解决了吗/ } }, { user: '否', bot: [{ event: HANDOFF, value: { reason: readableReason } }] }],
    },
  ]);
});
