import { describe, expect, it } from 'vitest';
import { evaluateSearch, missedTargets, type EvalAnswer } from '../../src/search/evaluateSearch.js';

const set = {
  questions: [
    { q: 'answered right', expect: ['a'] },
    { q: 'answered wrong', expect: ['a'] },
    { q: 'offered right', expect: ['a'] },
    { q: 'offered wrong', expect: ['a'] },
  ],
  out_of_scope: ['left alone', 'offered', 'answered'],
};
const answers: Record<string, EvalAnswer> = {
  'answered right': { ranked: ['a', 'b'], answer: 'a', suggestions: [] },
  'answered wrong': { ranked: ['b', 'a'], answer: 'b', suggestions: [] },
  'offered right': { ranked: ['b', 'a'], answer: null, suggestions: ['b', 'a'] },
  'offered wrong': { ranked: ['b'], answer: null, suggestions: ['b'] },
  'left alone': { ranked: [], answer: null, suggestions: [] },
  offered: { ranked: ['b'], answer: null, suggestions: ['b'] },
  answered: { ranked: ['b'], answer: 'b', suggestions: [] },
};

describe('evaluateSearch', () => {
  const report = evaluateSearch(set, (q) => answers[q]!);

  it('counts outright answers as right or wrong, and one tap as right or an acceptable suggestion', () => {
    expect(report).toMatchObject({ answeredCorrectly: 1 / 4, wrongAnswer: 1 / 4, oneTap: 2 / 4, top1: 1 / 4, mrr: (1 + 0.5 + 0.5 + 0) / 4 });
    expect(report.misses.map((m) => [m.q, m.tapped])).toEqual([
      ['answered wrong', false],
      ['offered right', true],
      ['offered wrong', false],
    ]);
  });

  it('counts out-of-scope questions left unanswered, and those offered suggestions among them', () => {
    expect(report.outOfScopeUnanswered).toBeCloseTo(2 / 3);
    expect(report.outOfScopeSuggested).toBeCloseTo(1 / 3);
    expect(report.falseAnswers).toEqual([{ q: 'answered', got: 'b' }]);
  });

  it('names the targets a report misses', () => {
    expect(missedTargets(report)).toEqual(['answeredCorrectly', 'wrongAnswer', 'oneTap', 'outOfScopeUnanswered']);
    expect(missedTargets(report, { answeredCorrectly: 0.25, wrongAnswer: 0.25, oneTap: 0.5, outOfScopeUnanswered: 0.6 })).toEqual([]);
  });
});
