import { describe, expect, it } from 'vitest';
import { freshBotPerTest, playTranscript, type Turn } from './playTranscript.js';

// The player must be able to fail, or every transcript test proves nothing.
describe('playTranscript', () => {
  const bot = freshBotPerTest();
  const depositStart: Turn = { user: '押金怎么退', bot: { text: /哪种POS机/ } };

  it('passes when every turn matches', async () => {
    await expect(playTranscript(bot(), { name: 'ok', turns: [depositStart, { user: '智能的', bot: { text: /不收押金/ } }] })).resolves.toBeUndefined();
  });

  it('fails naming the turn when the last message says something else', async () => {
    await expect(playTranscript(bot(), { name: 'wrong', turns: [{ user: '押金怎么退', bot: { text: /不收押金/ } }] })).rejects.toThrow(/turn 1 \(user says "押金怎么退"\): the last message .*does not match/s);
  });

  it('fails when a suggested action is missing', async () => {
    await expect(playTranscript(bot(), { name: 'actions', turns: [{ user: '押金怎么退', bot: { actions: ['电签POS机', '刷卡机'] } }] })).rejects.toThrow(/without \["刷卡机"\]/);
  });

  it('fails when an expected event is missing', async () => {
    await expect(playTranscript(bot(), { name: 'no event', turns: [depositStart, { user: '智能的', bot: { event: 'handoff.initiate' } }] })).rejects.toThrow(/turn 2.*handoff\.initiate/s);
  });

  it("fails when the event's value differs", async () => {
    const turns: Turn[] = [{ user: '转人工', bot: { event: 'handoff.initiate', value: { reason: /没有这个原因/ } } }];
    await expect(playTranscript(bot(), { name: 'value', turns })).rejects.toThrow(/turn 1.*handoff\.initiate/s);
  });

  it('fails when replies come in another order than expected', async () => {
    const turns: Turn[] = [{ user: '转人工', bot: [{ event: 'handoff.initiate' }, { text: /正在为您转接/ }] }];
    await expect(playTranscript(bot(), { name: 'order', turns })).rejects.toThrow(/expectation 2/);
  });

  it('fails when a reply it must not see is there', async () => {
    const turns: Turn[] = [{ user: '转人工', bot: { text: /已为您排队/ }, none: { event: 'handoff.initiate' } }];
    await expect(playTranscript(bot(), { name: 'unwanted', turns })).rejects.toThrow(/must not/);
  });
});
