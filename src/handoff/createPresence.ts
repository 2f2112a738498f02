import { randomUUID } from 'node:crypto';
import { memoryBuses, type BusFactory } from '../coordination/index.js';

/**
 * Which agents have a console open, and which of those are away (in a meeting, at lunch): what
 * the queue's promise of a wait depends on. Every instance knows its own consoles and tells the
 * others (a snapshot on every change, and again every heartbeat), so each answers for all.
 */
export interface Presence {
  /** An agent's console connected; several tabs count once. */
  connected(agentId: number): void;
  disconnected(agentId: number): void;
  /** Marks an agent away (not available for the queue's estimate) or back. */
  setAway(agentId: number, isAway: boolean): void;
  /** Agents with a console open, on any instance. */
  online(): number[];
  /** Agents online but away. */
  away(): number[];
  /** Whether any console is open at all. */
  anyone(): boolean;
  /** Agents online and not away. */
  available(): number;
  /** Stops the heartbeat and tells the other instances this one's consoles are gone. */
  close(): void;
}

/** An instance's consoles as it tells the others: its agents, and which of them are away. */
interface Snapshot {
  readonly instance: string;
  readonly agents: readonly (readonly [agentId: number, away: boolean])[];
  /** Asks every other instance to tell its own at once (a new instance, or one that missed news). */
  readonly ask?: true;
}

export interface PresenceOptions {
  /** Told the agents online after every change, here or on another instance (for the agents' stream). */
  readonly changed?: (online: number[]) => void;
  /** How far presence is shared. Default: this process only. */
  readonly buses?: BusFactory;
  readonly now?: () => Date;
  /**
   * How often this instance tells its consoles again. An instance not heard from for three
   * heartbeats is taken as gone (it crashed) and its agents as offline. Default 15 s.
   */
  readonly heartbeatMs?: number;
}

export function createPresence({ changed = () => undefined, buses = memoryBuses, now = () => new Date(), heartbeatMs = 15_000 }: PresenceOptions = {}): Presence {
  const instance = randomUUID();
  const tabs = new Map<number, number>();
  const away = new Set<number>();
  /** Other instances' consoles, and when each was last heard from (ms). */
  const others = new Map<string, { readonly agents: Snapshot['agents']; readonly heardAt: number }>();
  const bus = buses<Snapshot, Snapshot>('presence', { toWire: (s) => s, fromWire: (s) => s });

  const fresh = () => {
    const oldest = now().getTime() - 3 * heartbeatMs;
    return [...others.values()].filter((o) => o.heardAt >= oldest);
  };
  const online = () => [...new Set([...tabs.keys(), ...fresh().flatMap((o) => o.agents.map(([id]) => id))])];
  const awayNow = () => {
    const here = [...away].filter((id) => tabs.has(id));
    const there = fresh().flatMap((o) => o.agents.filter(([, isAway]) => isAway).map(([id]) => id));
    // Away only where every console of the agent says so: a tab elsewhere that is back counts.
    const backSomewhere = new Set([...[...tabs.keys()].filter((id) => !away.has(id)), ...fresh().flatMap((o) => o.agents.filter(([, isAway]) => !isAway).map(([id]) => id))]);
    return [...new Set([...here, ...there])].filter((id) => !backSomewhere.has(id));
  };
  const tell = (ask?: true) => bus.publish('agents', { instance, agents: [...tabs.keys()].map((id) => [id, away.has(id)] as const), ...(ask ? { ask } : {}) });
  const shown = () => JSON.stringify([online().sort(), awayNow().sort()]);
  /** What the consoles were last told. */
  let announced = shown();
  /** Tells the consoles, when what they were last told no longer holds. */
  const announce = () => {
    const current = shown();
    if (current === announced) return;
    announced = current;
    changed(online());
  };
  const local = () => {
    tell();
    announced = shown();
    changed(online());
  };

  bus.subscribe('agents', (snapshot) => {
    if (snapshot.instance === instance) return;
    others.set(snapshot.instance, { agents: snapshot.agents, heardAt: now().getTime() });
    if (snapshot.ask) tell();
    // A heartbeat that changes nothing is not news for the consoles.
    announce();
  });
  bus.onResync(() => tell(true));
  tell(true);
  const heartbeat = setInterval(() => {
    tell();
    // An instance gone silent (it died) leaves: its agents go offline for the consoles too.
    const oldest = now().getTime() - 3 * heartbeatMs;
    for (const [id, other] of others) if (other.heardAt < oldest) others.delete(id);
    announce();
  }, heartbeatMs);
  heartbeat.unref();

  return {
    connected(agentId) {
      tabs.set(agentId, (tabs.get(agentId) ?? 0) + 1);
      local();
    },
    disconnected(agentId) {
      const left = (tabs.get(agentId) ?? 1) - 1;
      if (left > 0) tabs.set(agentId, left);
      else {
        tabs.delete(agentId);
        away.delete(agentId);
      }
      local();
    },
    setAway(agentId, isAway) {
      if (isAway) away.add(agentId);
      else away.delete(agentId);
      local();
    },
    online,
    away: awayNow,
    anyone: () => online().length > 0,
    available: () => {
      const awayIds = new Set(awayNow());
      return online().filter((id) => !awayIds.has(id)).length;
    },
    close() {
      clearInterval(heartbeat);
      tabs.clear();
      tell();
    },
  };
}
