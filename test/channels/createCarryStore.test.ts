import { describe, expect, it } from 'vitest';
import { createCarryStore } from '../../src/channels/createCarryStore.js';
import { redact, type RedactionCarry } from '../../src/privacy/index.js';

const carry = redact('收银员问我密码是多少', { carry: undefined }).carry as RedactionCarry;

describe('createCarryStore', () => {
  it('returns what was set, and forgets on undefined', () => {
    const store = createCarryStore();
    store.set('a', carry);
    expect(store.get('a')).toBe(carry);
    store.set('a', undefined);
    expect(store.get('a')).toBeUndefined();
  });

  it('forgets a carry older than its ttl', () => {
    let now = 0;
    const store = createCarryStore({ ttlMs: 1_000, now: () => now });
    store.set('a', carry);
    now = 1_001;
    expect(store.get('a')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest written', () => {
    const store = createCarryStore({ maxEntries: 2 });
    store.set('a', carry);
    store.set('b', carry);
    store.set('c', carry);
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual([undefined, carry, carry]);
  });
});
