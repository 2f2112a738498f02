/** The words of a duration, per language. */
export interface DurationWords {
  /** Nothing measured. */
  readonly none: string;
  readonly seconds: (s: number) => string;
  readonly minutes: (min: number, s: number) => string;
  readonly hours: (h: number, min: number) => string;
}

/**
 * A duration in seconds as people say it: "45 秒", "2 分 5 秒", "1 小时 3 分". Seconds are
 * rounded; past an hour the seconds are dropped. `none` for null (nothing was measured).
 */
export function formatSeconds(seconds: number | null | undefined, words: DurationWords): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return words.none;
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return words.seconds(total);
  if (total < 3600) return words.minutes(Math.floor(total / 60), total % 60);
  const minutes = Math.round(total / 60);
  return words.hours(Math.floor(minutes / 60), minutes % 60);
}
