import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recognizeChoice } from '../../src/bot/recognizeChoice.js';
import { MAX_TEXT_LENGTH, TRUNCATION_MARK } from '../../src/channels/inboundActivity.js';
import { WORST_INPUTS } from '../fixtures/worstInputs.js';
import { startTestBot, type TestBot } from './harness.js';

/*
 * Inputs that once froze the server (60,000 digits in a choice step took 19 s of one core). Each
 * turn must finish and be answered; how long it takes is measured by `npm run bench:worst`, not
 * here.
 */

describe('recognizeChoice on huge answers', () => {
  const choices = [
    { value: 'esign', label: '电签POS机', synonyms: ['电签'] },
    { value: 'classic', label: '传统POS机', synonyms: ['传统'] },
  ];
  it.each(WORST_INPUTS)('%s: no choice, and it returns', (_what, text) => {
    expect(recognizeChoice(text, choices)).toBeUndefined();
  });
  it('still reads a short ordinal', () => {
    expect(recognizeChoice('第二个', choices)).toBe('classic');
    expect(recognizeChoice('2', choices)).toBe('classic');
  });
});

describe('the worst inputs inside a flow choice step', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await startTestBot();
  });
  afterEach(async () => {
    await bot.close();
  });

  it.each(WORST_INPUTS)('%s: the turn finishes and the user is answered', async (_what, text) => {
    expect((await bot.say('押金怎么退')).at(-1)?.text).toMatch(/哪种POS机/);
    const replies = await bot.say(text);
    expect(replies.length).toBeGreaterThan(0);
    if (text.length > MAX_TEXT_LENGTH) expect(replies.map((r) => r.text).join('\n')).toMatch(/太长/);
  });

  it('stores a too-long message cut, with the mark', async () => {
    await bot.say('1'.repeat(60_000));
    const entries = await bot.runtime.database.db.selectFrom('transcript').select(['text']).where('direction', '=', 'in').execute();
    const stored = entries.map((e) => e.text ?? '').find((t) => t.endsWith(TRUNCATION_MARK));
    expect(stored).toBeDefined();
    expect(stored!.length).toBe(MAX_TEXT_LENGTH + TRUNCATION_MARK.length);
  });
});
