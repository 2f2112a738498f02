import type { AgentMessages } from './messages.js';

const MINUTE = 60_000;

/** How long since `fromIso`, as the console shows wait times: "不到 1 分钟", "3 分钟", "1 小时 5 分钟". */
export function formatDuration(fromIso: string | null | undefined, now: number, m: AgentMessages['duration']): string {
  const from = fromIso ? Date.parse(fromIso) : NaN;
  // A clock a little behind the server's must not show a negative wait.
  const minutes = Number.isNaN(from) ? 0 : Math.floor(Math.max(0, now - from) / MINUTE);
  if (minutes < 1) return m.underMinute;
  if (minutes < 60) return m.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return m.hours(hours, minutes % 60);
  return m.days(Math.floor(hours / 24), hours % 24);
}
