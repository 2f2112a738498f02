/** A gate that opens at most once per interval; `reset` opens it for the next call. */
export interface Throttle {
  (): boolean;
  reset(): void;
}

/**
 * A gate that opens at most once per `intervalMs`: a typing signal is sent on the first key and
 * then every few seconds while keys keep coming, not on every key. Shared by the widget and the
 * agent console.
 */
export function createThrottle(intervalMs: number, now: () => number = Date.now): Throttle {
  let last = -Infinity;
  const throttled = () => {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    return true;
  };
  return Object.assign(throttled, {
    reset() {
      last = -Infinity;
    },
  });
}
