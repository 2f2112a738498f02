import { describe, expect, it } from 'vitest';
import { describeAnswers, flowSchema } from '../../src/flows/index.js';

const flow = flowSchema.parse({
  id: 'demo',
  title: '演示',
  triggers: ['演示'],
  steps: [
    { id: 'kind', ask: { kind: 'choice', prompt: '您用的是哪种POS机？', label: '机型', var: 'kind', choices: [{ value: 'esign', label: '电签POS机' }, { value: 'classic', label: '传统POS机' }] } },
    { id: 'on', ask: { kind: 'yesno', prompt: '第1步：机器开机了吗？', var: 'on' } },
    { id: 'amount', ask: { kind: 'number', prompt: '刷了多少钱？请回复数字。', var: 'amount' } },
    { id: 'end', end: '好的' },
  ],
});

describe('describeAnswers', () => {
  it('gives agents one 标签：回答 line per answered question, with choice labels and 是/否', () => {
    expect(describeAnswers(flow, { kind: 'esign', on: false, amount: 6500 })).toEqual(['机型：电签POS机', '机器开机了吗：否', '刷了多少钱：6500']);
  });

  it('leaves out questions not answered yet', () => {
    expect(describeAnswers(flow, { kind: 'classic' })).toEqual(['机型：传统POS机']);
  });
});
