/**
 * Events between the parts of kefu that react to each other live (a reply for a Direct Line
 * stream, a ticket's change for agents' consoles), by topic. Within one process, the memory bus
 * below; across instances, PostgreSQL's LISTEN/NOTIFY (issue 14), whose payloads carry ids only
 * and whose receivers read the rest from the database.
 */
export interface EventBus<T> {
  publish(topic: string, event: T): void;
  /** Calls `listener` with every event published on `topic` from now on; returns the unsubscribe function. */
  subscribe(topic: string, listener: (event: T) => void): () => void;
}

/** The bus within one process. A topic's listeners are forgotten with its last unsubscribe. */
export function createMemoryBus<T>(): EventBus<T> & { /** Topics with at least one listener now. */ readonly topics: number } {
  const listeners = new Map<string, Set<(event: T) => void>>();
  return {
    publish(topic, event) {
      // A copy: a listener that unsubscribes (or subscribes) while called changes the next publish only.
      for (const listener of [...(listeners.get(topic) ?? [])]) listener(event);
    },
    subscribe(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(topic) === set) listeners.delete(topic);
      };
    },
    get topics() {
      return listeners.size;
    },
  };
}
