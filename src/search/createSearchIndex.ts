import { closest, distance } from 'fastest-levenshtein';
import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import type { Article } from '../knowledge/index.js';
import type { Analyzer, AnalyzerExplanation, QueryUnit } from './createAnalyzer.js';
import { assessConfidence, defaultConfidenceOptions, type ConfidenceOptions } from './assessConfidence.js';

export interface SearchHit {
  readonly id: string;
  readonly title: string;
  /** MiniSearch's relevance score, comparable only within one query. */
  readonly score: number;
  /** Share of the meaningful query this article covers, in [0, 1]. */
  readonly coverage: number;
  /** How near the query is to the article's nearest phrasing (title, a question, a tag), in [0, 1]. */
  readonly similarity: number;
}

export interface SearchResult {
  /** The query as received (after cutting to the maximum length). */
  readonly query: string;
  readonly hits: readonly SearchHit[];
  /** The article to answer with, or null when the bot should not answer. */
  readonly best: string | null;
  /** True when a runner-up is about as good: ask "did you mean". */
  readonly ambiguous: boolean;
  /**
   * When the search is not sure (no best, or a tie): the plausible articles to offer as
   * "您是想问：", best first, at most three. Empty when `best` is certain or nothing is plausible.
   */
  readonly suggestions: readonly string[];
}

export interface SearchIndexOptions {
  readonly boost?: Readonly<Record<'title' | 'questions' | 'tags' | 'answer', number>>;
  readonly confidence?: ConfidenceOptions;
  /** Queries longer than this many characters are cut, not refused. */
  readonly maxQueryLength?: number;
  /**
   * How much the article's nearest phrasing (title, a question or a tag) lifts its score: the score
   * is multiplied by 1 + phrasingBoost x similarity. 0 turns it off. Default 2.
   */
  readonly phrasingBoost?: number;
  /** How many of the first hits are re-ranked by their nearest phrasing. Default 10. */
  readonly rerankDepth?: number;
  /**
   * A query of one word found in at least this share of the articles (and at least 3) is vague:
   * unless its first hit dominates the runner-up, it is not answered outright and its articles are
   * offered instead. Default 0.1.
   */
  readonly vagueShare?: number;
}

interface PhrasingUnit {
  readonly terms: readonly string[];
  readonly weight: number;
}

interface Phrasing {
  readonly units: readonly PhrasingUnit[];
  readonly total: number;
}

/** A query as nearestPhrasing reads it: its units, their weights and sum, and all its terms. */
interface WeightedQuery {
  readonly units: readonly QueryUnit[];
  readonly weights: readonly number[];
  readonly total: number;
  readonly terms: ReadonlySet<string>;
}

const holds = (phrasing: Phrasing, term: string) => phrasing.units.some((u) => u.terms.includes(term));

/** How a query was read, for editors: the analyzer's steps, then each word as the search weighs it. */
export interface QueryExplanation extends Omit<AnalyzerExplanation, 'units'> {
  readonly units: readonly {
    readonly text: string;
    /** The index terms searched for it (the word, its domain or rare bigrams, an English typo corrected). */
    readonly terms: readonly string[];
    /** Its share in coverage: rare words weigh more (IDF). */
    readonly weight: number;
    /** Some article contains it. */
    readonly known: boolean;
    /** Left out as too common (in more than 5% of a large knowledge base). */
    readonly ignored: boolean;
  }[];
}

export interface SearchIndex {
  readonly documentCount: number;
  search(query: string, options?: { limit?: number }): SearchResult;
  /** How `search` reads the query: the same analysis, step by step. */
  explain(query: string): QueryExplanation;
}

export const defaultBoost = Object.freeze({ title: 3, questions: 2, tags: 2, answer: 1 });
export const MAX_QUERY_LENGTH = 200;
const codeBoost = 2;
/** Most articles offered as "您是想问：", taken from the first hits. */
const MAX_SUGGESTIONS = 3;

interface IndexedArticle {
  id: string;
  title: string;
  questions: string;
  tags: string;
  answer: string;
}

const isLatin = (term: string) => /^[a-z]+$/.test(term);

/**
 * Indexes articles with MiniSearch through the analyzer and answers queries with ranked hits
 * plus a verdict: answer, ask which one, or say nothing.
 */
export function createSearchIndex(
  articles: readonly Article[],
  analyzer: Analyzer,
  { boost = defaultBoost, confidence = defaultConfidenceOptions, maxQueryLength = MAX_QUERY_LENGTH, phrasingBoost = 2, rerankDepth = 10, vagueShare = 0.1 }: SearchIndexOptions = {},
): SearchIndex {
  const miniSearch = new MiniSearch<IndexedArticle>({
    fields: ['title', 'questions', 'tags', 'answer'],
    // Each field is analyzed once, below, for document frequencies; MiniSearch reuses those terms.
    tokenize: (text) => analyzed.get(text) ?? analyzer.tokenize(text),
    processTerm: (term) => term,
    searchOptions: {
      // Queries arrive already analyzed, one term per space-separated token.
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
      boost: { ...boost },
      combineWith: 'OR',
      prefix: (term) => isLatin(term) && term.length >= 4,
      // A response code is the most specific thing a user can quote: the article about that code
      // must beat the overview that lists every code.
      boostTerm: (term) => (term.startsWith('rc') ? codeBoost : 1),
    },
  });
  const documentFrequency = new Map<string, number>();
  const analyzed = new Map<string, string[]>();
  const analyzeOnce = (text: string) => {
    let terms = analyzed.get(text);
    if (!terms) analyzed.set(text, (terms = analyzer.tokenize(text)));
    return terms;
  };
  miniSearch.addAll(
    articles.map((a) => {
      const doc = { id: a.id, title: a.title, questions: a.questions.join('\n'), tags: a.tags.join('\n'), answer: a.answer };
      const terms = new Set([doc.title, doc.questions, doc.tags, doc.answer].flatMap(analyzeOnce));
      for (const t of terms) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
      return doc;
    }),
  );
  analyzed.clear();

  // English typos are corrected against the index's own Latin words, a short list; MiniSearch's
  // fuzzy search would walk every branch of a tree of Chinese terms for each English word.
  const latinTerms = [...documentFrequency.keys()].filter((t) => isLatin(t) && t.length >= 4);
  const correct = (term: string): string => {
    if (!isLatin(term) || term.length < 5 || documentFrequency.has(term) || latinTerms.length === 0) return term;
    const nearest = closest(term, latinTerms);
    return distance(term, nearest) <= (term.length >= 8 ? 2 : 1) ? nearest : term;
  };
  const n = articles.length;
  // A word the index knows is searched as itself, plus those of its bigrams that are domain words
  // (无密码 -> 密码) or rare (无密). A bigram found in many articles says little and, on a large
  // knowledge base, costs the most: 传统机 -> 传统 matches every article about tradition.
  const rareDf = Math.max(50, n * 0.02);
  const keepPart = (t: string) => analyzer.domainWords.has(t) || (documentFrequency.get(t) ?? 0) <= rareDf;
  const queryTerms = ({ terms: [word, ...parts] }: QueryUnit) =>
    documentFrequency.has(word!) ? [word!, ...parts.filter(keepPart)] : [word!, ...parts].map(correct);
  // Dynamic stop words: on a large knowledge base, a word found in more than 5% of the articles
  // (收到, 问题) barely moves the ranking, yet it makes every query score thousands of articles.
  // Left out, from the search and from the coverage, whenever the query has rarer known words.
  const commonDf = Math.max(200, n * 0.05);
  const dfOf = (unit: QueryUnit) => {
    let df = 0;
    for (const t of unit.terms) df = Math.max(df, documentFrequency.get(t) ?? 0);
    return df;
  };
  const dropCommon = (units: QueryUnit[]) => {
    const informative = units.filter((u) => dfOf(u) <= commonDf);
    return informative.some((u) => dfOf(u) > 0) ? informative : units;
  };
  // MiniSearch's AND scores every posting of every term, then intersects: for common words on a
  // large knowledge base, a result object for each of thousands of postings, most of them thrown
  // away. A boostDocument of 0 skips a posting before anything is built ("a falsy value skips the
  // search result completely"), so a first pass per term only collects the articles that have every
  // term, and the AND then scores those alone: the same articles, scores and order, with a fraction
  // of the garbage. With fewer than two such articles the AND is not run: run would not use it.
  const searchAll = (terms: readonly string[], fields?: string[]): MiniSearchResult[] => {
    let having: ReadonlySet<string> | undefined;
    for (const term of terms) {
      const among = having;
      const next = new Set<string>();
      const collect = (id: string) => {
        if (!among || among.has(id)) next.add(id);
        return 0;
      };
      miniSearch.search(term, { fields, boostDocument: collect });
      if (next.size < 2) return [];
      having = next;
    }
    const candidates = having!;
    return miniSearch.search(terms.join(' '), { combineWith: 'AND', fields, boostDocument: (id: string) => (candidates.has(id) ? 1 : 0) });
  };
  // When every word is common (申请 终端 价格 on a large base), an article should have them all:
  // AND keeps the set small. With fewer than two such articles, fall back to any of them (OR).
  const run = (units: readonly QueryUnit[], terms: readonly string[], fields?: string[]): MiniSearchResult[] => {
    if (terms.length === 0) return [];
    // Words no article contains cannot match anything: they neither help nor block the AND.
    const known = units.filter((u) => dfOf(u) > 0);
    if (known.length > 1 && known.every((u) => dfOf(u) > commonDf)) {
      const all = searchAll(known.flatMap((u) => u.terms), fields);
      if (all.length >= 2) return all;
    }
    return miniSearch.search(terms.join(' '), { fields });
  };
  // Every way an article is phrased (title, each question, each tag), as weighted units: the
  // nearest phrasing tells apart articles that share the query's words (押金 退 is "押金怎么退",
  // not "押金怎么还没退"), which the pooled field scores cannot. Read at build time, below.
  const phrasings = (id: string): readonly Phrasing[] => phrasingsOf.get(id) ?? [];
  /** Dice of the query and the article's nearest phrasing, each side weighted by IDF, in [0, 1]. */
  const nearestPhrasing = (query: WeightedQuery, id: string): number => {
    const { units, weights, total, terms } = query;
    if (total === 0) return 0;
    let best = 0;
    for (const p of phrasings(id)) {
      const q = units.reduce((sum, u, i) => sum + (u.terms.some((t) => holds(p, t)) ? weights[i]! : 0), 0) / total;
      const a = p.units.reduce((sum, u) => sum + (u.terms.some((t) => terms.has(t)) ? u.weight : 0), 0) / p.total;
      if (q + a > 0) best = Math.max(best, (2 * q * a) / (q + a));
    }
    return best;
  };
  // Called with the first hits only (see plan): the rest are never seen.
  const rerank = (units: readonly QueryUnit[], results: MiniSearchResult[], similarity: Map<string, number>): MiniSearchResult[] => {
    const weights = units.map(weight);
    const query: WeightedQuery = { units, weights, total: weights.reduce((a, b) => a + b, 0), terms: new Set(units.flatMap((u) => u.terms)) };
    for (const r of results.slice(0, rerankDepth)) similarity.set(String(r.id), nearestPhrasing(query, String(r.id)));
    // One word is as near to every phrasing that holds it: nothing to tell apart.
    if (phrasingBoost === 0 || results.length < 2 || units.length < 2) return results;
    const head = results.slice(0, rerankDepth).map((r) => ({ ...r, score: r.score * (1 + phrasingBoost * similarity.get(String(r.id))!) }));
    return [...head.sort((x, y) => y.score - x.score), ...results.slice(rerankDepth)];
  };
  // A lone word many articles share (押金, 机器) names a topic, not a question: unless one article
  // stands far ahead, ask which one.
  const vagueDf = Math.max(3, n * vagueShare);
  const judge = (units: readonly QueryUnit[], results: readonly MiniSearchResult[]) => {
    const verdict = assessConfidence(
      units,
      results.map((r) => ({ id: String(r.id), score: r.score, matchedTerms: r.queryTerms })),
      weight,
      confidence,
      // An amount (3000) is no subject; a word (pizza, 微信) is.
      (unit) => dfOf(unit) === 0 && !/^\d+$/.test(unit.text),
    );
    const [first, second] = results;
    const vague = units.length === 1 && dfOf(units[0]!) >= vagueDf && second !== undefined && second.score * confidence.dominance > first!.score;
    return vague && verdict.best !== null ? { ...verdict, ambiguous: true } : verdict;
  };
  // A query that would score many thousands of postings (only on a large knowledge base) searches
  // the short fields alone (title, questions, tags: under half the postings), where a good answer
  // shows; the answers' text is searched too only when those find nothing at all.
  const heavyPostings = 3000;
  const plan = (units: readonly QueryUnit[], terms: readonly string[], keep: number) => {
    const similarity = new Map<string, number>();
    // The first hits are re-ranked, then the first `keep` of them kept: nothing below is ever seen,
    // so the thousands of matches of a common word are not copied.
    const depth = Math.max(keep, rerankDepth);
    if (terms.reduce((sum, t) => sum + (documentFrequency.get(t) ?? 0), 0) > heavyPostings) {
      const head = rerank(units, run(units, terms, ['title', 'questions', 'tags']).slice(0, depth), similarity).slice(0, keep);
      if (head.length > 0) return { results: head, verdict: judge(units, head), similarity };
    }
    const results = rerank(units, run(units, terms).slice(0, depth), similarity).slice(0, keep);
    return { results, verdict: judge(units, results), similarity };
  };
  const titles = new Map(articles.map((a) => [a.id, a.title]));

  const cut = (query: string) => Array.from(query).slice(0, maxQueryLength).join('');
  const idf = (df: number) => Math.log(1 + n / (df + 0.5));
  const weight = (unit: QueryUnit) => {
    const df = dfOf(unit);
    const w = df === 0 ? idf(1) * confidence.unknownWeight : idf(df);
    // Single characters (卡, 退, 报) are vague on their own; words and codes carry the meaning.
    return Array.from(unit.text).length === 1 ? w / 2 : w;
  };
  // The phrasings are read (segmented, homophones repaired) once, when the index is built: read
  // when an article first reached the first hits, they made a cold query on a large knowledge base
  // cost several times a warm one. A text several articles share (a tag, a stock question) is read
  // once, and a word met again is kept once: the phrasings of ten thousand articles hold some
  // 200,000 words but only about 20,000 distinct ones.
  const phrasingOfText = new Map<string, Phrasing | null>();
  const unitOfText = new Map<string, PhrasingUnit>();
  const phrasingOf = (text: string): Phrasing | null => {
    let phrasing = phrasingOfText.get(text);
    if (phrasing === undefined) {
      const units = analyzer.analyze(text).map((u) => {
        const key = `${u.text} ${u.terms.join(' ')}`;
        let unit = unitOfText.get(key);
        if (!unit) unitOfText.set(key, (unit = { terms: u.terms, weight: weight(u) }));
        return unit;
      });
      const total = units.reduce((sum, u) => sum + u.weight, 0);
      phrasing = total > 0 ? { units, total } : null;
      phrasingOfText.set(text, phrasing);
    }
    return phrasing;
  };
  const phrasingsOf = new Map(articles.map((a) => [a.id, [a.title, ...a.questions, ...a.tags].flatMap((t) => phrasingOf(t) ?? [])]));
  phrasingOfText.clear();
  unitOfText.clear();

  return {
    documentCount: n,
    explain(rawQuery) {
      const analysis = analyzer.explain(cut(rawQuery));
      const units = analysis.units.map((u) => ({ ...u, terms: queryTerms(u) }));
      const kept = new Set(dropCommon(units).map((u) => u.text));
      return {
        ...analysis,
        units: units.map((u) => ({ text: u.text, terms: u.terms, weight: Math.round(weight(u) * 1000) / 1000, known: dfOf(u) > 0, ignored: !kept.has(u.text) })),
      };
    },
    search(rawQuery, { limit = 5 } = {}) {
      const query = cut(rawQuery);
      const units = dropCommon(analyzer.analyze(query).map((u) => ({ ...u, terms: queryTerms(u) })));
      const terms = [...new Set(units.flatMap((u) => u.terms))];
      const { results, verdict, similarity } = plan(units, terms, Math.max(limit, MAX_SUGGESTIONS));
      const hit = (r: MiniSearchResult): SearchHit => ({
        id: String(r.id),
        title: titles.get(String(r.id)) ?? '',
        score: Math.round(r.score * 1000) / 1000,
        coverage: Math.round((verdict.coverage.get(String(r.id)) ?? 0) * 1000) / 1000,
        similarity: Math.round((similarity.get(String(r.id)) ?? 0) * 1000) / 1000,
      });
      // `results` holds the first max(limit, MAX_SUGGESTIONS): the hits and the suggestions' candidates.
      const shown = results.map(hit);
      const hits = shown.slice(0, limit);
      const sure = verdict.best !== null && !verdict.ambiguous;
      // A short question with a word no article knows (pizza delivery, 车险怎么买) is most likely
      // about something else: offer articles only if they cover as much as an answer would.
      const short = units.length <= 2 && units.some((u) => dfOf(u) === 0);
      const plausible = verdict.best !== null || short ? confidence.minCoverage : confidence.minSuggestionCoverage;
      // Drawn from the first three whatever the limit, so a caller asking for more hits is offered the same.
      const offered = (h: SearchHit) =>
        h.coverage >= plausible || (!short && (verdict.evidence.get(h.id) ?? 0) >= confidence.minSuggestionEvidence);
      const suggestions = sure ? [] : shown.slice(0, MAX_SUGGESTIONS).filter(offered).map((h) => h.id);
      return { query, hits, best: verdict.best, ambiguous: verdict.ambiguous, suggestions };
    },
  };
}
