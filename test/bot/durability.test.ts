import { afterEach, describe, expect, it } from 'vitest';
import { luhnValid } from '../privacy/testNumbers.js';
import { startTestBot, type TestBot } from './harness.js';

const bots: TestBot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
});
const start = async (dataDir?: string) => {
  const bot = await startTestBot({ dataDir });
  bots.push(bot);
  return bot;
};

describe('conversation state', () => {
  it('survives a restart in the middle of a flow: the conversation continues where it stood', async () => {
    const first = await startTestBot();
    expect((await first.say('押金怎么退')).at(-1)!.text).toMatch(/哪种POS机/);
    expect((await first.say('电签的')).at(-1)!.text).toMatch(/3 个月/);
    await first.close({ keepData: true });

    const second = await start(first.dataDir);
    const replies = await second.say('3个月内');
    expect(replies.at(-1)!.text).toMatch(/刷了多少钱/);
    expect((await second.say('6500')).at(-1)!.text).toMatch(/还差 3500 元/);
  });

  it('runs two messages sent at once to one conversation one after the other', async () => {
    const bot = await start();
    const [first, second] = await Promise.all([bot.say('押金怎么退'), bot.say('电签的')]);
    expect(first.at(-1)!.text).toMatch(/哪种POS机/);
    // The second message is the answer to the first's question, not a new search.
    expect(second.at(-1)!.text).toMatch(/3 个月/);
  });

  it('keeps conversations apart', async () => {
    const bot = await start();
    await bot.say('押金怎么退', { conversationId: 'a' });
    const other = await bot.say('电签的', { conversationId: 'b' });
    expect(other.at(-1)!.text).not.toMatch(/3 个月/);
  });
});

describe('sensitive data', () => {
  const luhn = luhnValid;
  // A Luhn-valid 16-digit number made here, so the test does not trust memory.
  const validCard = (() => {
    for (let check = 0; check < 10; check++) if (luhn(`622202123456789${check}`)) return `622202123456789${check}`;
    throw new Error('no check digit');
  })();
  const secrets = [validCard, validCard.replace(/(\d{4})(?=\d)/g, '$1 '), '852963', '11010519491231002X', '三位数是739'];

  it('never writes a card number, PIN, ID number or CVV to the database or the logs, and warns the user', async () => {
    const bot = await start();
    const warned = await bot.say(`我的卡号是 ${validCard.replace(/(\d{4})(?=\d)/g, '$1 ')} 刷不了`);
    expect(warned[0]!.text).toMatch(/不要发送银行卡号/);
    await bot.say('卡的密码是852963');
    await bot.say('身份证 11010519491231002X');
    await bot.say('背面三位数是739');
    await bot.say('押金怎么退');
    await bot.say(`电签的，卡号${validCard}`);
    await bot.say('转人工');

    // Only what users' words can reach: ids, etags and timestamps hold digits of their own
    // (a UUID may well contain 739), so the short secrets are looked for with their keywords.
    const db = bot.runtime.database.db;
    const everything = JSON.stringify([
      await db.selectFrom('transcript').select(['text', 'payload']).execute(),
      await db.selectFrom('state_items').select(['data']).execute(),
      await db.selectFrom('tickets').select(['reason', 'context']).execute(),
    ]);
    const logs = bot.logs.join('');
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(everything).toContain('[卡号已隐藏]');
    expect(everything).toContain('[密码已隐藏]');
  });

  it('warns once per message, in one sentence, and still answers the question', async () => {
    const bot = await start();
    const replies = await bot.say(`卡号${validCard}刷卡提示密码错误`);
    expect(replies.filter((r) => /不要发送银行卡号/.test(r.text))).toHaveLength(1);
    expect(replies.at(-1)!.text).toMatch(/返回码55/);
  });
});

describe('user state', () => {
  it('remembers a user across conversations, in the database', async () => {
    const bot = await start();
    await bot.say('你好', { conversationId: 'first' });
    await bot.say('你好', { conversationId: 'second' });
    const rows = await bot.runtime.database.db.selectFrom('state_items').select(['key', 'data']).where('key', 'like', '%users%').execute();
    expect(rows).toHaveLength(1);
    const profile = (JSON.parse(rows[0]!.data) as { profile: { conversations: string[]; locale: string } }).profile;
    expect(profile.conversations).toEqual(['first', 'second']);
    expect(profile.locale).toBe('zh-CN');
  });
});
