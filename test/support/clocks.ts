/**
 * Clocks for tests. Service hours, ticket expiry and sessions read the runtime's clock, so a test
 * that depends on any of them says which time it runs at, and passes whatever hour CI runs.
 */

/** A weekday afternoon in Beijing: people are at work (default hours 09:00-21:00). */
export const IN_SERVICE_HOURS = '2026-12-02T15:00:00+08:00';
/** The same weekday at 03:00 in Beijing: nobody is at work. */
export const OUT_OF_SERVICE_HOURS = '2026-12-02T03:00:00+08:00';

/**
 * A clock that starts at `instant` and then runs at the speed of the machine's monotonic clock,
 * so timestamps still order and elapsed times still grow, whatever `Date` says.
 */
export function clockAt(instant: string): () => Date {
  const start = Date.parse(instant);
  if (Number.isNaN(start)) throw new Error(`clockAt: not an instant: ${instant}`);
  const origin = performance.now();
  return () => new Date(start + (performance.now() - origin));
}
