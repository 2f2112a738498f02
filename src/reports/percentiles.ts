/** Nearest-rank percentiles of a list of numbers: p50 and p90, null when there are none. */
export function percentiles(values: readonly number[]): { readonly p50: number | null; readonly p90: number | null; readonly count: number } {
  if (values.length === 0) return { p50: null, p90: null, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p90: at(90), count: sorted.length };
}
