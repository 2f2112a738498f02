import { describe, expect, it } from 'vitest';
import { decide, type Memory, type Recognition, type Step } from '../../src/conversation/index.js';

/*
 * The routing policy as a table: what the bot does about each kind of message, given whether a
 * flow waits for an answer and what it remembers. Pure, so each line runs in microseconds.
 */

const policy = { missesBeforeHuman: 2, repeatLimit: 3, reasons: { userAsked: '用户要求转人工', repeatedQuestion: '同一问题重复提问' } };
const fresh: Memory = { misses: 0, recentQuestions: [] };
const question = (said: string, found: { best?: string; ambiguous?: boolean; candidates?: string[] } = {}): Recognition => ({
  kind: 'question',
  said,
  ...(found.best ? { best: found.best } : {}),
  ambiguous: found.ambiguous ?? false,
  candidates: found.candidates ?? [],
});
const fraud = { reason: '疑似盗刷/诈骗', priority: 'high' as const, contains: [], exact: [], unless: [], offer: false, reply: '请先冻结银行卡' };
const anger = { reason: '用户不满', priority: 'high' as const, contains: [], exact: [], unless: [], offer: true, reply: '非常抱歉' };

const kinds = (steps: readonly Step[]) => steps.map((s) => s.kind);

describe('decide', () => {
  it.each<[string, Recognition, boolean, readonly Step['kind'][]]>([
    ['a message while a person has the conversation goes to them', { kind: 'forPerson' }, false, ['forwardToPerson']],
    ['取消转人工 ends the hand-over', { kind: 'endHandoff' }, false, ['endHandoff']],
    ['a rating is recorded', { kind: 'rating', rating: 4 }, false, ['rate']],
    ['a text too long is answered as such, even in a flow', { kind: 'tooLong' }, true, ['tooLong']],
    ['转人工 leaves the flow and hands over', { kind: 'command', command: 'handoff' }, true, ['leaveFlow', 'handOver']],
    ['取消 leaves the flow and says so', { kind: 'command', command: 'cancel' }, true, ['leaveFlow', 'cancelled']],
    ['菜单 leaves the flow and shows the menu', { kind: 'command', command: 'menu' }, true, ['leaveFlow', 'menu']],
    ['a fraud phrase leaves the flow and hands over', { kind: 'trigger', trigger: fraud }, true, ['leaveFlow', 'handOver']],
    ['an answer to the flow continues it', { kind: 'stepAnswer' }, true, ['continueFlow']],
    ['an empty message does nothing', { kind: 'empty' }, false, []],
    ['👍 is recorded and thanked', { kind: 'feedback', helpful: true }, false, ['feedback']],
    ['small talk is answered', { kind: 'smallTalk', reply: '您好' }, false, ['smallTalk']],
    ['an article title shows the article', { kind: 'articleTitle', articleId: 'pin-wrong' }, false, ['answer']],
    ['a flow phrase starts the flow', { kind: 'flowTrigger', flowId: 'activation' }, false, ['startFlow']],
    ['a clear question is answered', question('刷卡密码错误', { best: 'pin-wrong' }), false, ['answer']],
    ['an ambiguous question asks which', question('押金', { best: 'deposit-esign', ambiguous: true, candidates: ['a', 'b'] }), false, ['didYouMean']],
    ['an unknown question is admitted', question('今天天气怎么样'), false, ['noAnswer']],
    ['a message for the waiting person is passed on', { kind: 'forPerson' }, false, ['forwardToPerson']],
    ['a sure question while queued in hours is passed on and answered', { kind: 'forPerson', articleId: 'pin-wrong' }, false, ['forwardToPerson', 'answer']],
    ['an uncertain question with plausible articles offers them (您是想问)', question('押金的事情', { candidates: ['押金怎么退？退还条件', '电签机押金'] }), false, ['didYouMean']],
  ])('%s', (_what, recognition, inFlow, expected) => {
    expect(kinds(decide(recognition, { inFlow, memory: fresh, policy }).steps)).toEqual(expected);
  });

  it('says whether a flow was left when the user cancels', () => {
    expect(decide({ kind: 'command', command: 'cancel' }, { inFlow: true, memory: fresh, policy }).steps[1]).toEqual({ kind: 'cancelled', wasInFlow: true });
    expect(decide({ kind: 'command', command: 'cancel' }, { inFlow: false, memory: fresh, policy }).steps[1]).toEqual({ kind: 'cancelled', wasInFlow: false });
  });

  it('hands a fraud phrase over at its priority, with its advice', () => {
    expect(decide({ kind: 'trigger', trigger: fraud }, { inFlow: false, memory: fresh, policy }).steps[1]).toEqual({ kind: 'handOver', reason: '疑似盗刷/诈骗', priority: 'high', text: '请先冻结银行卡' });
  });

  it('answers anger with an apology that offers a person, staying in the flow; taking the offer opens the ticket with its reason', () => {
    const offered = decide({ kind: 'trigger', trigger: anger }, { inFlow: true, memory: fresh, policy });
    expect(offered.steps).toEqual([{ kind: 'offerPerson', text: '非常抱歉' }]);
    const taken = decide({ kind: 'command', command: 'handoff' }, { inFlow: true, memory: offered.memory, policy });
    expect(taken.steps).toEqual([{ kind: 'leaveFlow' }, { kind: 'handOver', reason: '用户不满', priority: 'high' }]);
    expect(taken.memory.offered).toBeUndefined();
  });

  it('lets an offer lapse after one turn: a later 转人工 is an ordinary request', () => {
    const offered = decide({ kind: 'trigger', trigger: anger }, { inFlow: false, memory: fresh, policy });
    const later = decide({ kind: 'smallTalk', reply: '您好' }, { inFlow: false, memory: offered.memory, policy });
    expect(decide({ kind: 'command', command: 'handoff' }, { inFlow: false, memory: later.memory, policy }).steps[1]).toEqual({ kind: 'handOver', reason: '用户要求转人工', priority: 'normal' });
  });

  it('offers a person after the second miss in a row, and an answer resets the count', () => {
    const first = decide(question('天气'), { inFlow: false, memory: fresh, policy });
    expect(first.steps).toEqual([{ kind: 'noAnswer', offerHuman: false }]);
    const second = decide(question('股票'), { inFlow: false, memory: first.memory, policy });
    expect(second.steps).toEqual([{ kind: 'noAnswer', offerHuman: true }]);
    const answered = decide(question('刷卡密码错误', { best: 'pin-wrong' }), { inFlow: false, memory: second.memory, policy });
    expect(answered.memory.misses).toBe(0);
  });

  it('hands the third identical question in a row to a person at high priority, then forgets it', () => {
    let memory = fresh;
    const ask = () => decide(question('刷卡密码错误', { best: 'pin-wrong' }), { inFlow: false, memory, policy });
    for (let i = 0; i < 2; i++) {
      const decision = ask();
      expect(kinds(decision.steps)).toEqual(['answer']);
      memory = decision.memory;
    }
    const third = ask();
    expect(third.steps).toEqual([{ kind: 'handOver', reason: '同一问题重复提问', priority: 'high' }]);
    expect(third.memory.recentQuestions).toEqual([]);
  });

  it('does not count a one-character message as a repeated question', () => {
    let memory = fresh;
    for (let i = 0; i < 5; i++) memory = decide(question('啊'), { inFlow: false, memory, policy }).memory;
    expect(memory.recentQuestions).toEqual([]);
  });

  it('never changes the memory it is given', () => {
    const memory = Object.freeze({ misses: 1, recentQuestions: Object.freeze(['x']) });
    expect(() => decide(question('y'), { inFlow: false, memory, policy })).not.toThrow();
    expect(memory).toEqual({ misses: 1, recentQuestions: ['x'] });
  });
});
