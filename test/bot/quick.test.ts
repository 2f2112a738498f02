import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from './harness.js';

let bot: TestBot;
afterEach(async () => bot?.close());

describe('harness', () => {
  it('greets and answers', async () => {
    bot = await startTestBot();
    const greeting = await bot.join();
    expect(greeting[0]!.actions).toContain('转人工');
    const answer = await bot.say('刷卡密码错误');
    expect(answer[0]!.text).toContain('返回码55');
  });
});
