import { describe, expect, it } from 'vitest';
import { messages as agentMessages } from '../../web/agent/messages.js';
import { messages } from '../../web/reports/messages.js';
import { messages as workspaceMessages } from '../../web/workspace/messages.js';

const keys = (value: object): string[] =>
  Object.entries(value).flatMap(([key, v]) => (typeof v === 'object' && v !== null && key !== 'channels' ? keys(v).map((k) => `${key}.${k}`) : [key]));

describe('reports messages', () => {
  it('has every word in both languages', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
    expect(Object.keys(messages.en.channels).sort()).toEqual(Object.keys(messages['zh-CN'].channels).sort());
  });

  it('says the shared parts (nav, roles, channels, the period) as the console and the workspace do', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      expect(messages[lang].places).toEqual(agentMessages[lang].places);
      expect(messages[lang].roles).toEqual(agentMessages[lang].roles);
      expect(messages[lang].channels).toEqual(agentMessages[lang].channels);
      expect(messages[lang].period).toBe(workspaceMessages[lang].period);
      expect([messages[lang].login, messages[lang].username, messages[lang].password]).toEqual([agentMessages[lang].login, agentMessages[lang].username, agentMessages[lang].password]);
    }
  });

  it('describes the CSAT chart in each language’s own punctuation', () => {
    expect(messages['zh-CN'].csatSummary([0, 1, 2, 3, 4])).toBe('各评分的评价数：1 星 0，2 星 1，3 星 2，4 星 3，5 星 4。');
    expect(messages.en.csatSummary([0, 1, 2, 3, 4])).toBe('Ratings given: 1★ 0, 2★ 1, 3★ 2, 4★ 3, 5★ 4.');
  });

  it('uses the words the reports are specified with', () => {
    const zh = messages['zh-CN'];
    expect([zh.places.reports, zh.period.quick.last7, zh.period.quick.last30, zh.period.quick.thisMonth, zh.exportCsv]).toEqual(['报表', '近7天', '近30天', '本月', '导出 CSV']);
    expect([zh.figures.conversations, zh.figures.containment, zh.figures.escalations, zh.figures.fallbackRate, zh.figures.queueWait, zh.figures.firstResponse, zh.figures.handleTime, zh.figures.csat]).toEqual([
      '会话数',
      '自助率',
      '转人工',
      '未答率',
      '排队等待',
      '首次响应',
      '处理时长',
      '满意度',
    ]);
  });
});
