/**
 * Which agents have a console open, and which of those are away (in a meeting, at lunch): what
 * the queue's promise of a wait depends on. In this process; with several instances, presence
 * has to be shared (issue 14), and this is the one place that knows it.
 */
export interface Presence {
  /** An agent's console connected; several tabs count once. */
  connected(agentId: number): void;
  disconnected(agentId: number): void;
  /** Marks an agent away (not available for the queue's estimate) or back. */
  setAway(agentId: number, isAway: boolean): void;
  /** Agents with a console open. */
  online(): number[];
  /** Agents online but away. */
  away(): number[];
  /** Whether any console is open at all. */
  anyone(): boolean;
  /** Agents online and not away. */
  available(): number;
}

/** @param changed told the agents online after every change (for the agents' stream). */
export function createPresence(changed: (online: number[]) => void = () => undefined): Presence {
  const tabs = new Map<number, number>();
  const away = new Set<number>();
  const online = () => [...tabs.keys()];
  return {
    connected(agentId) {
      tabs.set(agentId, (tabs.get(agentId) ?? 0) + 1);
      changed(online());
    },
    disconnected(agentId) {
      const left = (tabs.get(agentId) ?? 1) - 1;
      if (left > 0) tabs.set(agentId, left);
      else {
        tabs.delete(agentId);
        away.delete(agentId);
      }
      changed(online());
    },
    setAway(agentId, isAway) {
      if (isAway) away.add(agentId);
      else away.delete(agentId);
      changed(online());
    },
    online,
    away: () => [...away].filter((id) => tabs.has(id)),
    anyone: () => tabs.size > 0,
    available: () => online().filter((id) => !away.has(id)).length,
  };
}
