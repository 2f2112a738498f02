import { addDays, type Period } from './Period.js';

/** The period picker's shortcuts: 近7天, 近30天, 本月. */
export const quickPeriods = ['last7', 'last30', 'thisMonth'] as const;
export type QuickPeriod = (typeof quickPeriods)[number];

/** The days a shortcut means, ending `today` (YYYY-MM-DD); no channel. */
export function quickPeriod(kind: QuickPeriod, today: string): Period {
  if (kind === 'thisMonth') return { from: `${today.slice(0, 8)}01`, to: today };
  return { from: addDays(today, kind === 'last7' ? -6 : -29), to: today };
}

/** The shortcut a period is, if it is one (so its button shows pressed). */
export function quickPeriodOf(period: Period | undefined, today: string): QuickPeriod | undefined {
  if (!period) return undefined;
  return quickPeriods.find((kind) => {
    const quick = quickPeriod(kind, today);
    return quick.from === period.from && quick.to === period.to;
  });
}

/**
 * Today in the service's time zone (the server counts by its days, not the browser's), as
 * YYYY-MM-DD; the browser's own day when the zone is unknown or not given.
 */
export function todayIn(timeZone: string | undefined, now: Date): string {
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    } catch {
      // An unknown zone: the browser's day is the best guess.
    }
  }
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}
