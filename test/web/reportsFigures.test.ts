import { describe, expect, it } from 'vitest';
import { csatBars, dailySeries, dayLabel } from '../../web/reports/chartData.js';
import { channelChoices } from '../../web/reports/channelChoices.js';
import { formatSeconds } from '../../web/reports/formatSeconds.js';
import { formatAverage, headlineFigures } from '../../web/reports/headlineFigures.js';
import { messages } from '../../web/reports/messages.js';
import { formatPercent } from '../../web/shared/formatPercent.js';
import { report } from './reportsFixtures.js';

const zh = messages['zh-CN'];
const en = messages.en;

describe('formatSeconds', () => {
  it('says a duration as people do: seconds, then minutes and seconds, then hours and minutes', () => {
    expect([0, 45, 59.6, 60, 125, 600, 3599, 3600, 3725, 7199.9].map((s) => formatSeconds(s, zh.duration))).toEqual([
      '0 秒',
      '45 秒',
      '1 分钟',
      '1 分钟',
      '2 分 5 秒',
      '10 分钟',
      '59 分 59 秒',
      '1 小时',
      '1 小时 2 分',
      '2 小时',
    ]);
    expect([125, 3725].map((s) => formatSeconds(s, en.duration))).toEqual(['2 min 5 s', '1 h 2 min']);
  });

  it('shows a dash when nothing was measured', () => {
    expect([null, undefined, Number.NaN].map((s) => formatSeconds(s, zh.duration))).toEqual(['—', '—', '—']);
  });
});

describe('formatPercent', () => {
  it('shows a share with a decimal at most, none when it is whole', () => {
    expect([0, 1, 0.5, 0.913, 0.906, 0.0005, 0.9999, 0.133].map(formatPercent)).toEqual(['0%', '100%', '50%', '91.3%', '90.6%', '0.1%', '100%', '13.3%']);
  });

  it('shows a dash for a share of nothing', () => {
    expect([null, undefined, Number.POSITIVE_INFINITY].map(formatPercent)).toEqual(['—', '—', '—']);
  });
});

describe('headlineFigures', () => {
  it('gives the eight headline figures in order, each with its context', () => {
    const figures = headlineFigures(report, zh);
    expect(figures.map((f) => [f.key, f.label, f.value, f.unit ?? '', f.detail])).toEqual([
      ['conversations', '会话数', '53', '', '共 60 个提问'],
      ['containment', '自助率', '90.6%', '', '48 个会话没有转人工'],
      ['escalations', '转人工', '5', '', '占会话 9.4%'],
      ['fallbackRate', '未答率', '13.3%', '', '60 个提问中 8 个没答上'],
      ['queueWait', '排队等待', '2 分 5 秒', '中位数', '90% 在 1 小时 2 分 内 · 共 5 次'],
      ['firstResponse', '首次响应', '30 秒', '中位数', '90% 在 45 秒 内 · 共 5 次'],
      ['handleTime', '处理时长', '—', '', '这段时间没有数据'],
      ['csat', '满意度', '4.50', '/ 5', '2 条评价'],
    ]);
  });

  it('reads in English too, thousands grouped', () => {
    const figures = headlineFigures({ ...report, totals: { ...report.totals, conversations: 12345 } }, en);
    expect(figures[0]).toMatchObject({ label: 'Conversations', value: '12,345', detail: '60 questions asked' });
    expect(figures[4]).toMatchObject({ value: '2 min 5 s', unit: 'median', detail: '90% within 1 h 2 min · 5 measured' });
  });

  it('shows dashes, not zeros, for rates and averages of nothing', () => {
    const empty = { ...report, totals: { conversations: 0, contained: 0, containment: null, escalations: 0, questions: 0, fallbacks: 0, fallbackRate: null }, csat: { average: null, count: 0, distribution: report.csat.distribution } };
    expect(headlineFigures(empty, zh).map((f) => f.value)).toEqual(['0', '—', '0', '—', '2 分 5 秒', '30 秒', '—', '—']);
    expect(formatAverage(4.333)).toBe('4.33');
  });
});

describe('dailySeries', () => {
  it('gives every day of the period, the channels added up, a day without anything as zero', () => {
    const series = dailySeries(report.period, report.days);
    expect(series.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(series.conversations).toEqual([50, 0, 3]);
    expect(series.escalations).toEqual([5, 0, 0]);
  });

  it('works rates out from the day’s totals, in percent, with no rate on a day without a whole', () => {
    const series = dailySeries(report.period, report.days);
    // (36 + 9) / (40 + 10), not the channels' rates averaged.
    expect(series.containment).toEqual([90, null, 100]);
    // (5 + 3) / (50 + 10) = 13.3%; the 3rd had conversations but no questions.
    expect(series.fallbackRate).toEqual([13.3, null, null]);
  });

  it('leaves out rows outside the period', () => {
    const series = dailySeries({ from: '2026-11-02', to: '2026-11-03' }, report.days);
    expect(series.conversations).toEqual([0, 3]);
  });

  it('labels days by month and day', () => {
    expect(dayLabel('2026-11-05')).toBe('11-05');
  });
});

describe('csatBars', () => {
  it('counts each rating from one to five, none missing', () => {
    expect(csatBars(report.csat)).toEqual({ ratings: [1, 2, 3, 4, 5], counts: [0, 0, 0, 1, 1] });
  });
});

describe('channelChoices', () => {
  it('offers the known channels, those seen and the one picked, once each', () => {
    expect(channelChoices(new Set(['wechat', 'msteams']), 'console')).toEqual(['directline', 'wechat', 'msteams', 'console']);
    expect(channelChoices([], undefined)).toEqual(['directline', 'wechat']);
  });
});
