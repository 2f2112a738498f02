import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNIONPAY } from '../privacy/testNumbers.js';
import { startTestBot, type TestBot } from './harness.js';

/* The bot's own middleware (every channel but Direct Line, which redacts before storing) remembers
 * between messages what redaction needs: a card split in two, a PIN after the user said they were asked. */
describe('secrets over two messages, on any channel', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await startTestBot();
  });
  afterEach(async () => {
    await bot.close();
  });
  const stored = async () => JSON.stringify(await bot.runtime.database.db.selectFrom('transcript').selectAll().execute());

  it('hides the second half of a split card and warns the user', async () => {
    await bot.say(`卡号 ${UNIONPAY.slice(0, 12)}`);
    const replies = await bot.say(UNIONPAY.slice(12));
    expect(replies.map((r) => r.text).join('\n')).toMatch(/不要发送银行卡号/);
    expect(await stored()).not.toContain(UNIONPAY.slice(12));
  });

  it('hides a bare PIN after the user said they were asked for it', async () => {
    await bot.say('收银员问我密码是多少');
    await bot.say('604193');
    expect(await stored()).not.toContain('604193');
  });

  it('keeps a number that follows an unrelated message', async () => {
    await bot.say('你好');
    await bot.say('604193');
    expect(await stored()).toContain('604193');
  });
});
