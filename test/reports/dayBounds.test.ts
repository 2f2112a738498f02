import { describe, expect, it } from 'vitest';
import { addDays, dayStart, daysBetween, isDay, percentiles, serviceDay } from '../../src/reports/index.js';

describe('service days', () => {
  it('puts a moment on the day of the service time zone, not of UTC', () => {
    expect(serviceDay(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(serviceDay(new Date('2026-11-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it.each([
    ['2026-12-01', 'Asia/Shanghai', '2026-11-30T16:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-06-01', 'UTC', '2026-06-01T00:00:00.000Z'],
  ])('starts %s in %s at %s', (day, zone, start) => {
    expect(dayStart(day, zone).toISOString()).toBe(start);
  });

  it('checks, steps and spans days', () => {
    expect([isDay('2026-11-30'), isDay('2026-11-31'), isDay('2026-1-3'), isDay('x')]).toEqual([true, false, false, false]);
    expect(addDays('2026-11-30')).toBe('2026-12-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-29', '2026-12-01')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
  });
});

describe('percentiles', () => {
  it('takes the nearest rank, and says nothing of nothing', () => {
    expect(percentiles([5, 1, 4, 2, 3, 6, 7, 8, 9, 10])).toEqual({ p50: 5, p90: 9, count: 10 });
    expect(percentiles([42])).toEqual({ p50: 42, p90: 42, count: 1 });
    expect(percentiles([])).toEqual({ p50: null, p90: null, count: 0 });
  });
});
