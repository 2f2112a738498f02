import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { clockAt, IN_SERVICE_HOURS } from '../support/clocks.js';
import type { Reply, TestBot } from './harness.js';
import { article, freshBotPerTest, itPlays, type Transcript } from './playTranscript.js';

/*
 * Issue 10 §9 where the bot can show it (the widget's scrolling and `npm run chat` are not the
 * bot's): 👎 offers a person as a button, and the greeting follows the widget's language sent with
 * Web Chat's `webchat/join` event. And §7's "您是想问：": a vague question with plausible articles
 * gets up to three of them to tap instead of "还没学会". Written before the fix: a test marked
 * `bug` still fails today (it runs as `it.fails`); drop the mark once it passes.
 */

const { 'zh-CN': zh, en } = await loadMessages(localesDir);
const now = clockAt(IN_SERVICE_HOURS);
const bot = freshBotPerTest({ now });
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);

const HANDOFF = 'handoff.initiate';

describe('after 👎 (issue 10 §9)', () => {
  const pinWrong = article('刷卡提示"密码错误"（返回码55）');
  run([
    {
      name: '👎 apologises and offers 转人工 as a button; tapping it hands over',
      turns: [
        { user: '刷卡密码错误', bot: pinWrong },
        { user: zh.feedback.unhelpful, bot: { text: /抱歉/, actions: ['转人工'] } },
        { user: '转人工', bot: [{ event: HANDOFF }] },
      ],
    },
    {
      name: '👎 in English offers the English command as a button',
      locale: 'en-US',
      turns: [
        { user: '刷卡密码错误', bot: { text: /./ } },
        { user: en.feedback.unhelpful, bot: { text: /Sorry/, actions: [en.commands.handoff[0]!] } },
      ],
    },
    {
      name: '👍 thanks, and offers no person',
      turns: [
        { user: '刷卡密码错误', bot: pinWrong },
        { user: zh.feedback.helpful, bot: { text: zh.feedback.thanksHelpful, notActions: ['转人工'] } },
      ],
    },
  ]);
});

/** As Web Chat sends it: an event named webchat/join whose value carries the widget's language. */
const sendJoin = (testBot: TestBot, { locale, language }: { locale?: string; language: string }): Promise<Reply[]> =>
  testBot.send({ type: 'event', name: 'webchat/join', value: { language }, locale });

const messages = <T extends { type?: string }>(replies: readonly T[]) => replies.filter((r) => (r.type ?? 'message') === 'message');

describe('the greeting follows the widget\'s language (issue 10 §9)', () => {
  it('an English widget is greeted in English, with the English menu', async () => {
    const [greeting] = messages(await sendJoin(bot(), { locale: 'en-US', language: 'en-US' }));
    expect(greeting).toMatchObject({ text: en.greeting, actions: en.menu });
  });

  it('a Chinese widget is greeted in Chinese', async () => {
    const [greeting] = messages(await sendJoin(bot(), { locale: 'zh-CN', language: 'zh-CN' }));
    expect(greeting).toMatchObject({ text: zh.greeting, actions: zh.menu });
  });

  it("the event's language decides when the activity says none", async () => {
    const [greeting] = messages(await sendJoin(bot(), { locale: undefined, language: 'en-US' }));
    expect(greeting).toMatchObject({ text: en.greeting });
  });

  it('a widget greeted in its language when the conversation started is not greeted again', async () => {
    const testBot = bot();
    const started = messages(await testBot.send({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'user' }], locale: 'en-US' }));
    expect(started[0]).toMatchObject({ text: en.greeting });
    expect(messages(await sendJoin(testBot, { locale: 'en-US', language: 'en-US' }))).toHaveLength(0);
  });

  it('a client that started without its language is greeted again in it when it joins', async () => {
    const testBot = bot();
    expect(messages(await testBot.send({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'user' }] }))[0]).toMatchObject({ text: zh.greeting });
    expect(messages(await sendJoin(testBot, { language: 'en-US' }))[0]).toMatchObject({ text: en.greeting, actions: en.menu });
  });

  it('other events are not greeted', async () => {
    const replies = await bot().send({ type: 'event', name: 'webchat/somethingElse', value: {} });
    expect(messages(replies)).toHaveLength(0);
  });
});

describe('a vague question (issue 10 §7, 您是想问：)', () => {
  const didYouMean = { text: /想问/, notText: /还没学会/ };
  const vague: readonly { user: string; bug?: string }[] = [
    { user: '密码的事' },
    { user: '押金的事情' },
    { user: '钱的问题' },
    { user: '激活的事' },
    { user: '退钱' },
    { user: '机器的事' },
    { user: '小票的问题' },
  ];
  run(
    vague.map(({ user, bug }) => ({
      name: `"${user}" offers the likely articles to tap, not "还没学会"`,
      ...(bug && { bug }),
      turns: [{ user, bot: didYouMean, none: { event: HANDOFF } }],
    })),
  );
  run([
    {
      name: 'tapping an offered article answers it',
      turns: [
        { user: '押金的事情', bot: { ...didYouMean, actions: ['押金怎么退？退还条件'] } },
        { user: '押金怎么退？退还条件', bot: article('押金怎么退？退还条件') },
      ],
    },
    {
      name: 'a question out of scope is still not answered, and offers no articles',
      turns: [{ user: '今天天气怎么样', bot: { text: zh.noAnswer, notText: /想问/ } }],
    },
    {
      name: 'a question the bot is sure of is answered, not offered',
      turns: [{ user: '刷卡密码错误', bot: { ...article('刷卡提示"密码错误"（返回码55）'), notText: /想问/ } }],
    },
  ]);
});
