/**
 * A share (0..1) as people read it: "91.3%", "100%", "0%"; one decimal at most. "—" for a share
 * that has no meaning (null: nothing to divide by).
 */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  // Counted in whole thousandths first: the server rounds to three decimals, and 0.913 * 100 is 91.30000000000001.
  const tenths = Math.round(share * 1000);
  return `${tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1)}%`;
}
