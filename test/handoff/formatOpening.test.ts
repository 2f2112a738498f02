import { describe, expect, it } from 'vitest';
import { formatOpening } from '../../src/handoff/formatOpening.js';

const at = (iso: string) => new Date(iso);

describe('formatOpening', () => {
  it.each([
    ['later today', '2026-12-02T03:00:00+08:00', '2026-12-02T09:00:00+08:00', '今天（12月2日，周三）上午 9:00', 'today (Wed 2 Dec) at 9:00'],
    ['tomorrow', '2026-12-02T22:00:00+08:00', '2026-12-03T09:00:00+08:00', '明天（12月3日，周四）上午 9:00', 'tomorrow (Thu 3 Dec) at 9:00'],
    ['in the afternoon', '2026-12-02T12:10:00+08:00', '2026-12-02T13:30:00+08:00', '今天（12月2日，周三）下午 1:30', 'today (Wed 2 Dec) at 13:30'],
    ['after the weekend', '2026-12-04T22:00:00+08:00', '2026-12-07T09:00:00+08:00', '12月7日（周一）上午 9:00', 'Mon 7 Dec at 9:00'],
    ['across a year', '2026-12-31T23:00:00+08:00', '2027-01-01T09:00:00+08:00', '明天（1月1日，周五）上午 9:00', 'tomorrow (Fri 1 Jan) at 9:00'],
  ])('%s', (_what, now, opening, zh, en) => {
    expect(formatOpening(at(opening), at(now), 'Asia/Shanghai', 'zh-CN')).toBe(zh);
    expect(formatOpening(at(opening), at(now), 'Asia/Shanghai', 'en')).toBe(en);
  });

  it('counts days in the service time zone, not the machine\'s', () => {
    // 23:30 UTC on the 1st is already the 2nd in Beijing: 09:00 on the 2nd is "today".
    expect(formatOpening(at('2026-12-02T01:00:00Z'), at('2026-12-01T23:30:00Z'), 'Asia/Shanghai', 'zh-CN')).toMatch(/^今天/);
  });
});
