import type { KnowledgeSnapshot } from '../knowledge/index.js';
import { createAnalyzer } from './createAnalyzer.js';
import { createSearchIndex, type SearchIndex, type SearchIndexOptions } from './createSearchIndex.js';
import type { SegmenterKind } from './segmenters.js';

export interface KnowledgeSearchOptions extends SearchIndexOptions {
  readonly segmenter?: SegmenterKind;
}

/** The analyzer and index for one knowledge snapshot: what the bot, the API and the CLI search. */
export function createKnowledgeSearch(snapshot: KnowledgeSnapshot, { segmenter, ...options }: KnowledgeSearchOptions = {}): SearchIndex {
  const analyzer = createAnalyzer({
    dictionary: snapshot.dictionary,
    vocabularyTexts: snapshot.articles.flatMap((a) => [a.title, ...a.questions, ...a.tags, a.answer]),
    segmenter,
  });
  return createSearchIndex(snapshot.articles, analyzer, options);
}
