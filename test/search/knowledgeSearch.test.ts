import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { createKnowledgeSearch, defaultConfidenceOptions, MAX_QUERY_LENGTH, type SearchIndex } from '../../src/search/index.js';

const knowledgeDir = new URL('../../knowledge', import.meta.url).pathname;
let index: SearchIndex;
let snapshot: Awaited<ReturnType<typeof loadKnowledge>>;

beforeAll(async () => {
  snapshot = await loadKnowledge(knowledgeDir);
  index = createKnowledgeSearch(snapshot);
});

describe('search over the shipped knowledge base', () => {
  it.each([
    ['刷卡密码错误', 'pin-wrong'],
    ['显示55', 'pin-wrong'],
    ['返回码75', 'pin-locked'],
    ['mima cuowu', 'pin-wrong'],
    ['密碼錯誤怎麼辦', 'pin-wrong'],
    ['客人的卡没设密码怎么刷', 'pin-no-password'],
    ['电签机押金多少', 'deposit-esign'],
    ['传统机冻结299', 'deposit-traditional'],
    ['智能POS要押金吗', 'deposit-smart'],
    ['新机器怎么激活', 'activation-how'],
    ['余额不足51', 'declined-insufficient-funds'],
    ['审合进度', 'apply-progress'],
  ])('answers "%s" with %s', (q, id) => {
    const result = index.search(q);
    expect(result.hits[0]?.id).toBe(id);
    expect(result.best).toBe(id);
  });

  it.each(['今天天气怎么样', '讲个笑话', 'asdf', '123', '？？？', '帮我订个外卖'])('leaves "%s" unanswered', (q) => {
    expect(index.search(q).best).toBeNull();
  });

  it('reports two close candidates as ambiguous so the bot can ask which was meant', () => {
    const result = index.search('押金');
    expect(result.best).not.toBeNull();
    expect(result.ambiguous).toBe(true);
    expect(result.hits[1]!.score).toBeGreaterThanOrEqual(result.hits[0]!.score * 0.85);
  });

  it('gives hits with id, title, score, coverage and similarity, best first, at most limit', () => {
    const result = index.search('押金怎么退', { limit: 3 });
    expect(result.hits).toHaveLength(3);
    expect(result.hits[0]).toEqual({ id: expect.any(String), title: expect.any(String), score: expect.any(Number), coverage: expect.any(Number), similarity: expect.any(Number) });
    // "押金怎么退" is, word for word, one of deposit-refund's questions.
    expect(result.hits[0]).toMatchObject({ id: 'deposit-refund', similarity: 1 });
    const scores = result.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('cuts a very long query instead of failing on it', () => {
    const long = '刷卡密码错误'.repeat(1000);
    const result = index.search(long);
    expect(Array.from(result.query)).toHaveLength(MAX_QUERY_LENGTH);
    expect(result.best).toBe('pin-wrong');
  });

  it('answers nothing for a query of filler only', () => {
    expect(index.search('怎么办').hits).toEqual([]);
  });
});

describe('search, telling close articles apart and offering them', () => {
  it('answers with the article phrased most like the question when several share its words', () => {
    // pin-wrong is tagged 密码错误; pin-locked only mentions both words among others.
    expect(index.search('密码错了咋办')).toMatchObject({ best: 'pin-wrong', ambiguous: false });
    expect(createKnowledgeSearch(snapshot, { phrasingBoost: 0 }).search('密码错了咋办')).toMatchObject({ best: 'pin-wrong', ambiguous: true });
  });

  it('finds pinyin typed with tone marks', () => {
    expect(index.search('yājīn zěnme tuì').hits[0]?.id).toBe('deposit-refund');
  });

  it('does not answer a lone word many articles share outright, and offers them instead', () => {
    const result = index.search('机器的事');
    expect(result.ambiguous || result.best === null).toBe(true);
    expect(result.suggestions.length).toBeGreaterThan(1);
  });

  it('offers the same suggestions whatever the number of hits asked for', () => {
    expect(index.search('押金', { limit: 10 }).suggestions).toEqual(index.search('押金', { limit: 3 }).suggestions);
  });

  it('offers nothing for a short question with a word no article knows', () => {
    expect(index.search('pizza delivery please').suggestions).toEqual([]);
  });

  it('answers a first hit that leads clearly on known words, though it covers under half the question', () => {
    const clearLead = index.search('显示激活失败啥原因');
    expect(clearLead.hits[0]?.coverage).toBeLessThan(defaultConfidenceOptions.minCoverage);
    expect(clearLead).toMatchObject({ best: 'activation-failed', ambiguous: false });
    const noLead = createKnowledgeSearch(snapshot, { confidence: { ...defaultConfidenceOptions, leadRatio: 0 } });
    expect(noLead.search('显示激活失败啥原因').best).toBeNull();
  });

  it('offers the articles a long story matches on several rare words, though they cover little of it', () => {
    const story = '老家亲戚过来买东西，掏出一张卡刷了好几回，屏幕上一直写余额不够，可他说卡里钱多得很，这事怎么解释';
    expect(index.search(story).hits[0]!.coverage).toBeLessThan(defaultConfidenceOptions.minSuggestionCoverage);
    expect(index.search(story).suggestions).toContain('declined-insufficient-funds');
    const byCoverage = createKnowledgeSearch(snapshot, { confidence: { ...defaultConfidenceOptions, minSuggestionEvidence: Infinity } });
    expect(byCoverage.search(story).suggestions).toEqual([]);
  });
});
