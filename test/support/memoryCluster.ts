import { busesOver, createMemoryLock, type BusFactory, type Coordination, type EventTransport, type WireMessage } from '../../src/coordination/index.js';

/**
 * Several instances in one test process: each gets buses whose events reach the others only as
 * their codec's wire form, through JSON, as PostgreSQL's NOTIFY would carry them (delivered on a
 * later task, in order). `resync()` tells every instance it may have missed events.
 */
export function createMemoryCluster() {
  const members: { readonly handlers: Map<string, Set<(topic: string, wire: unknown) => void>>; readonly resyncs: Set<() => void> }[] = [];
  return {
    instance(): BusFactory {
      const me = { handlers: new Map<string, Set<(topic: string, wire: unknown) => void>>(), resyncs: new Set<() => void>() };
      members.push(me);
      const transport: EventTransport = {
        send({ bus, topic, wire }: WireMessage) {
          const text = JSON.stringify(wire);
          for (const other of members) {
            if (other === me) continue;
            for (const handler of other.handlers.get(bus) ?? []) queueMicrotask(() => handler(topic, JSON.parse(text)));
          }
        },
        receive(bus, handler) {
          const set = me.handlers.get(bus) ?? new Set();
          me.handlers.set(bus, set);
          set.add(handler);
          return () => set.delete(handler);
        },
        onResync(listener) {
          me.resyncs.add(listener);
          return () => me.resyncs.delete(listener);
        },
      };
      return busesOver(transport);
    },
    /** An instance's coordination for a runtime: its buses joined to the others'; locks and limits its own. */
    coordination(): Coordination {
      return { buses: this.instance(), lock: createMemoryLock(), rateLimitStore: () => undefined, close: async () => undefined };
    },
    resync() {
      for (const member of members) for (const listener of [...member.resyncs]) listener();
    },
  };
}
