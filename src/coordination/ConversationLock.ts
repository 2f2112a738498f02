/**
 * One turn at a time per conversation. With one process, the memory lock below; with several
 * instances, an implementation shared through the database (issue 14), bounded in time so that
 * a crashed holder does not block a conversation forever.
 */
export interface ConversationLock {
  /**
   * Runs `work` once every earlier holder of `key` has finished, and returns what it returns.
   * Holders of one key run one after another, in the order they asked; holders of different keys
   * run at once.
   */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** The lock within one process: a queue per key, forgotten when it empties. */
export function createMemoryLock(): ConversationLock & { /** Keys with a holder or a waiter now. */ readonly size: number } {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      await previous;
      try {
        return await work();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
    get size() {
      return tails.size;
    },
  };
}
