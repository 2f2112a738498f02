import type { RedactionCarry } from '../privacy/index.js';

/**
 * What redaction remembers between one user message and the next of the same conversation (see
 * `redact`'s carry: lengths and Luhn sums, never digits), so that a card split over two messages
 * or a PIN sent after "密码是多少" is still hidden.
 */
export interface CarryStore {
  get(conversationKey: string): RedactionCarry | undefined | Promise<RedactionCarry | undefined>;
  /** `undefined` forgets the conversation's carry. */
  set(conversationKey: string, carry: RedactionCarry | undefined): void | Promise<void>;
}

export interface CarryStoreOptions {
  /** Conversations remembered at once; the least recently written are forgotten first. Default 10,000. */
  readonly maxEntries?: number;
  /** A carry older than this is forgotten: the next message is a new thought. Default 10 minutes. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/**
 * In memory, bounded in size and age: one process's (SQLite). Several instances keep carries in
 * the database (`createRedactionCarryStore`), since a conversation's next message may reach
 * another. Losing a carry (a restart) only means a split card's second half is judged on its own,
 * as before carries existed.
 */
export function createCarryStore({ maxEntries = 10_000, ttlMs = 10 * 60_000, now = () => Date.now() }: CarryStoreOptions = {}): CarryStore {
  const entries = new Map<string, { carry: RedactionCarry; at: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() - entry.at > ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.carry;
    },
    set(key, carry) {
      entries.delete(key);
      if (carry === undefined) return;
      entries.set(key, { carry, at: now() });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
