/**
 * How long to wait before reconnect attempt `attempt` (1, 2, ...): 1 s, 2 s, 4 s... up to 30 s,
 * each ±20% at random so a server restart is not hit by every console at the same instant.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
