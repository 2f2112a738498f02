export { createAnalyzer, type Analyzer, type AnalyzerExplanation, type AnalyzerOptions, type AnalyzerRule, type QueryUnit } from './createAnalyzer.js';
export { createSearchIndex, defaultBoost, MAX_QUERY_LENGTH, type SearchHit, type SearchIndex, type QueryExplanation, type SearchIndexOptions, type SearchResult } from './createSearchIndex.js';
export { assessConfidence, defaultConfidenceOptions, type Confidence, type ConfidenceOptions, type RankedCandidate } from './assessConfidence.js';
export { normalizeText } from './normalizeText.js';
export type { SegmenterKind } from './segmenters.js';
export { createKnowledgeSearch, type KnowledgeSearchOptions } from './createKnowledgeSearch.js';
