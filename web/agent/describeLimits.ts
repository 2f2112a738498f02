import type { AgentMessages } from './messages.js';
import type { ChannelLimits } from './Ticket.js';

/** How the console words a channel's sending limits, and how loudly. */
export interface LimitsShown {
  readonly text: string;
  /** `warn`: one message left; `blocked`: nothing can reach the user until they write again. */
  readonly level: 'ok' | 'warn' | 'blocked';
}

/**
 * The line under a WeChat ticket's title: how many messages may still go and for how long, a
 * warning before the last one, and plainly when nothing can be sent.
 */
export function describeLimits(limits: ChannelLimits, m: Pick<AgentMessages, 'limitsOpen' | 'limitsLast' | 'limitsSpent' | 'limitsClosed'>, now: Date): LimitsShown {
  if (!limits.open) return { text: m.limitsClosed, level: 'blocked' };
  if (limits.remaining === 0) return { text: m.limitsSpent, level: 'blocked' };
  const hours = limits.closesAt ? Math.max(0, Math.floor((Date.parse(limits.closesAt) - now.getTime()) / 3_600_000)) : 0;
  if (limits.remaining === 1) return { text: m.limitsLast(hours), level: 'warn' };
  return { text: m.limitsOpen(limits.remaining, hours), level: 'ok' };
}
