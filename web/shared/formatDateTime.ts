const two = (n: number) => String(n).padStart(2, '0');

/**
 * "09:05" for a time today, "01-02 09:05" for another day this year, "2025-12-30 09:05" for
 * another year (a month and day alone would pass for this year's), "" for a time that does not
 * parse; local time.
 */
export function formatDateTime(iso: string | null | undefined, now: number = Date.now()): string {
  const date = new Date(iso ?? '');
  if (Number.isNaN(date.getTime())) return '';
  const today = new Date(now);
  if (date.getFullYear() !== today.getFullYear()) return formatFullDateTime(iso);
  const time = `${two(date.getHours())}:${two(date.getMinutes())}`;
  const sameDay = date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return sameDay ? time : `${two(date.getMonth() + 1)}-${two(date.getDate())} ${time}`;
}

/** "2026-02-27 18:30", always with the date (for lists read days later), "" for a time that does not parse; local time. */
export function formatFullDateTime(iso: string | null | undefined): string {
  const date = new Date(iso ?? '');
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
