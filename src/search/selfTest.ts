import type { Article } from '../knowledge/index.js';
import type { SearchIndex } from './createSearchIndex.js';

export interface SelfTestReport {
  readonly questions: number;
  /** Article questions that do not find their own article first, or would not be answered. */
  readonly misses: readonly { article: string; question: string; found: string | null; answered: boolean }[];
  /** Pairs of articles that tie on the same questions: candidates for merging or sharper wording. */
  readonly competing: readonly { a: string; b: string; count: number; example: string }[];
}

/** Runs every article's own `questions` through the search, as the bot would. */
export function selfTest(articles: readonly Article[], index: SearchIndex): SelfTestReport {
  const misses: SelfTestReport['misses'][number][] = [];
  const pairs = new Map<string, { a: string; b: string; count: number; example: string }>();
  let questions = 0;
  for (const article of articles) {
    for (const question of article.questions) {
      questions++;
      const result = index.search(question, { limit: 2 });
      const found = result.hits[0]?.id ?? null;
      if (found !== article.id || result.best === null) misses.push({ article: article.id, question, found, answered: result.best !== null });
      if (result.ambiguous && result.hits[1]) {
        const [a, b] = [result.hits[0]!.id, result.hits[1].id].sort() as [string, string];
        const key = `${a} ${b}`;
        const pair = pairs.get(key) ?? { a, b, count: 0, example: question };
        pair.count++;
        pairs.set(key, pair);
      }
    }
  }
  return { questions, misses, competing: [...pairs.values()].sort((x, y) => y.count - x.count) };
}
