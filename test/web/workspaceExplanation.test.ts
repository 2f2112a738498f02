import { describe, expect, it } from 'vitest';
import { decisionText, describeExplanation, percent } from '../../web/workspace/describeExplanation.js';
import { messages } from '../../web/workspace/messages.js';
import type { TurnExplanation } from '../../web/workspace/TurnExplanation.js';
import { depositRefund, mimaCuole } from './workspaceFixtures.js';

const zh = messages['zh-CN'];
const en = messages.en;

/** An explanation that decided `outcome` with these steps, the rest as for 押金怎么退. */
const deciding = (outcome: TurnExplanation['outcome'], steps: TurnExplanation['steps'], extra: Partial<TurnExplanation> = {}): TurnExplanation => ({
  ...depositRefund,
  flow: undefined,
  outcome,
  steps,
  ...extra,
});

describe('describeExplanation', () => {
  it('says a walkthrough trigger starts the walkthrough, by its title, and how it was recognised', () => {
    const v = describeExplanation(depositRefund, zh);
    expect(v.outcome).toBe('flow');
    expect(v.decision).toBe('开始排查「押金退还查询」');
    expect(v.recognition).toBe('识别为：排查流程的触发词');
    expect(describeExplanation(depositRefund, en).decision).toBe('Start the walkthrough “押金退还查询”');
  });

  it('lists the rules that fired, named by kind, in the order they fired', () => {
    const v = describeExplanation(mimaCuole, zh);
    expect(v.readAs).toBe('密码 错误');
    expect(v.rules).toEqual([
      { kind: 'pinyin', label: '拼音', from: 'mima cuole', to: '密码 错了' },
      { kind: 'synonym', label: '同义词', from: '错了', to: '错误' },
    ]);
    expect(describeExplanation(mimaCuole, en).rules.map((r) => r.label)).toEqual(['Pinyin', 'Synonym']);
    expect(describeExplanation(depositRefund, zh).rules).toEqual([]);
  });

  it('shows each word with its weight, and says why an unknown or ignored one counts for nothing', () => {
    const e: TurnExplanation = {
      ...mimaCuole,
      query: {
        ...mimaCuole.query,
        units: [
          { text: '密码', terms: ['密码'], weight: 1.202, known: true, ignored: false },
          { text: '的', terms: ['的'], weight: 0.05, known: true, ignored: true },
          { text: '蓝牙', terms: ['蓝牙'], weight: 2.3, known: false, ignored: false },
          { text: 'pos机', terms: ['pos', '电签'], weight: 0.9, known: true, ignored: false },
        ],
      },
    };
    expect(describeExplanation(e, zh).words).toEqual([
      { text: '密码', weight: '1.20', known: true, ignored: false, notes: [] },
      { text: '的', weight: '0.05', known: true, ignored: true, notes: ['太常见，已忽略'] },
      { text: '蓝牙', weight: '2.30', known: false, ignored: false, notes: ['未收录'] },
      { text: 'pos机', weight: '0.90', terms: 'pos 电签', known: true, ignored: false, notes: [] },
    ]);
  });

  it('ranks the candidates with score, coverage and similarity as percentages, marks the best, and words the margin', () => {
    const v = describeExplanation(mimaCuole, zh);
    expect(v.hits).toEqual([
      { rank: 1, id: 'pin-wrong', title: '刷卡提示"密码错误"（返回码55）', score: '363.8', coverage: '100%', similarity: '100%', best: true },
      { rank: 2, id: 'pin-locked', title: '密码输错次数太多被锁（返回码75）', score: '252.4', coverage: '100%', similarity: '62%', best: false },
      { rank: 3, id: 'app-login-password', title: '商户App登录密码忘了', score: '128.5', coverage: '100%', similarity: '52%', best: false },
    ]);
    expect(v.margin).toBe('差距：第二名的得分是第一名的 69%（越接近 100% 越难区分）');
    expect(v.ambiguous).toBe(false);
  });

  it('has no margin to compare with one candidate, and none to show with none', () => {
    const one = { ...mimaCuole, search: { ...mimaCuole.search, hits: mimaCuole.search.hits.slice(0, 1), margin: null } };
    expect(describeExplanation(one, zh).margin).toBe(zh.marginNone);
    const none = { ...mimaCuole, search: { ...mimaCuole.search, hits: [], best: null, margin: null } };
    expect(describeExplanation(none, zh).margin).toBe('');
  });

  it('shows the normalised text only when it says something the typed and the read text do not', () => {
    expect(describeExplanation(mimaCuole, zh).normalized).toBeUndefined();
    const traditional = { ...mimaCuole, text: '密碼錯了', query: { ...mimaCuole.query, normalized: '密码错了' } };
    expect(describeExplanation(traditional, zh).normalized).toBe('密码错了');
  });

  it('names a recognition it has no word for by its kind', () => {
    expect(describeExplanation({ ...mimaCuole, recognition: { kind: 'somethingNew' } }, zh).recognition).toBe('识别为：somethingNew');
  });
});

describe('decisionText', () => {
  it('words every outcome, Chinese first', () => {
    const cases: Array<[TurnExplanation, string, string]> = [
      [mimaCuole, '直接回答「刷卡提示"密码错误"（返回码55）」', 'Answer with “刷卡提示"密码错误"（返回码55）”'],
      [deciding('didYouMean', [{ kind: 'didYouMean' }], { offered: ['押金怎么退？退还条件', '电签POS机押金 100 元'] }), '问“您是想问”：「押金怎么退？退还条件」「电签POS机押金 100 元」', 'Ask “did you mean”: “押金怎么退？退还条件”, “电签POS机押金 100 元”'],
      [depositRefund, '开始排查「押金退还查询」', 'Start the walkthrough “押金退还查询”'],
      [deciding('handOver', [{ kind: 'handOver', reason: '用户要求转人工' }]), '转人工（用户要求转人工）', 'Hand over to a person (用户要求转人工)'],
      [deciding('offerPerson', [{ kind: 'offerPerson' }]), '先道歉，再提供转人工', 'Apologise and offer a person'],
      [deciding('smallTalk', [{ kind: 'smallTalk', reply: '您好！' }]), '寒暄，回复「您好！」', 'Make small talk: “您好！”'],
      [deciding('command', [{ kind: 'menu' }]), '执行指令：回到菜单', 'Run a command: back to the menu'],
      [deciding('noAnswer', [{ kind: 'noAnswer', offerHuman: false }]), '还没学会（没有有把握的答案，给出常见主题）', 'Say it has no answer yet (nothing it is sure of; shows the main topics)'],
      [deciding('noAnswer', [{ kind: 'noAnswer', offerHuman: true }]), '还没学会，并提供转人工', 'Say it has no answer yet, and offer a person'],
      [deciding('nothing', []), '不回复', 'Say nothing'],
    ];
    for (const [e, chinese, english] of cases) {
      expect(decisionText(e, zh)).toBe(chinese);
      expect(decisionText(e, en)).toBe(english);
    }
  });
});

describe('percent', () => {
  it('rounds a share to a whole percentage', () => {
    expect([percent(1), percent(0.816), percent(0.005), percent(0)]).toEqual(['100%', '82%', '1%', '0%']);
  });
});
