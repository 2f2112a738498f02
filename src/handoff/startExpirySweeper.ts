/** How often waiting tickets are checked for expiry. */
export const SWEEP_INTERVAL_MS = 60_000;

/**
 * Expires tickets nobody took (their users are told), checked every minute while the process
 * runs; returns the function that stops it. With several instances each sweeps: a ticket's move
 * to expired is a compare-and-set, so it expires, and its user is told, once.
 */
export function startExpirySweeper(desk: { sweep(): Promise<number> }, onError: (error: unknown) => void, intervalMs = SWEEP_INTERVAL_MS): () => void {
  const timer = setInterval(() => void desk.sweep().catch(onError), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
