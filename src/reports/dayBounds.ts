import { serviceDay } from './serviceDay.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a text is a real calendar day, YYYY-MM-DD. */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The day after (or `n` days after) a YYYY-MM-DD day. */
export function addDays(day: string, n = 1): string {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

/** Every day from..to inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day)) days.push(day);
  return days;
}

/**
 * The UTC moment a service day starts: the first instant whose `serviceDay` is `day`. Found from
 * the zone's offset around UTC midnight (twice, for a day on which the offset changes).
 */
export function dayStart(day: string, timeZone: string): Date {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, mo - 1, d);
  let guess = midnightUtc;
  for (let i = 0; i < 2; i++) guess = midnightUtc - offsetMs(new Date(guess), timeZone);
  // Step back to the exact start if the guess landed inside the day.
  while (serviceDay(new Date(guess - 60_000), timeZone) === day) guess -= 60_000;
  return new Date(guess);
}

function offsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
