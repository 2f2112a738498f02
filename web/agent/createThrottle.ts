/**
 * A gate that opens at most once per `intervalMs`: the typing signal is sent on the first key
 * and then every few seconds while the agent keeps typing, not on every key.
 */
export function createThrottle(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = -Infinity;
  return function throttled() {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
