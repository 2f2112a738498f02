import { describe, expect, it } from 'vitest';
import { HandoffError, parseServiceHours } from '../../src/handoff/index.js';

const at = (iso: string) => new Date(iso);
const shanghai = (spec: string) => parseServiceHours(spec, 'Asia/Shanghai');

describe('parseServiceHours', () => {
  describe('a daytime range in Beijing time (UTC+8)', () => {
    const hours = shanghai('09:00-21:00');

    it.each([
      ['2026-03-02T00:59:59Z', '08:59:59', false],
      ['2026-03-02T01:00:00Z', '09:00 exactly', true],
      ['2026-03-02T06:00:00Z', '14:00', true],
      ['2026-03-02T12:59:59Z', '20:59:59', true],
      ['2026-03-02T13:00:00Z', '21:00 exactly', false],
      ['2026-03-02T18:00:00Z', '02:00 the next day', false],
    ])('at %s (%s) is open: %s', (instant, _local, open) => {
      expect(hours.isOpen(at(instant))).toBe(open);
    });

    it('opens next at 09:00 the next morning (01:00Z) after closing time', () => {
      expect(hours.nextOpening(at('2026-03-02T13:00:00Z'))).toEqual(at('2026-03-03T01:00:00Z'));
      expect(hours.nextOpening(at('2026-03-02T16:30:00Z'))).toEqual(at('2026-03-03T01:00:00Z'));
    });

    it('opens next at 09:00 the same day before opening time', () => {
      expect(hours.nextOpening(at('2026-03-02T00:30:00Z'))).toEqual(at('2026-03-02T01:00:00Z'));
    });

    it('has no next opening while open', () => {
      expect(hours.nextOpening(at('2026-03-02T01:00:00Z'))).toBeUndefined();
    });

    it('describes itself in Beijing time', () => {
      expect(hours.describe('zh-CN')).toBe('每天 09:00-21:00（北京时间）');
      expect(hours.describe('en')).toBe('Daily 09:00-21:00 (Beijing time)');
      expect(hours.spec).toBe('09:00-21:00');
      expect(hours.timeZone).toBe('Asia/Shanghai');
    });
  });

  describe('an overnight range', () => {
    const hours = shanghai('22:00-06:00');

    it.each([
      ['2026-03-02T13:59:59Z', '21:59:59', false],
      ['2026-03-02T14:00:00Z', '22:00', true],
      ['2026-03-02T16:00:00Z', '00:00', true],
      ['2026-03-02T21:59:59Z', '05:59:59', true],
      ['2026-03-02T22:00:00Z', '06:00', false],
    ])('at %s (%s) is open: %s', (instant, _local, open) => {
      expect(hours.isOpen(at(instant))).toBe(open);
    });

    it('opens next at 22:00 the same evening after closing in the morning', () => {
      expect(hours.nextOpening(at('2026-03-02T22:00:00Z'))).toEqual(at('2026-03-03T14:00:00Z'));
    });
  });

  describe('several ranges', () => {
    const hours = shanghai('09:00-12:00, 13:30-21:00');

    it('is closed over lunch and opens again at 13:30', () => {
      expect(hours.isOpen(at('2026-03-02T03:59:00Z'))).toBe(true);
      expect(hours.isOpen(at('2026-03-02T04:30:00Z'))).toBe(false);
      expect(hours.nextOpening(at('2026-03-02T04:30:00Z'))).toEqual(at('2026-03-02T05:30:00Z'));
      expect(hours.nextOpening(at('2026-03-02T13:00:00Z'))).toEqual(at('2026-03-03T01:00:00Z'));
    });

    it('lists every range in its description', () => {
      expect(hours.describe('zh-CN')).toBe('每天 09:00-12:00、13:30-21:00（北京时间）');
      expect(hours.describe('en')).toBe('Daily 09:00-12:00, 13:30-21:00 (Beijing time)');
    });
  });

  describe('always', () => {
    const hours = shanghai('always');

    it('is open at any time and has no next opening', () => {
      expect(hours.isOpen(at('2026-03-02T19:00:00Z'))).toBe(true);
      expect(hours.nextOpening(at('2026-03-02T19:00:00Z'))).toBeUndefined();
    });

    it('describes itself as all day', () => {
      expect(hours.describe('zh-CN')).toBe('全天 24 小时');
      expect(hours.describe('en')).toBe('24 hours a day');
    });
  });

  it('treats 00:00-24:00 as the whole day', () => {
    const hours = shanghai('00:00-24:00');
    expect(hours.isOpen(at('2026-03-02T16:00:00Z'))).toBe(true);
    expect(hours.isOpen(at('2026-03-02T15:59:59Z'))).toBe(true);
  });

  describe('in America/New_York, across DST changes', () => {
    const hours = parseServiceHours('09:00-17:00', 'America/New_York');

    it('follows the wall clock before and after clocks go forward (8 March 2026)', () => {
      expect(hours.isOpen(at('2026-03-07T14:00:00Z'))).toBe(true); // 09:00 EST
      expect(hours.isOpen(at('2026-03-07T13:30:00Z'))).toBe(false); // 08:30 EST
      expect(hours.isOpen(at('2026-03-09T13:00:00Z'))).toBe(true); // 09:00 EDT
      expect(hours.isOpen(at('2026-03-09T12:59:00Z'))).toBe(false); // 08:59 EDT
    });

    it('opens at 09:00 EDT (13:00Z) the morning after clocks go forward', () => {
      expect(hours.nextOpening(at('2026-03-07T22:00:00Z'))).toEqual(at('2026-03-08T13:00:00Z'));
    });

    it('opens at 09:00 EST (14:00Z) the morning after clocks go back (1 November 2026)', () => {
      expect(hours.nextOpening(at('2026-10-31T21:00:00Z'))).toEqual(at('2026-11-01T14:00:00Z'));
    });

    it('opens at the first of two 01:30s when clocks go back, and at the second after missing it', () => {
      const night = parseServiceHours('01:30-01:45', 'America/New_York');
      expect(night.nextOpening(at('2026-11-01T04:00:00Z'))).toEqual(at('2026-11-01T05:30:00Z')); // 01:30 EDT
      expect(night.nextOpening(at('2026-11-01T05:50:00Z'))).toEqual(at('2026-11-01T06:30:00Z')); // 01:30 EST
    });

    it('opens when clocks jump forward over a skipped opening time', () => {
      const night = parseServiceHours('02:30-04:00', 'America/New_York');
      // 02:00 EST becomes 03:00 EDT at 07:00Z: from then the clock reads inside the range.
      expect(night.nextOpening(at('2026-03-08T05:00:00Z'))).toEqual(at('2026-03-08T07:00:00Z'));
      expect(night.isOpen(at('2026-03-08T07:00:00Z'))).toBe(true);
    });

    it('names the zone in its description', () => {
      expect(hours.describe('zh-CN')).toBe('每天 09:00-17:00（America/New_York）');
      expect(hours.describe('en')).toBe('Daily 09:00-17:00 (America/New_York)');
    });
  });

  describe('bad input', () => {
    it.each(['', '  ', '9-21', '09:00', '09:00-21', '25:00-26:00', '09:60-10:00', '09:00-24:01', '24:00-06:00', '09:00-09:00', '09:00-21:00,', 'sometimes'])(
      'refuses the spec %j, naming it',
      (spec) => {
        const error = catchError(() => shanghai(spec));
        expect(error).toBeInstanceOf(HandoffError);
        expect(error).toMatchObject({ code: 'HANDOFF_BAD_SERVICE_HOURS' });
        expect((error as Error).message).toContain(`"${spec.trim()}"`);
      },
    );

    it.each(['Mars/Olympus_Mons', 'Beijing', ''])('refuses the time zone %j, naming it', (zone) => {
      const error = catchError(() => parseServiceHours('09:00-21:00', zone));
      expect(error).toMatchObject({ code: 'HANDOFF_BAD_SERVICE_HOURS' });
      expect((error as Error).message).toContain(`time zone "${zone}"`);
    });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
