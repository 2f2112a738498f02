/**
 * Events between the parts of kefu that react to each other live (a reply for a Direct Line
 * stream, a ticket's change for agents' consoles), by topic. Within one process, the memory bus
 * below; across instances, PostgreSQL's LISTEN/NOTIFY (`createPostgresEvents`), whose payloads
 * carry ids only and whose receivers read the rest from the database (a {@link WireCodec}).
 */
export interface EventBus<T> {
  /** Tells this process's listeners of `topic` at once, and other instances' through the wire. */
  publish(topic: string, event: T): void;
  /** Calls `listener` with every event published on `topic` from now on; returns the unsubscribe function. */
  subscribe(topic: string, listener: (event: T) => void): () => void;
  /**
   * Calls `listener` after the bus may have missed events (its connection dropped and came back):
   * listeners then read what they need from the database again. Never called by the memory bus.
   */
  onResync(listener: () => void): () => void;
}

/**
 * How an event crosses to another instance: `toWire` keeps only what the receiver cannot read
 * from the database (ids, a watermark), and `fromWire` reads the rest back on the receiving
 * side; undefined there drops the event (its ticket is gone, say).
 */
export interface WireCodec<T, W = unknown> {
  toWire(event: T): W;
  fromWire(wire: W, topic: string): T | undefined | Promise<T | undefined>;
}

/** Makes the bus named `name` (one per kind of event); the wiring decides how far events reach. */
export type BusFactory = <T, W>(name: string, codec: WireCodec<T, W>) => EventBus<T>;

/** The bus within one process. A topic's listeners are forgotten with its last unsubscribe. */
export function createMemoryBus<T>(): EventBus<T> & {
  /** Topics with at least one listener now. */
  readonly topics: number;
  /** Whether `topic` has a listener now. */
  listening(topic: string): boolean;
} {
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
    onResync: () => () => undefined,
    listening: (topic) => listeners.has(topic),
    get topics() {
      return listeners.size;
    },
  };
}

/** One process's buses: the codec is not needed, since nothing leaves the process. */
export const memoryBuses: BusFactory = () => createMemoryBus();
