import { sameId, type Id, type AgentSummary } from './Ticket.js';

/** The agents a ticket can go to: everyone but me, online ones first, then by name. */
export function transferTargets(agents: readonly AgentSummary[], me: Id | undefined): AgentSummary[] {
  return agents
    .filter((a) => !sameId(a.id, me))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.displayName.localeCompare(b.displayName, 'zh-CN') || a.username.localeCompare(b.username));
}

/** The agents list with the online flags a presence frame reports. */
export function withPresence(agents: readonly AgentSummary[], online: readonly Id[]): AgentSummary[] {
  return agents.map((a) => ({ ...a, online: online.some((id) => sameId(id, a.id)) }));
}
