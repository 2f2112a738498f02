import { describe, expect, it } from 'vitest';
import { assessConfidence, type QueryUnit } from '../../src/search/index.js';

const units: QueryUnit[] = [
  { text: '押金', terms: ['押金'] },
  { text: '退', terms: ['退'] },
  { text: '电签机', terms: ['电签机', '电签', '签机'] },
];
const weight = (u: QueryUnit) => (u.text === '退' ? 1 : 2);
const options = { minCoverage: 0.5, ambiguityRatio: 0.85, unknownWeight: 1, minSuggestionCoverage: 0.3, minSuggestionEvidence: 4, minEvidence: Infinity, minEvidenceCoverage: 0.25, dominance: 1.5, minLeadCoverage: 0.35, leadRatio: 0.6 };

describe('assessConfidence', () => {
  it('answers with the first hit when it covers enough of the query and stands clear of the second', () => {
    const verdict = assessConfidence(
      units,
      [
        { id: 'deposit-esign', score: 100, matchedTerms: ['押金', '电签'] },
        { id: 'deposit-refund', score: 60, matchedTerms: ['押金', '退'] },
      ],
      weight,
      options,
    );
    expect(verdict.best).toBe('deposit-esign');
    expect(verdict.ambiguous).toBe(false);
    expect(verdict.coverage.get('deposit-esign')).toBeCloseTo(4 / 5);
    expect(verdict.coverage.get('deposit-refund')).toBeCloseTo(3 / 5);
  });

  it('reports ambiguity when the runner-up scores within the margin and covers enough', () => {
    const verdict = assessConfidence(
      units,
      [
        { id: 'a', score: 100, matchedTerms: ['押金', '电签机'] },
        { id: 'b', score: 90, matchedTerms: ['押金', '签机'] },
      ],
      weight,
      options,
    );
    expect(verdict).toMatchObject({ best: 'a', ambiguous: true });
  });

  it('does not call a close runner-up ambiguous when it covers too little', () => {
    const verdict = assessConfidence(
      units,
      [
        { id: 'a', score: 100, matchedTerms: ['押金', '电签机'] },
        { id: 'b', score: 95, matchedTerms: ['退'] },
      ],
      weight,
      options,
    );
    expect(verdict).toMatchObject({ best: 'a', ambiguous: false });
  });

  it('gives no answer when the first hit covers less than the minimum', () => {
    const verdict = assessConfidence(units, [{ id: 'a', score: 100, matchedTerms: ['退'] }], weight, options);
    expect(verdict.best).toBeNull();
  });

  it('gives no answer when only single characters matched, however much they cover', () => {
    const single: QueryUnit[] = [{ text: '买', terms: ['买'] }];
    const verdict = assessConfidence(single, [{ id: 'a', score: 10, matchedTerms: ['买'] }], () => 1, options);
    expect(verdict.coverage.get('a')).toBe(1);
    expect(verdict.best).toBeNull();
  });

  it('gives no answer when nothing was found or the query had no meaningful words', () => {
    expect(assessConfidence(units, [], weight, options).best).toBeNull();
    expect(assessConfidence([], [{ id: 'a', score: 1, matchedTerms: [] }], weight, options).best).toBeNull();
  });

  it('reports how much meaning each candidate matched', () => {
    const verdict = assessConfidence(units, [{ id: 'a', score: 10, matchedTerms: ['押金', '退'] }], weight, options);
    expect(verdict.evidence.get('a')).toBe(3);
  });

  describe('a first hit that leads clearly', () => {
    // Covers 押金 only: 2 of 5, under minCoverage (0.5) but over minLeadCoverage (0.35).
    const ranked = (runnerUp: number) => [
      { id: 'deposit-esign', score: 100, matchedTerms: ['押金'] },
      { id: 'deposit-refund', score: runnerUp, matchedTerms: ['退'] },
    ];

    it('is answered when the runner-up scores at most leadRatio of it', () => {
      expect(assessConfidence(units, ranked(60), weight, options)).toMatchObject({ best: 'deposit-esign', ambiguous: false });
    });

    it('is not answered when the runner-up is closer', () => {
      expect(assessConfidence(units, ranked(70), weight, options).best).toBeNull();
    });

    it('is not answered when a word of the question is unknown to every article', () => {
      expect(assessConfidence(units, ranked(60), weight, options, (u) => u.text === '电签机').best).toBeNull();
    });

    it('is not answered when it covers less than minLeadCoverage', () => {
      expect(assessConfidence(units, ranked(60), weight, { ...options, minLeadCoverage: 0.45 }).best).toBeNull();
    });
  });

  describe('a long question that says a lot about one article', () => {
    // Six words; the first hit matches three of them (weight 6 of 14): under half, but plenty.
    const story: QueryUnit[] = [
      { text: '密码', terms: ['密码'] },
      { text: '锁定', terms: ['锁定'] },
      { text: '银行', terms: ['银行'] },
      { text: '大爷', terms: ['大爷'] },
      { text: '排队', terms: ['排队'] },
      { text: '着急', terms: ['着急'] },
    ];
    const w = (u: QueryUnit) => (['密码', '锁定', '银行'].includes(u.text) ? 2 : 8 / 3);
    const ranked = (runnerUp: number) => [
      { id: 'pin-locked', score: 100, matchedTerms: ['密码', '锁定', '银行'] },
      { id: 'pin-wrong', score: runnerUp, matchedTerms: ['密码'] },
    ];
    // The clear-lead rule would answer this too (6 of 14 covered, runner-up at half): set aside here.
    const evidence = { ...options, minEvidence: 6, minLeadCoverage: Infinity };

    it('is answered when the first hit has enough matched meaning and dominates the runner-up', () => {
      expect(assessConfidence(story, ranked(50), w, evidence)).toMatchObject({ best: 'pin-locked', ambiguous: false });
    });

    it('is not answered when the runner-up is close behind', () => {
      expect(assessConfidence(story, ranked(80), w, evidence).best).toBeNull();
    });

    it('is not answered when the matched meaning is below the minimum', () => {
      expect(assessConfidence(story, ranked(50), w, { ...evidence, minEvidence: 7 }).best).toBeNull();
    });
  });
});
