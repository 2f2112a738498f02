import { describe, expect, it } from 'vitest';
import { flowSteps, totalLeft } from '../../web/workspace/flowSteps.js';
import { hasFigures } from '../../web/workspace/hasFigures.js';

describe('flowSteps', () => {
  it('lists the steps in the order people go through them, with how many left at each', () => {
    const flow = {
      leftAt: [
        { step: 'received', count: 4 },
        { step: 'kind', count: 2 },
      ],
      reached: [
        { step: 'received', count: 8 },
        { step: 'kind', count: 10 },
        { step: 'amount-within', count: 4 },
      ],
    };
    expect(flowSteps(flow)).toEqual([
      { step: 'kind', reached: 10, left: 2, leftShare: 0.2 },
      { step: 'received', reached: 8, left: 4, leftShare: 0.5 },
      { step: 'amount-within', reached: 4, left: 0, leftShare: 0 },
    ]);
    expect(totalLeft(flow)).toBe(6);
  });

  it('keeps a step people left at though none is counted reaching it, last and without a share', () => {
    expect(flowSteps({ leftAt: [{ step: 'kind', count: 1 }], reached: [] })).toEqual([{ step: 'kind', reached: 0, left: 1, leftShare: null }]);
    expect(flowSteps({ leftAt: [], reached: [] })).toEqual([]);
  });
});

describe('hasFigures', () => {
  const quiet = { id: 'a', title: 'A', shown: 0, picked: 0, helpful: 0, unhelpful: 0, helpfulRate: null, handoversAfter: 0, trouble: 0 };
  it('tells an article anything happened to from one nothing did', () => {
    expect(hasFigures(quiet)).toBe(false);
    expect(hasFigures({ ...quiet, shown: 1 })).toBe(true);
    expect(hasFigures({ ...quiet, unhelpful: 1 })).toBe(true);
  });
});
