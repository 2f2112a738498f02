import { describe } from 'vitest';
import { loadMessages } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { clockAt, OUT_OF_SERVICE_HOURS } from '../support/clocks.js';
import { freshBotPerTest, itPlays, type Transcript } from './playTranscript.js';

/*
 * What hands a conversation to a person at once (complaints, distress, fraud, the same question
 * again and again: from the `handoff:` triggers in the locale files), and the bot's silence
 * while a person has the conversation.
 */

const zh = (await loadMessages(localesDir))['zh-CN'];
const bot = freshBotPerTest();
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);
const HANDOFF = 'handoff.initiate';
const queued = { text: /^已为您排队，您是第 1 位。/ };
const anything = { text: /./ };

describe('triggers that hand over at high priority', () => {
  run([
    {
      name: 'a complaint',
      turns: [{ user: '我要投诉你们公司', bot: [queued, { event: HANDOFF, value: { reason: '投诉', priority: 'high' } }] }],
    },
    {
      name: 'a stolen card: advice first, then the queue',
      turns: [{ user: '我的卡被盗刷了怎么办', bot: [{ text: /冻结银行卡/ }, queued, { event: HANDOFF, value: { reason: '疑似盗刷/诈骗', priority: 'high' } }] }],
    },
    {
      name: 'being scammed, in the middle of a flow',
      turns: [
        { user: '押金怎么退', bot: { text: /哪种POS机/ } },
        { user: '我是不是被骗了', bot: [queued, { event: HANDOFF, value: { priority: 'high' } }] },
      ],
    },
    {
      name: '没用 as the whole message: an apology and a person offered; taking it queues at high priority',
      turns: [
        { user: '没用！', bot: { text: /抱歉/, actions: ['转人工'] }, none: { event: HANDOFF } },
        { user: '转人工', bot: [queued, { event: HANDOFF, value: { reason: '用户不满', priority: 'high' } }] },
      ],
    },
    {
      name: 'the same question three times in a row',
      turns: [
        { user: '刷卡密码错误', bot: { text: /返回码55/ } },
        { user: '刷卡密码错误', bot: { text: /返回码55/ }, none: { event: HANDOFF } },
        { user: '刷卡密码错误', bot: [queued, { event: HANDOFF, value: { reason: zh.handoff.reasons.repeatedQuestion, priority: 'high' } }] },
      ],
    },
  ]);
});

describe('what does not trigger', () => {
  run([
    {
      name: '还没用过 (never used yet) is a question, not distress',
      turns: [{ user: '新机器还没用过怎么激活', bot: { text: /激活/ }, none: { event: HANDOFF } }],
    },
    {
      name: 'the same question twice, and a different one in between, do not',
      turns: [
        { user: '刷卡密码错误', bot: { text: /返回码55/ } },
        { user: '押金什么时候退', bot: anything },
        { user: '取消', bot: anything },
        { user: '刷卡密码错误', bot: { text: /返回码55/ }, none: { event: HANDOFF } },
      ],
    },
  ]);
});

describe('while a person has the conversation', () => {
  // In service hours a waiting user may keep asking (offHappyPath.handover.test.ts); after hours
  // nobody will read it before the morning, so the bot takes it as a message left for them.
  itPlays(
    [
      {
        name: 'after hours the bot takes messages for the morning: one acknowledgement, then silence, even for 菜单',
        turns: [
          { user: '转人工', bot: { text: /非工作时间/ } },
          { user: '刷卡密码错误', bot: { text: zh.handoff.received }, none: { text: /返回码55/ } },
          { user: '刷卡密码错误', bot: [], none: anything },
          { user: '菜单', bot: [], none: anything },
          { user: '你好', bot: [], none: anything },
        ],
      },
    ],
    freshBotPerTest({ now: clockAt(OUT_OF_SERVICE_HOURS) }),
  );
  run([
    {
      name: '取消转人工 leaves the queue, and the bot answers again',
      turns: [
        { user: '转人工', bot: queued },
        { user: '取消转人工', bot: { text: zh.handoff.cancelled } },
        { user: '刷卡密码错误', bot: { text: /返回码55/ } },
      ],
    },
    {
      name: 'asking again while waiting does not open a second ticket',
      turns: [
        { user: '转人工', bot: queued },
        { user: '投诉', bot: [], none: { event: HANDOFF } },
      ],
    },
  ]);
});

// Each channel chooses its own conversation ids, so one id on two channels is two users: a
// user of the Bot Framework endpoint who claims a Direct Line user's id must not reach them.
describe('the same conversation id on two channels', () => {
  const onEmulator = { channelId: 'emulator' };
  run([
    {
      name: 'a user on emulator gets answers and a ticket of their own while a console user with the same id waits for a person',
      turns: [
        { user: '机器开不了机', bot: anything },
        { user: '转人工', bot: [queued, { event: HANDOFF }] },
        { ...onEmulator, user: '刷卡密码错误', bot: { text: /返回码55/ }, none: { text: zh.handoff.received } },
        { ...onEmulator, user: '转人工', bot: [{ text: /^已为您排队，您是第 2 位。/ }, { event: HANDOFF }] },
        { ...onEmulator, user: '取消转人工', bot: { text: zh.handoff.cancelled } },
        // The console user's ticket is untouched: still waiting, so 在吗 is for the person (no
        // small talk from the bot, no second ticket).
        { user: '在吗', bot: [], none: anything },
      ],
    },
  ]);
});

describe('outside service hours (03:00 in Beijing, default hours 09:00-21:00)', () => {
  const night = freshBotPerTest({ now: clockAt(OUT_OF_SERVICE_HOURS) });
  itPlays(
    [
      {
        name: 'the queue message says when people are back instead of a place in the queue',
        turns: [{ user: '转人工', bot: [{ text: /09:00/ }, { event: HANDOFF }], none: queued }],
      },
    ],
    night,
  );
});
