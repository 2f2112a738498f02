import pg from 'pg';
import type { Store } from 'express-rate-limit';
import { createMemoryLock, type ConversationLock } from './ConversationLock.js';
import { memoryBuses, type BusFactory } from './EventBus.js';
import { busesOver } from './EventTransport.js';
import { createPostgresEvents } from './createPostgresEvents.js';
import { createPostgresLock } from './createPostgresLock.js';
import { createRateLimitStore } from './createRateLimitStore.js';

/** What the instances of one installation share: live events, the conversation lock, rate limits. */
export interface Coordination {
  readonly buses: BusFactory;
  readonly lock: ConversationLock;
  /** The store of the rate limit named `name`; undefined: counted in this process (express-rate-limit's own). */
  rateLimitStore(name: string): Store | undefined;
  close(): Promise<void>;
}

/** One process (SQLite): everything in memory. */
export function memoryCoordination(): Coordination {
  return { buses: memoryBuses, lock: createMemoryLock(), rateLimitStore: () => undefined, close: async () => undefined };
}

export interface PostgresCoordinationOptions {
  readonly url: string;
  /** The schema kefu's tables are in (names the events' channel and the locks' keys). */
  readonly schema: string;
  /** A problem that costs no request (a dropped listener, a lock not taken, a limit counted locally). */
  readonly onProblem?: (error: unknown, what: string) => void;
}

/**
 * Every instance on one PostgreSQL: events over LISTEN/NOTIFY, advisory locks, and rate limits
 * counted in the database. Each has connections of its own beside the data's pool (10): one that
 * listens (and sends), up to 8 for held locks (8 turns at once: one process's CPU is busy long
 * before), up to 2 for the limits; 21 an instance in all, which PostgreSQL's default of 100
 * connections allows four times over.
 */
export async function openPostgresCoordination({ url, schema, onProblem = () => undefined }: PostgresCoordinationOptions): Promise<Coordination> {
  const events = await createPostgresEvents({ url, schema, onProblem });
  const lock = createPostgresLock({ url, schema, maxConnections: 8, onProblem });
  const limits = new pg.Pool({ connectionString: url, max: 2 });
  limits.on('error', (error) => onProblem(error, 'rate limits: an idle connection failed'));
  return {
    buses: busesOver(events, (error) => onProblem(error, 'events: reading an event back failed')),
    lock,
    rateLimitStore: (name) => createRateLimitStore({ keyPrefix: name, pool: limits, onProblem: ({ error, operation }) => onProblem(error, `rate limit ${name}: ${operation} failed; counted in this instance`) }),
    async close() {
      await events.close();
      await lock.close();
      await limits.end();
    },
  };
}
