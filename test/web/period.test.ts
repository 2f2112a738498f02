import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/shared/ApiError.js';
import { addDays, daysBetween, isDay, samePeriod } from '../../web/shared/Period.js';
import { periodErrorText, periodProblem } from '../../web/shared/periodProblem.js';
import { periodFromQuery, periodQuery, withPeriod } from '../../web/shared/periodQuery.js';
import { periodWords } from '../../web/shared/periodWords.js';
import { quickPeriod, quickPeriodOf, todayIn } from '../../web/shared/quickPeriod.js';

const m = { period: periodWords['zh-CN'] };

describe('days', () => {
  it('knows a real calendar day from a look-alike', () => {
    expect(['2026-11-30', '2024-02-29', '2026-02-29', '2026-13-01', '2026-1-05', ''].map(isDay)).toEqual([true, true, false, false, false, false]);
  });

  it('counts days across months and years, forwards and back', () => {
    expect([addDays('2026-10-31', 1), addDays('2026-01-01', -1), addDays('2024-02-28', 1)]).toEqual(['2026-11-01', '2025-12-31', '2024-02-29']);
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(daysBetween('2026-11-02', '2026-11-01')).toEqual([]);
  });

  it('tells the same period by its days and channel, no channel being none', () => {
    expect(samePeriod({ from: '2026-10-01', to: '2026-10-31' }, { from: '2026-10-01', to: '2026-10-31', channel: '' })).toBe(true);
    expect(samePeriod({ from: '2026-10-01', to: '2026-10-31' }, { from: '2026-10-01', to: '2026-10-31', channel: 'wechat' })).toBe(false);
    expect(samePeriod(undefined, { from: '2026-10-01', to: '2026-10-31' })).toBe(false);
  });
});

describe('quickPeriod', () => {
  it('means the days ending today: 近7天 seven of them, 近30天 thirty, 本月 from the first', () => {
    expect(quickPeriod('last7', '2026-11-03')).toEqual({ from: '2026-10-28', to: '2026-11-03' });
    expect(quickPeriod('last30', '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(quickPeriod('thisMonth', '2026-11-03')).toEqual({ from: '2026-11-01', to: '2026-11-03' });
    expect(daysBetween(quickPeriod('last7', '2026-03-02').from, '2026-03-02')).toHaveLength(7);
  });

  it('names the shortcut a period is, the first that fits, or none', () => {
    expect(quickPeriodOf({ from: '2026-10-28', to: '2026-11-03' }, '2026-11-03')).toBe('last7');
    // On the 30th of a 30-day month, 近30天 and 本月 are the same days.
    expect(quickPeriodOf({ from: '2026-11-01', to: '2026-11-30' }, '2026-11-30')).toBe('last30');
    expect(quickPeriodOf({ from: '2026-11-01', to: '2026-11-20' }, '2026-11-20')).toBe('thisMonth');
    expect(quickPeriodOf({ from: '2026-10-01', to: '2026-10-31' }, '2026-11-20')).toBeUndefined();
    expect(quickPeriodOf(undefined, '2026-11-20')).toBeUndefined();
  });

  it('takes today in the service’s zone, not the browser’s', () => {
    const lateEvening = new Date('2026-11-30T20:00:00Z');
    expect(todayIn('Asia/Shanghai', lateEvening)).toBe('2026-12-01');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-11-30');
    // An unknown zone, or none: the browser's own day.
    const local = `${lateEvening.getFullYear()}-${String(lateEvening.getMonth() + 1).padStart(2, '0')}-${String(lateEvening.getDate()).padStart(2, '0')}`;
    expect([todayIn('Mars/Olympus', lateEvening), todayIn(undefined, lateEvening)]).toEqual([local, local]);
  });
});

describe('periodQuery', () => {
  it('builds the query of the report routes and the CSV links, the channel only when there is one', () => {
    expect(periodQuery({ from: '2026-10-01', to: '2026-10-31' })).toBe('from=2026-10-01&to=2026-10-31');
    expect(withPeriod('/api/agent/reports/days.csv', { from: '2026-10-01', to: '2026-10-31', channel: 'wechat' })).toBe('/api/agent/reports/days.csv?from=2026-10-01&to=2026-10-31&channel=wechat');
    expect(withPeriod('/api/agent/reports', undefined)).toBe('/api/agent/reports');
  });

  it('reads a period back from an address, and nothing from a half or a wrong one', () => {
    expect(periodFromQuery('?from=2026-10-01&to=2026-10-31&channel=wechat')).toEqual({ from: '2026-10-01', to: '2026-10-31', channel: 'wechat' });
    expect(periodFromQuery('?from=2026-10-01&to=2026-10-31&channel=<b>')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(['', '?from=2026-10-01', '?from=2026-10-31&to=2026-10-01', '?from=2026-02-30&to=2026-03-01'].map(periodFromQuery)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('periodProblem', () => {
  it('says why two typed days are no period, and nothing when they are one', () => {
    expect(periodProblem('2026-10-01', '2026-10-31', m)).toBeUndefined();
    expect(periodProblem('', '2026-10-31', m)).toBe(m.period.badFrom);
    expect(periodProblem('2026-10-01', '2026-10-32', m)).toBe(m.period.badTo);
    expect(periodProblem('2026-10-31', '2026-10-01', m)).toBe('开始日期不能晚于结束日期。');
    // 366 days, both ends counted, is the most the server takes.
    expect(periodProblem('2025-10-01', '2026-10-02', m)).toBe('一次最多查看 366 天。');
    expect(periodProblem('2025-10-01', '2026-10-01', m)).toBeUndefined();
  });

  it('words the server’s refusal of a day by the field it names, and leaves other errors alone', () => {
    expect(periodErrorText(new ApiError(400, 'BAD_QUERY', '…', { field: 'from' }), m)).toBe(m.period.badFrom);
    expect(periodErrorText(new ApiError(400, 'BAD_QUERY', '…', { field: 'to' }), m)).toBe(m.period.badTo);
    expect(periodErrorText(new ApiError(400, 'BAD_QUERY', '…', { field: 'channel' }), m)).toBeUndefined();
    expect(periodErrorText(new ApiError(500, 'INTERNAL', '…'), m)).toBeUndefined();
  });
});
