import { describe, expect, it, vi } from 'vitest';
import { createPresence } from '../../src/handoff/createPresence.js';
import { createMemoryCluster } from '../support/memoryCluster.js';

/** Lets queued deliveries (the cluster's, a microtask each) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createPresence', () => {
  it('counts an agent with two tabs once, and as gone only when the last tab closes', () => {
    const told: number[][] = [];
    const presence = createPresence({ changed: (online) => told.push(online) });
    presence.connected(1);
    presence.connected(1);
    presence.connected(2);
    expect(presence.online()).toEqual([1, 2]);
    presence.disconnected(1);
    expect(presence.online()).toEqual([1, 2]);
    presence.disconnected(1);
    expect(presence.online()).toEqual([2]);
    expect(told.at(-1)).toEqual([2]);
    presence.close();
  });

  it('leaves an away agent out of the available ones, and forgets away when they leave', () => {
    const presence = createPresence();
    expect(presence.anyone()).toBe(false);
    presence.connected(1);
    presence.connected(2);
    presence.setAway(2, true);
    expect(presence.available()).toBe(1);
    expect(presence.away()).toEqual([2]);
    presence.disconnected(2);
    presence.connected(2);
    expect(presence.away()).toEqual([]);
    expect(presence.available()).toBe(2);
    expect(presence.anyone()).toBe(true);
    presence.close();
  });

  describe('across instances', () => {
    it('shows every instance the agents whose consoles are open on any of them', async () => {
      const cluster = createMemoryCluster();
      const toldOnA: number[][] = [];
      const a = createPresence({ buses: cluster.instance(), changed: (online) => toldOnA.push(online) });
      const b = createPresence({ buses: cluster.instance() });
      b.connected(7);
      b.connected(8);
      b.setAway(8, true);
      await settle();
      expect(a.online().sort()).toEqual([7, 8]);
      expect(a.away()).toEqual([8]);
      expect(a.available()).toBe(1);
      expect(toldOnA.at(-1)?.sort()).toEqual([7, 8]);
      // The same agent with a tab on A that is not away is available.
      a.connected(8);
      expect(a.available()).toBe(2);
      b.disconnected(7);
      await settle();
      expect(a.online().sort()).toEqual([8]);
      a.close();
      b.close();
    });

    it("tells its consoles of another instance's news, not of a heartbeat that changes nothing", async () => {
      const cluster = createMemoryCluster();
      const told: number[][] = [];
      const a = createPresence({ buses: cluster.instance(), changed: (online) => told.push(online) });
      const busB = cluster.instance();
      const b = createPresence({ buses: busB });
      b.connected(9);
      await settle();
      expect(told).toEqual([[9]]);
      // B's heartbeat: the same snapshot again.
      busB<{ instance: string; agents: [number, boolean][] }, unknown>('presence', { toWire: (s) => s, fromWire: (s) => s as never }).publish('agents', { instance: 'b-again', agents: [[9, false]] });
      await settle();
      expect(told).toEqual([[9]]);
      a.close();
      b.close();
    });

    it('learns what the instances already running have, when it starts', async () => {
      const cluster = createMemoryCluster();
      const a = createPresence({ buses: cluster.instance() });
      a.connected(3);
      await settle();
      const late = createPresence({ buses: cluster.instance() });
      await settle();
      expect(late.online()).toEqual([3]);
      a.close();
      late.close();
    });

    it('takes an instance not heard from for three heartbeats as gone, with its agents', async () => {
      const cluster = createMemoryCluster();
      let clock = Date.parse('2026-03-02T02:00:00Z');
      const a = createPresence({ buses: cluster.instance(), now: () => new Date(clock), heartbeatMs: 15_000 });
      const b = createPresence({ buses: cluster.instance(), now: () => new Date(clock), heartbeatMs: 15_000 });
      b.connected(5);
      await settle();
      clock += 45_000;
      expect(a.online()).toEqual([5]);
      clock += 1;
      expect(a.online()).toEqual([]);
      a.close();
      b.close();
    });

    it("tells its consoles when a silent instance's agents are taken as gone", async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      try {
        const cluster = createMemoryCluster();
        let clock = Date.parse('2026-03-02T02:00:00Z');
        const told: number[][] = [];
        const a = createPresence({ buses: cluster.instance(), now: () => new Date(clock), heartbeatMs: 15_000, changed: (online) => told.push(online) });
        // An instance that told of agent 5 once, and then died without a word.
        cluster.instance()<{ instance: string; agents: [number, boolean][] }, unknown>('presence', { toWire: (s) => s, fromWire: (s) => s as never }).publish('agents', { instance: 'dead', agents: [[5, false]] });
        await settle();
        expect(told).toEqual([[5]]);
        clock += 46_000;
        vi.advanceTimersByTime(15_000);
        expect(told).toEqual([[5], []]);
        a.close();
      } finally {
        vi.useRealTimers();
      }
    });

    it('tells the others its consoles are gone when it closes', async () => {
      const cluster = createMemoryCluster();
      const a = createPresence({ buses: cluster.instance() });
      const b = createPresence({ buses: cluster.instance() });
      b.connected(4);
      await settle();
      b.close();
      await settle();
      expect(a.online()).toEqual([]);
      a.close();
    });
  });
});
