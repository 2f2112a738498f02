import { describe, expect, it } from 'vitest';
import type { Article, Dictionary } from '../../src/knowledge/index.js';
import { createAnalyzer, createSearchIndex, type Analyzer } from '../../src/search/index.js';

const dictionary: Dictionary = { synonyms: [{ canonical: '押金', variants: ['保证金'] }], words: ['电签机'], filler: ['怎么', '吗'] };

const article = (id: string, title: string, questions: string[], tags: string[]): Article => ({
  id,
  title,
  category: 'test',
  tags,
  questions,
  answer: `${title}。`,
  related: [],
  updated: '2026-11-24',
  owner: 'test',
});

// Two articles share a tag (押金) and a question (押金怎么退).
const articles = [
  article('deposit-refund', '押金退还', ['押金怎么退', '押金什么时候退'], ['押金', '退款']),
  article('deposit-esign', '电签机押金', ['押金怎么退', '电签机要押金吗'], ['押金', '电签机']),
  article('activation', '新机器激活', ['怎么激活'], ['激活']),
];
const phrasingTexts = new Set(articles.flatMap((a) => [a.title, ...a.questions, ...a.tags]));

/** The real analyzer, counting the texts it is asked to analyze (articles' phrasings and queries). */
function countingAnalyzer(): { analyzer: Analyzer; analyzed: string[] } {
  const real = createAnalyzer({ dictionary, vocabularyTexts: articles.flatMap((a) => [a.title, ...a.questions, a.answer]) });
  const analyzed: string[] = [];
  const analyze = (text: string) => {
    analyzed.push(text);
    return real.analyze(text);
  };
  return { analyzer: { ...real, analyze }, analyzed };
}

describe('createSearchIndex phrasings', () => {
  it('reads each distinct title, question and tag once, when the index is built', () => {
    const { analyzer, analyzed } = countingAnalyzer();
    createSearchIndex(articles, analyzer);
    expect([...analyzed].sort()).toEqual([...phrasingTexts].sort());
  });

  it('reads only the query when a search first brings articles to the first hits', () => {
    const { analyzer, analyzed } = countingAnalyzer();
    const index = createSearchIndex(articles, analyzer);
    analyzed.length = 0;
    const result = index.search('保证金怎么退');
    expect(result.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['deposit-refund', 'deposit-esign']));
    expect(result.hits[0]).toMatchObject({ id: 'deposit-refund', similarity: 1 });
    expect(analyzed).toEqual(['保证金怎么退']);
  });
});
