import { sameId, type Id, type AgentSummary } from './Ticket.js';

/** How reachable a colleague is: online and taking conversations, online but away, or offline. */
export type Presence = 'online' | 'away' | 'offline';

export const presenceOf = (agent: AgentSummary): Presence => (!agent.online ? 'offline' : agent.away ? 'away' : 'online');

const rank: Record<Presence, number> = { online: 0, away: 1, offline: 2 };

/** The agents a ticket can go to: everyone but me, available ones first, then away, then offline; by name within each. */
export function transferTargets(agents: readonly AgentSummary[], me: Id | undefined): AgentSummary[] {
  return agents
    .filter((a) => !sameId(a.id, me))
    .sort((a, b) => rank[presenceOf(a)] - rank[presenceOf(b)] || a.displayName.localeCompare(b.displayName, 'zh-CN') || a.username.localeCompare(b.username));
}

/**
 * The agents list with the flags a presence frame reports. A frame without `away` (an older
 * server, or the hello frame) keeps the away flags already known.
 */
export function withPresence(agents: readonly AgentSummary[], online: readonly Id[], away?: readonly Id[]): AgentSummary[] {
  return agents.map((a) => {
    const isOnline = online.some((id) => sameId(id, a.id));
    const isAway = isOnline && (away ? away.some((id) => sameId(id, a.id)) : a.away === true);
    return { ...a, online: isOnline, away: isAway };
  });
}
