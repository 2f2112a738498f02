/**
 * `promise`, or a failure naming what never came once `ms` have passed: a guard against waiting
 * forever for an event that is lost, never a pause. `what` is read only on failure, so it can
 * describe the state at that moment (the frames that did arrive).
 */
export function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
