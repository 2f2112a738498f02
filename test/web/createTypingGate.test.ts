import { describe, expect, it } from 'vitest';
import { createTypingGate, type TypingState } from '../../web/widget/createTypingGate.js';

const typed: TypingState = { text: '我的机器', composing: false, online: true };

/** A gate on a clock the test moves. */
function gateAt(start = 0) {
  const clock = { now: start };
  return { clock, gate: createTypingGate({ intervalMs: 3_000, now: () => clock.now }) };
}

describe('createTypingGate', () => {
  it('signals on the first key, then at most once every 3 s while keys keep coming', () => {
    const { clock, gate } = gateAt();
    const signalled: number[] = [];
    for (clock.now = 0; clock.now <= 7_000; clock.now += 250) if (gate.changed(typed)) signalled.push(clock.now);
    expect(signalled).toEqual([0, 3_000, 6_000]);
  });

  it('defaults to 3 s', () => {
    let now = 1_000;
    const gate = createTypingGate({ now: () => now });
    expect(gate.changed(typed)).toBe(true);
    now += 2_999;
    expect(gate.changed(typed)).toBe(false);
    now += 1;
    expect(gate.changed(typed)).toBe(true);
  });

  it.each([
    ['the input was emptied', { ...typed, text: '' }],
    ['only spaces and new lines are left', { ...typed, text: ' \n ' }],
    ['an input method is composing', { ...typed, text: 'wo de', composing: true }],
    ['the connection is not up', { ...typed, online: false }],
  ])('does not signal when %s, and does not start the interval then', (_when, state) => {
    const { clock, gate } = gateAt();
    expect(gate.changed(state)).toBe(false);
    clock.now += 100;
    expect(gate.changed(typed)).toBe(true);
  });

  it('signals at once for the next message after one is sent', () => {
    const { clock, gate } = gateAt();
    expect(gate.changed(typed)).toBe(true);
    clock.now += 1_000;
    gate.sent();
    clock.now += 500;
    expect(gate.changed({ ...typed, text: '还是不行' })).toBe(true);
    clock.now += 500;
    expect(gate.changed({ ...typed, text: '还是不行啊' })).toBe(false);
  });
});
