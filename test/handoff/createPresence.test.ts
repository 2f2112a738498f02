import { describe, expect, it } from 'vitest';
import { createPresence } from '../../src/handoff/createPresence.js';

describe('createPresence', () => {
  it('counts an agent with two tabs once, and as gone only when the last tab closes', () => {
    const told: number[][] = [];
    const presence = createPresence((online) => told.push(online));
    presence.connected(1);
    presence.connected(1);
    presence.connected(2);
    expect(presence.online()).toEqual([1, 2]);
    presence.disconnected(1);
    expect(presence.online()).toEqual([1, 2]);
    presence.disconnected(1);
    expect(presence.online()).toEqual([2]);
    expect(told.at(-1)).toEqual([2]);
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
  });
});
