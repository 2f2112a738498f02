/**
 * Things arriving over time (activities, stream frames, requests), and a way to wait for the
 * next one that matches: each arrival is handed to at most one `waitFor`, so two waits for the
 * same kind of thing get two different arrivals.
 */
export interface Arrivals<T> {
  /** Everything that arrived, in order. */
  readonly seen: readonly T[];
  add(item: T): void;
  /** The first arrival not yet handed out that passes `test`; waits for one when none has come. */
  waitFor(test: (item: T) => boolean): Promise<T>;
}

export function createArrivals<T>(): Arrivals<T> {
  const seen: T[] = [];
  const handedOut = new Set<T>();
  const waiters: { test: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  return {
    seen,
    add(item) {
      seen.push(item);
      const waiter = waiters.find((w) => w.test(item));
      if (!waiter) return;
      waiters.splice(waiters.indexOf(waiter), 1);
      handedOut.add(item);
      waiter.resolve(item);
    },
    waitFor(test) {
      const found = seen.find((item) => !handedOut.has(item) && test(item));
      if (!found) return new Promise((resolve) => waiters.push({ test, resolve }));
      handedOut.add(found);
      return Promise.resolve(found);
    },
  };
}
