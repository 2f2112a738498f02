import { createMemoryBus, type BusFactory, type EventBus, type WireCodec } from './EventBus.js';

/** What crosses between instances: which bus, which topic, and the event as its codec wrote it. */
export interface WireMessage {
  readonly bus: string;
  readonly topic: string;
  readonly wire: unknown;
}

/**
 * Carries buses' messages to the other instances (not back to this one), as PostgreSQL's
 * LISTEN/NOTIFY does (`createPostgresEvents`).
 */
export interface EventTransport {
  send(message: WireMessage): void;
  /** Calls `handler` with the messages of bus `bus` from other instances; returns the unsubscribe function. */
  receive(bus: string, handler: (topic: string, wire: unknown) => void): () => void;
  /** Calls `listener` when messages may have been missed (the transport reconnected). */
  onResync(listener: () => void): () => void;
}

/**
 * Buses whose events reach this process's listeners at once, as they are, and other instances'
 * listeners through `transport`, encoded by each bus's codec and decoded there. A receiver
 * decodes (reads the database) only for topics someone listens to here, and in arrival order.
 */
export function busesOver(transport: EventTransport, onProblem: (error: unknown) => void = () => undefined): BusFactory {
  return <T, W>(name: string, codec: WireCodec<T, W>): EventBus<T> => {
    const local = createMemoryBus<T>();
    let arrivals = Promise.resolve();
    transport.receive(name, (topic, wire) => {
      if (!local.listening(topic)) return;
      arrivals = arrivals
        .then(async () => {
          const event = await codec.fromWire(wire as W, topic);
          if (event !== undefined) local.publish(topic, event);
        })
        .catch(onProblem);
    });
    return {
      publish(topic, event) {
        local.publish(topic, event);
        transport.send({ bus: name, topic, wire: codec.toWire(event) });
      },
      subscribe: local.subscribe,
      onResync: transport.onResync,
    };
  };
}
