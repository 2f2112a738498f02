import type { AddResult, MissGroup } from '../../web/workspace/MissGroup.js';
import type { TurnExplanation } from '../../web/workspace/TurnExplanation.js';

const a6: MissGroup = {
  id: 7,
  text: '机器一直显示A6是什么意思',
  count: 12,
  kinds: { noAnswer: 9, unpicked: 0, thumbsDown: 0, askedPerson: 3 },
  examples: ['机器一直显示A6是什么意思', '显示A6了怎么办'],
  firstAt: '2026-02-20T01:00:00Z',
  lastAt: '2026-03-01T01:30:00Z',
  status: 'open',
  suggestions: [
    { id: 'device-code-a6', title: '终端显示 A6', version: '3f2a9c1d0b7e4a55' },
    { id: 'device-restart', title: '终端怎么重启' },
  ],
};
const deposit: MissGroup = {
  id: 8,
  text: '押金什么时候到账',
  count: 5,
  kinds: { noAnswer: 0, unpicked: 3, thumbsDown: 2, askedPerson: 0 },
  examples: ['押金什么时候到账'],
  firstAt: '2026-02-25T01:00:00Z',
  lastAt: '2026-03-01T00:10:00Z',
  status: 'open',
  suggestions: [{ id: 'deposit-refund-status', title: '已经达标了，押金怎么还没退' }],
};
const fee: MissGroup = {
  id: 9,
  text: '手续费怎么算',
  count: 2,
  kinds: { noAnswer: 0, unpicked: 2, thumbsDown: 0, askedPerson: 0 },
  examples: [],
  firstAt: '2026-02-28T01:00:00Z',
  lastAt: '2026-03-01T02:00:00Z',
  status: 'open',
  suggestions: [],
};

/** The misses inbox as the server would send it (out of order on purpose) and the answers to its actions. */
export const missFixtures: { open: MissGroup[]; added: AddResult; ignored: MissGroup } = {
  open: [fee, a6, deposit],
  added: {
    group: { ...a6, status: 'resolved', resolution: { kind: 'added', articleId: 'device-code-a6', by: '卞编辑', at: '2026-03-01T03:00:00Z', answersNow: true } },
    file: 'knowledge/device/device-code-a6.yaml',
    answersNow: true,
    changedFiles: ['knowledge/device/device-code-a6.yaml'],
  },
  ignored: { ...fee, status: 'ignored', resolution: { kind: 'ignored', reason: '与业务无关', by: '卞编辑', at: '2026-03-01T03:05:00Z' } },
};

/** `npm run kb -- search "mima cuole" --json`, trimmed to three hits. */
export const mimaCuole: TurnExplanation = {
  text: 'mima cuole',
  query: {
    normalized: 'mima cuole',
    canonical: '密码 错误',
    rules: [
      { kind: 'pinyin', from: 'mima cuole', to: '密码 错了' },
      { kind: 'synonym', from: '错了', to: '错误' },
    ],
    units: [
      { text: '密码', terms: ['密码'], weight: 1.202, known: true, ignored: false },
      { text: '错误', terms: ['错误'], weight: 1.609, known: true, ignored: false },
    ],
  },
  search: {
    hits: [
      { id: 'pin-wrong', title: '刷卡提示"密码错误"（返回码55）', score: 363.792, coverage: 1, similarity: 1 },
      { id: 'pin-locked', title: '密码输错次数太多被锁（返回码75）', score: 252.402, coverage: 1, similarity: 0.62 },
      { id: 'app-login-password', title: '商户App登录密码忘了', score: 128.494, coverage: 1, similarity: 0.52 },
    ],
    best: 'pin-wrong',
    ambiguous: false,
    suggestions: [],
    margin: 0.694,
  },
  recognition: { kind: 'question', said: 'mimacuole', best: 'pin-wrong', ambiguous: false, candidates: [] },
  steps: [{ kind: 'answer', articleId: 'pin-wrong' }],
  outcome: 'answer',
  article: { id: 'pin-wrong', title: '刷卡提示"密码错误"（返回码55）' },
};

/** `npm run kb -- search "押金怎么退" --json`, trimmed to two hits: a walkthrough's trigger. */
export const depositRefund: TurnExplanation = {
  text: '押金怎么退',
  query: {
    normalized: '押金怎么退',
    canonical: '押金 怎么 退',
    rules: [],
    units: [
      { text: '押金', terms: ['押金'], weight: 1.493, known: true, ignored: false },
      { text: '退', terms: ['退'], weight: 0.675, known: true, ignored: false },
    ],
  },
  search: {
    hits: [
      { id: 'deposit-refund', title: '押金怎么退？退还条件', score: 412.901, coverage: 1, similarity: 1 },
      { id: 'deposit-refund-status', title: '已经达标了，押金怎么还没退', score: 355.77, coverage: 1, similarity: 1 },
    ],
    best: 'deposit-refund',
    ambiguous: false,
    suggestions: [],
    margin: 0.862,
  },
  recognition: { kind: 'flowTrigger', flowId: 'deposit-refund' },
  steps: [{ kind: 'startFlow', flowId: 'deposit-refund' }],
  outcome: 'flow',
  flow: { id: 'deposit-refund', title: '押金退还查询' },
};
