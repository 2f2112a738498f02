import { describe, expect, it } from 'vitest';
import { createMemoryBus, createMemoryLock } from '../../src/coordination/index.js';

/** A promise and the function that settles it, to hold work open until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('createMemoryLock', () => {
  it('runs the holders of one key one after another, in the order they asked', async () => {
    const lock = createMemoryLock();
    const order: string[] = [];
    const first = gate();
    const a = lock.run('c1', async () => {
      order.push('a starts');
      await first.opened;
      order.push('a ends');
    });
    const b = lock.run('c1', async () => void order.push('b'));
    const c = lock.run('c1', async () => void order.push('c'));
    await Promise.resolve();
    expect(order).toEqual(['a starts']);
    first.open();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a starts', 'a ends', 'b', 'c']);
  });

  it('runs holders of different keys at once', async () => {
    const lock = createMemoryLock();
    const held = gate();
    const slow = lock.run('c1', () => held.opened);
    // Resolves while c1 is still held.
    expect(await lock.run('c2', async () => 'c2 ran')).toBe('c2 ran');
    held.open();
    await slow;
  });

  it('lets the next holder run after one that failed, and forgets a key once nobody holds it', async () => {
    const lock = createMemoryLock();
    const failed = lock.run('c1', async () => {
      throw new Error('turn failed');
    });
    const next = lock.run('c1', async () => 'next ran');
    await expect(failed).rejects.toThrow('turn failed');
    expect(await next).toBe('next ran');
    expect(lock.size).toBe(0);
  });
});

describe('createMemoryBus', () => {
  it("hands an event to the topic's listeners only, and forgets a topic with its last listener", () => {
    const bus = createMemoryBus<number>();
    const seen: string[] = [];
    const offA = bus.subscribe('t1', (n) => seen.push(`a${n}`));
    const offB = bus.subscribe('t1', (n) => seen.push(`b${n}`));
    const offC = bus.subscribe('t2', (n) => seen.push(`c${n}`));
    bus.publish('t1', 1);
    expect(seen).toEqual(['a1', 'b1']);
    offA();
    bus.publish('t1', 2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(bus.topics).toBe(2);
    offB();
    offC();
    expect(bus.topics).toBe(0);
    bus.publish('t1', 3);
    expect(seen).toHaveLength(3);
  });

  it('still calls every listener of a publish when one unsubscribes while being called', () => {
    const bus = createMemoryBus<string>();
    const seen: string[] = [];
    const off = bus.subscribe('t', () => {
      seen.push('first');
      off();
    });
    bus.subscribe('t', () => seen.push('second'));
    bus.publish('t', 'x');
    bus.publish('t', 'y');
    expect(seen).toEqual(['first', 'second', 'second']);
  });
});
