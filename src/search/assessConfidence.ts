import type { QueryUnit } from './createAnalyzer.js';

export interface ConfidenceOptions {
  /** Share of the query's meaning (IDF-weighted units) the first hit must cover to be answered. */
  readonly minCoverage: number;
  /** A runner-up scoring at least this fraction of the first, with enough coverage, is a tie. */
  readonly ambiguityRatio: number;
  /** Weight of a query word no article contains, relative to a word that one article contains. */
  readonly unknownWeight: number;
  /** Coverage a hit needs to be offered as "您是想问：" when nothing is answered. */
  readonly minSuggestionCoverage: number;
  /**
   * ...or matched meaning (summed IDF weights): a long question covers little of itself with any
   * article, yet the one it is about matches several of its rarer words.
   */
  readonly minSuggestionEvidence: number;
  /**
   * A long question that tells a story covers little of itself with any article, yet may say a
   * lot about one: a first hit with at least this much matched meaning (summed IDF weights)...
   */
  readonly minEvidence: number;
  /** ...covering at least this share of the question... */
  readonly minEvidenceCoverage: number;
  /** ...and scoring at least this many times the runner-up, is answered too. */
  readonly dominance: number;
  /**
   * A first hit short of minCoverage is still answered when it leads clearly: it covers at least
   * this share of the question...
   */
  readonly minLeadCoverage: number;
  /** ...the runner-up scores at most this fraction of it, and every word of the question is known to some article. */
  readonly leadRatio: number;
}

export const defaultConfidenceOptions: ConfidenceOptions = Object.freeze({
  minCoverage: 0.5,
  ambiguityRatio: 0.9,
  unknownWeight: 1,
  minSuggestionCoverage: 0.3,
  minSuggestionEvidence: 4,
  minEvidence: 8,
  minEvidenceCoverage: 0.25,
  dominance: 1.5,
  minLeadCoverage: 0.35,
  leadRatio: 0.6,
});

export interface RankedCandidate {
  readonly id: string;
  readonly score: number;
  /** Query terms this candidate matched (MiniSearch's `queryTerms`). */
  readonly matchedTerms: readonly string[];
}

export interface Confidence {
  readonly best: string | null;
  readonly ambiguous: boolean;
  /** Coverage of each candidate, by id, in [0, 1]. */
  readonly coverage: ReadonlyMap<string, number>;
  /** Matched meaning of each candidate, by id: the summed weights of the query units it matched. */
  readonly evidence: ReadonlyMap<string, number>;
}

/**
 * Decides whether the search has an answer. MiniSearch multiplies a score by the number of
 * query terms a document matched, so raw scores mean nothing across queries; what does is how
 * much of the meaningful query (weighted by how rare each word is) the first hit covers, and
 * how far it stands ahead of the second.
 *
 * @param weight importance of a unit (IDF, see createSearchIndex); words the knowledge base has never seen weigh the most, so a
 *   question about the weather is not answered because it happens to contain 今天.
 * @param unknown whether no article contains the unit: a word that carries a question's subject
 *   elsewhere (微信, 年费) forbids answering on a clear lead alone.
 */
export function assessConfidence(
  units: readonly QueryUnit[],
  ranked: readonly RankedCandidate[],
  weight: (unit: QueryUnit) => number,
  { minCoverage, ambiguityRatio, minEvidence, minEvidenceCoverage, dominance, minLeadCoverage, leadRatio }: ConfidenceOptions = defaultConfidenceOptions,
  unknown: (unit: QueryUnit) => boolean = () => false,
): Confidence {
  const weights = units.map(weight);
  const total = weights.reduce((a, b) => a + b, 0);
  const coverage = new Map<string, number>();
  const evidence = new Map<string, number>();
  for (const candidate of ranked) {
    const matched = new Set(candidate.matchedTerms);
    const covered = units.reduce((sum, unit, i) => sum + (unit.terms.some((t) => matched.has(t)) ? weights[i]! : 0), 0);
    coverage.set(candidate.id, total > 0 ? covered / total : 0);
    evidence.set(candidate.id, covered);
  }
  const [first, second] = ranked;
  // A lone character (写, 买, 关) matching is no evidence: an answer needs a real word or a code.
  const hasWord = (c: RankedCandidate) => {
    const matched = new Set(c.matchedTerms);
    return units.some((u) => Array.from(u.text).length > 1 && u.terms.some((t) => matched.has(t)));
  };
  if (!first || !hasWord(first)) return { best: null, ambiguous: false, coverage, evidence };
  const firstCoverage = coverage.get(first.id) ?? 0;
  const dominant = second === undefined || first.score >= second.score * dominance;
  const telling = (evidence.get(first.id) ?? 0) >= minEvidence && firstCoverage >= minEvidenceCoverage && dominant;
  // The re-ranked first hit far ahead of the rest, on words the knowledge base knows: the
  // question is about it, even if part of the question goes unmatched (显示激活失败啥原因).
  const leading = firstCoverage >= minLeadCoverage && (second === undefined || second.score <= first.score * leadRatio) && !units.some(unknown);
  if (firstCoverage < minCoverage && !telling && !leading) return { best: null, ambiguous: false, coverage, evidence };
  const ambiguous =
    second !== undefined && second.score >= first.score * ambiguityRatio && (coverage.get(second.id) ?? 0) >= minCoverage;
  return { best: first.id, ambiguous, coverage, evidence };
}
