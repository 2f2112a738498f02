import { HandoffError } from './HandoffError.js';

/** When people answer: a daily schedule in one time zone. */
export interface ServiceHours {
  /** The spec as given (trimmed): `always` or ranges such as `09:00-12:00,13:30-21:00`. */
  readonly spec: string;
  /** The IANA time zone the ranges are wall-clock times in. */
  readonly timeZone: string;
  /** Whether `at` falls in a range: a range includes its start and excludes its end. */
  isOpen(at: Date): boolean;
  /** The next instant after `at` when service opens; undefined when always open or open at `at`. */
  nextOpening(at: Date): Date | undefined;
  /** The hours as users read them, e.g. `每天 09:00-21:00（北京时间）`. */
  describe(locale: 'zh-CN' | 'en'): string;
}

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const DAY_MS = MINUTES_PER_DAY * MS_PER_MINUTE;

/** A range of minutes since local midnight; `end < start` wraps past midnight. */
interface Range {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

// Zones whose wall clock is Beijing time, which users know by that name rather than a zone id.
const BEIJING_ZONES = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'Asia/Urumqi', 'PRC']);
const LABELS = {
  'zh-CN': { always: '全天 24 小时', daily: '每天', separator: '、', beijing: '北京时间', zone: (z: string) => `（${z}）` },
  en: { always: '24 hours a day', daily: 'Daily', separator: ', ', beijing: 'Beijing time', zone: (z: string) => ` (${z})` },
} as const;

const RANGE = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/;

/**
 * Parses service hours: `always`, or one or more daily ranges `HH:MM-HH:MM` separated by commas,
 * in `timeZone`. A range whose end is before its start (`22:00-06:00`) runs past midnight;
 * `24:00` may end a range.
 * @throws HandoffError `HANDOFF_BAD_SERVICE_HOURS` naming the spec or the time zone.
 */
export function parseServiceHours(spec: string, timeZone: string): ServiceHours {
  const formatter = createFormatter(timeZone);
  const trimmed = spec.trim();
  const ranges = trimmed.toLowerCase() === 'always' ? undefined : parseRanges(trimmed);
  const zoneLabel = (locale: 'zh-CN' | 'en') => LABELS[locale].zone(BEIJING_ZONES.has(timeZone) ? LABELS[locale].beijing : timeZone);

  function isOpen(at: Date): boolean {
    if (!ranges) return true;
    const { hour, minute, second } = wallClock(formatter, at.getTime());
    const minutes = hour * 60 + minute + second / 60;
    return ranges.some(({ start, end }) => (start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end));
  }

  return Object.freeze({
    spec: trimmed,
    timeZone,
    isOpen,
    nextOpening: function nextOpening(at: Date): Date | undefined {
      if (!ranges || isOpen(at)) return undefined;
      const today = wallClock(formatter, at.getTime());
      let next: number | undefined;
      // Today's and the next two days' openings: enough whatever the time of day and DST.
      for (let day = 0; day <= 2; day += 1) {
        for (const { start } of ranges) {
          for (const candidate of instantsOf(formatter, today.year, today.month, today.day + day, start)) {
            if (candidate > at.getTime() && (next === undefined || candidate < next)) next = candidate;
          }
        }
      }
      return next === undefined ? undefined : new Date(next);
    },
    describe: function describe(locale: 'zh-CN' | 'en'): string {
      const labels = LABELS[locale];
      if (!ranges) return labels.always;
      return `${labels.daily} ${ranges.map((r) => r.text).join(labels.separator)}${zoneLabel(locale)}`;
    },
  });
}

function parseRanges(spec: string): Range[] {
  const bad = (why: string) =>
    new HandoffError('HANDOFF_BAD_SERVICE_HOURS', `service hours "${spec}" are invalid: ${why}; use "always" or ranges like 09:00-21:00, several separated by commas`);
  if (spec === '') throw bad('empty');
  return spec.split(',').map((part) => {
    const match = RANGE.exec(part.trim());
    if (!match) throw bad(`"${part.trim()}" is not HH:MM-HH:MM`);
    const start = toMinutes(match[1]!, match[2]!);
    const end = toMinutes(match[3]!, match[4]!);
    if (start === undefined || start === MINUTES_PER_DAY || end === undefined) throw bad(`"${part.trim()}" is not a time of day`);
    if (start === end) throw bad(`"${part.trim()}" starts where it ends (use 00:00-24:00 or "always" for all day)`);
    return { start, end, text: `${match[1]}:${match[2]}-${match[3]}:${match[4]}` };
  });
}

/** Minutes since midnight, 00:00 to 24:00, or undefined. */
function toMinutes(hours: string, minutes: string): number | undefined {
  const value = Number(hours) * 60 + Number(minutes);
  return Number(minutes) < 60 && value <= MINUTES_PER_DAY ? value : undefined;
}

function createFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new HandoffError('HANDOFF_BAD_SERVICE_HOURS', `time zone "${timeZone}" is not an IANA time zone such as Asia/Shanghai`);
  }
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(formatter: Intl.DateTimeFormat, instant: number): WallClock {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatter.formatToParts(instant)) parts[type] = Number(value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at `instant`, in ms (positive east of Greenwich). */
function offsetAt(formatter: Intl.DateTimeFormat, instant: number): number {
  const w = wallClock(formatter, instant);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instants at which the wall clock in the zone reads `minutes` past midnight of the given day
 * (`day` may overflow the month): usually one, two when a DST change repeats the time. When a
 * change skips it (02:30 in a skipped 02:00-03:00), the instant of the change, the first moment
 * the clock reads later than the time.
 */
function instantsOf(formatter: Intl.DateTimeFormat, year: number, month: number, day: number, minutes: number): number[] {
  const wallAsUtc = Date.UTC(year, month - 1, day) + minutes * MS_PER_MINUTE;
  // The offsets a day before and after bracket any change near this time.
  const offsets = [...new Set([offsetAt(formatter, wallAsUtc - DAY_MS), offsetAt(formatter, wallAsUtc + DAY_MS)])];
  const candidates = offsets.map((offset) => wallAsUtc - offset).sort((a, b) => a - b);
  const exact = candidates.filter((instant) => offsetAt(formatter, instant) === wallAsUtc - instant);
  if (exact.length > 0) return exact;
  // Skipped: the change lies between the two candidates; find its minute.
  let before = candidates[0]!;
  let after = candidates[candidates.length - 1]!;
  const oldOffset = offsetAt(formatter, before);
  while (after - before > MS_PER_MINUTE) {
    const middle = before + Math.max(1, Math.floor((after - before) / 2 / MS_PER_MINUTE)) * MS_PER_MINUTE;
    if (offsetAt(formatter, middle) === oldOffset) before = middle;
    else after = middle;
  }
  return [after];
}
