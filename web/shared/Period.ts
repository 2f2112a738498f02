/**
 * A period of service days, both ends included (YYYY-MM-DD), and optionally one channel: what
 * the reports and the editors' figures are asked for (`?from&to[&channel]`).
 */
export interface Period {
  readonly from: string;
  readonly to: string;
  readonly channel?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a text is a real calendar day, YYYY-MM-DD (2026-02-30 is not). */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === text;
}

/** The day `n` days after (or before, for a negative `n`) a YYYY-MM-DD day. */
export function addDays(day: string, n: number): string {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included; none when `from` is after `to`. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Whether two periods ask for the same figures. */
export const samePeriod = (a: Period | undefined, b: Period | undefined): boolean => a?.from === b?.from && a?.to === b?.to && (a?.channel ?? '') === (b?.channel ?? '');
