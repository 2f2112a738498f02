import { describe, expect, it } from 'vitest';
import type { Article, Dictionary } from '../../src/knowledge/index.js';
import { createAnalyzer, createSearchIndex } from '../../src/search/index.js';

// Query planning that only a large knowledge base triggers: dynamic stop words (a word in more
// than 5% of at least 200 articles), AND when every known word is common, short fields first.
const dictionary: Dictionary = { synonyms: [{ canonical: '终端', variants: ['pos机'] }], words: ['激活码'], filler: ['怎么', '的'] };

const article = (id: string, title: string, answer: string, questions = [title, `${title}？`, `请问${title}`]): Article => ({
  id,
  title,
  category: 'test',
  tags: ['测试'],
  questions,
  answer,
  related: [],
  updated: '2026-11-24',
  owner: 'test',
});

// 终端 in 203 articles and 说明 in 253 (both over the 200 that make a word common here);
// only three articles have both; one specific article mentions neither.
const articles = [
  ...Array.from({ length: 200 }, (_, i) => article(`terminal-${i}`, `终端 第${i}号`, '终端。', [`终端 第${i}号`, `第${i}号 终端`, `终端 第${i}号 的`])),
  ...Array.from({ length: 250 }, (_, i) => article(`manual-${i}`, `说明 第${i}号`, '说明。', [`说明 第${i}号`, `第${i}号 说明`, `说明 第${i}号 的`])),
  ...Array.from({ length: 3 }, (_, i) => article(`both-${i}`, `终端 说明 第${i}号`, '终端 说明。')),
  article('activation-code', '激活码 在哪里找', '激活码印在机身背面的标签上。'),
];
const analyzer = createAnalyzer({ dictionary, vocabularyTexts: articles.flatMap((a) => [a.title, a.answer]) });
const index = createSearchIndex(articles, analyzer);

describe('search on a large knowledge base', () => {
  it('still finds the specific article when the query mixes a common word with a rare one', () => {
    const result = index.search('pos机 激活码');
    expect(result.hits[0]?.id).toBe('activation-code');
    expect(result.best).toBe('activation-code');
  });

  it('leaves a word found in many articles out of the coverage when rarer words are present', () => {
    // Counted, 终端 would leave the 激活码 article covering about 80% of the query.
    expect(index.search('终端 激活码').hits[0]!.coverage).toBe(1);
  });

  it('returns only articles with every word when all the words are common', () => {
    const result = index.search('终端 说明', { limit: 10 });
    expect(result.hits.map((h) => h.id).sort()).toEqual(['both-0', 'both-1', 'both-2']);
  });

  it('answers nothing for a word no article contains, even beside a common one', () => {
    expect(index.search('终端 天气').best).toBeNull();
  });
});
