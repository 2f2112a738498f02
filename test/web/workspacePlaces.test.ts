import { describe, expect, it } from 'vitest';
import { messages as agentMessages } from '../../web/agent/messages.js';
import { mayUse, placeHref, placesFor } from '../../web/shared/places.js';
import { filterArticles } from '../../web/workspace/filterArticles.js';
import { messages } from '../../web/workspace/messages.js';
import { sectionFromHash } from '../../web/workspace/sections.js';

describe('placesFor', () => {
  it('shows each role the places its capabilities open, conversations first', () => {
    expect(placesFor(['tickets'])).toEqual(['conversations']);
    expect(placesFor(['tickets', 'allTickets', 'reports'])).toEqual(['conversations', 'reports']);
    expect(placesFor(['knowledge'])).toEqual(['knowledge']);
    expect(placesFor(['tickets', 'allTickets', 'reports', 'knowledge', 'accounts'])).toEqual(['conversations', 'knowledge', 'reports']);
    expect(placesFor(undefined)).toEqual([]);
    expect(mayUse(['knowledge'], 'conversations')).toBe(false);
    expect(mayUse(['tickets'], 'reports')).toBe(false);
  });

  it('links the pages as siblings, so they work under any prefix', () => {
    expect([placeHref('conversations'), placeHref('knowledge'), placeHref('reports')]).toEqual(['../agent/', '../workspace/', '../reports/']);
  });
});

describe('sectionFromHash', () => {
  it('opens the part the address names, and 试一试 for anything else', () => {
    expect(['#misses', '#articles', '#performance', '#try', '', '#nope', 'misses'].map(sectionFromHash)).toEqual(['misses', 'articles', 'performance', 'try', 'try', 'try', 'misses']);
  });
});

describe('filterArticles', () => {
  const articles = [
    { id: 'pin-wrong', title: '刷卡提示"密码错误"（返回码55）', category: 'pin', questions: 8, updated: '2026-01-02' },
    { id: 'deposit-refund', title: '押金怎么退？退还条件', category: 'deposit', questions: 6 },
    { id: 'deposit-esign', title: '电签POS机押金 100 元', category: 'deposit', questions: 3 },
  ];

  it('keeps the articles whose id, title or category hold every typed word, ignoring case', () => {
    expect(filterArticles(articles, '押金').map((a) => a.id)).toEqual(['deposit-refund', 'deposit-esign']);
    expect(filterArticles(articles, 'DEPOSIT 电签').map((a) => a.id)).toEqual(['deposit-esign']);
    expect(filterArticles(articles, '55').map((a) => a.id)).toEqual(['pin-wrong']);
    expect(filterArticles(articles, 'nothing like it')).toEqual([]);
  });

  it('keeps them all, in order, for empty text', () => {
    expect(filterArticles(articles, '  ')).toEqual(articles);
  });
});

describe('workspace messages', () => {
  const keys = (value: object): string[] => Object.entries(value).flatMap(([key, v]) => (typeof v === 'object' && v !== null ? keys(v).map((k) => `${key}.${k}`) : [key]));

  it('has every word in both languages', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
  });

  it('says the shared parts (nav, roles) as the console does', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      expect(messages[lang].places).toEqual(agentMessages[lang].places);
      expect(messages[lang].roles).toEqual(agentMessages[lang].roles);
      expect([messages[lang].login, messages[lang].username, messages[lang].password]).toEqual([agentMessages[lang].login, agentMessages[lang].username, agentMessages[lang].password]);
    }
  });

  it('uses the words the workspace is specified with', () => {
    const zh = messages['zh-CN'];
    expect([zh.sections.try, zh.sections.misses, zh.sections.articles, zh.sections.performance]).toEqual(['试一试', '未解决的问题', '文章', '表现']);
    expect([zh.missStatuses.open, zh.missStatuses.resolved, zh.missStatuses.ignored]).toEqual(['待处理', '已解决', '已忽略']);
    expect([zh.addToArticle, zh.ignore, zh.noData, zh.addedTo('a.yaml')]).toEqual(['加到文章', '忽略', '暂无数据', '已加入 a.yaml']);
    expect([zh.decideFlow('x'), zh.decideAnswer('y'), zh.places.conversations, zh.places.knowledge, zh.places.reports]).toEqual(['开始排查「x」', '直接回答「y」', '会话', '知识库', '报表']);
  });
});
