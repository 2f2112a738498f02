import { createHash } from 'node:crypto';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * The one table every PostgreSQL store counts in, in the pool's current schema (the first of its
 * `search_path`, as for kefu's other tables): the name is left unqualified on purpose, so that
 * tests, each on a schema of its own, never share counts. Limiters are kept apart by the
 * `keyPrefix` that rate-limiter-flexible puts before each key (`agent-login:203.0.113.7`), not by
 * a table each: one table is one thing to find, size and clean.
 */
const TABLE = 'rate_limits';

/** A prefix is one word, so `a:b` + `c` can never read as `a` + `b:c`. */
const KEY_PREFIX = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * rate-limiter-flexible's table holds keys of at most 255 characters, prefix included: a longer
 * one would fail its insert, and a client could pick a long key (a username, say) to get past the
 * limit. Keys longer than this (which with a prefix of 64 and its `:` stay under 255) are counted
 * under their hash instead.
 */
const LONGEST_KEY = 160;

/** Something the shared store could not do; the request went on, counted in this process only. */
export interface RateLimitStoreProblem {
  readonly code: 'RATE_LIMIT_STORE_FAILED';
  /** The limiter it happened to. */
  readonly keyPrefix: string;
  /** What failed: `create-table` when it happened while the table was made. */
  readonly operation: 'create-table' | 'increment' | 'decrement' | 'resetKey' | 'get';
  readonly error: unknown;
}

export interface RateLimitStoreOptions {
  /**
   * Names this limiter's counts (`directline-token`, `agent-login`): letters, digits, `-` and `_`.
   * Every limiter needs its own, since limiters on one database share one table.
   */
  readonly keyPrefix: string;
  /**
   * The PostgreSQL pool whose database every kefu instance counts in. Default: none, and the
   * counts stay in this process's memory (one instance, or SQLite).
   */
  readonly pool?: pg.Pool;
  /** Told each time the database failed the store. Default: nobody. */
  readonly onProblem?: (problem: RateLimitStoreProblem) => void;
}

/**
 * An `express-rate-limit` {@link Store} counting with rate-limiter-flexible: in PostgreSQL when
 * `pool` is given, so that all kefu instances on that database share each limit, otherwise in
 * this process's memory. Pass a new one to each `rateLimit({ windowMs, limit, store })`: the
 * window and the limit come from there, through the store's `init`, so they are set in one place.
 *
 * With PostgreSQL, the table (`rate_limits`, in the pool's current schema) is made once, under an
 * advisory lock, as soon as `rateLimit` calls `init`, and requests that come before it exists
 * wait for it. If it cannot be made (the database is down at boot), each later request
 * tries again until it is.
 *
 * When the database fails, the request is counted in this process's memory instead and
 * `onProblem` is told (fail-open to the instance's own limit; the reasons are at `increment`).
 *
 * rate-limiter-flexible stamps a window's end with the clock of the instance that opened it, and
 * every instance compares it with its own: their clocks must agree (NTP) to a small part of a window.
 *
 * @throws Error naming the value when `keyPrefix` is not one word of letters, digits, `-`, `_`.
 */
export function createRateLimitStore({ keyPrefix, pool, onProblem = () => undefined }: RateLimitStoreOptions): Store {
  if (!KEY_PREFIX.test(keyPrefix)) {
    throw new Error(`createRateLimitStore: keyPrefix must be 1-64 letters, digits, "-" or "_", got ${JSON.stringify(keyPrefix)}`);
  }
  // Set by init: the limiter's size, and the memory limiter (the store itself without a pool,
  // the stand-in while the database fails).
  let initialised: { readonly points: number; readonly duration: number; readonly memory: RateLimiterMemory } | undefined;
  // The PostgreSQL limiter once its table exists; forgotten when making the table failed, so that
  // the next request tries again.
  let shared: Promise<RateLimiterAbstract> | undefined;

  function ready(): NonNullable<typeof initialised> {
    if (!initialised) throw new Error(`createRateLimitStore: the store "${keyPrefix}" was used before its init; pass it to rateLimit({ store })`);
    return initialised;
  }

  function report(operation: RateLimitStoreProblem['operation'], error: unknown): void {
    onProblem({ code: 'RATE_LIMIT_STORE_FAILED', keyPrefix, operation, error });
  }

  /** The PostgreSQL limiter; undefined without a pool, or (reported) while its table cannot be made. */
  async function sharedLimiter(): Promise<RateLimiterAbstract | undefined> {
    if (!pool) return undefined;
    const { points, duration } = ready();
    if (!shared) {
      const made = ensureTable(pool).then(() => new RateLimiterPostgres({ storeClient: pool, storeType: 'pg', tableName: TABLE, tableCreated: true, keyPrefix, points, duration }));
      made.catch(() => {
        if (shared === made) shared = undefined;
      });
      shared = made;
    }
    try {
      return await shared;
    } catch (error) {
      report('create-table', error);
      return undefined;
    }
  }

  /** `use` on the shared limiter; on this process's own when there is none or it failed (reported). */
  async function sharedElseMemory<T>(operation: RateLimitStoreProblem['operation'], use: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> {
    const { memory } = ready();
    const limiter = await sharedLimiter();
    if (limiter) {
      try {
        return await use(limiter);
      } catch (error) {
        report(operation, error);
      }
    }
    return use(memory);
  }

  return {
    localKeys: !pool,
    // express-rate-limit tells limiters apart by it when it checks that no key is counted twice.
    prefix: `${keyPrefix}:`,

    init({ windowMs, limit }: Options) {
      if (!Number.isFinite(windowMs) || windowMs <= 0) {
        throw new Error(`createRateLimitStore: windowMs of "${keyPrefix}" must be a positive number of milliseconds, got ${windowMs}`);
      }
      // express-rate-limit compares the count with the limit itself (a function limit is known
      // only per request): points merely decide when rate-limiter-flexible rejects a consume,
      // which increment reads as a count all the same.
      const points = typeof limit === 'number' ? limit : Number.MAX_SAFE_INTEGER;
      // rate-limiter-flexible counts in seconds, fractions allowed.
      const duration = windowMs / 1000;
      initialised = { points, duration, memory: new RateLimiterMemory({ keyPrefix, points, duration }) };
      // Make the table now, so that it usually exists before the first request.
      void sharedLimiter();
    },

    /*
     * Fail-open to this instance's own count: when the database fails, the hit is counted in
     * memory and onProblem is told. The request is then neither refused for the database's sake
     * (fail-closed would turn an outage of a counter into an outage of the token route and of
     * agents' login) nor let through unlimited: each instance still applies the limit on its own,
     * which is what kefu did before its limits were shared.
     */
    async increment(key) {
      const stored = storedKey(key);
      return infoOf(await sharedElseMemory('increment', (limiter) => consume(limiter, stored)));
    },

    async decrement(key) {
      const { memory } = ready();
      const limiter = await sharedLimiter();
      // Without the shared limiter, the hit was counted in memory.
      if (!limiter) return void (await memory.reward(storedKey(key)));
      // A decrement lost to a failure leaves the count one too high: one request too few, at most.
      await limiter.reward(storedKey(key)).catch((error: unknown) => report('decrement', error));
    },

    async resetKey(key) {
      const { memory } = ready();
      const stored = storedKey(key);
      // Both: what was counted in memory during a failure is the same client's.
      await memory.delete(stored);
      const limiter = await sharedLimiter();
      await limiter?.delete(stored).catch((error: unknown) => report('resetKey', error));
    },

    async get(key) {
      const stored = storedKey(key);
      return infoOrNothing(await sharedElseMemory('get', (limiter) => limiter.get(stored)));
    },
  };
}

const tables = new WeakMap<pg.Pool, Promise<void>>();

/**
 * Makes the table once per pool, under a transaction-scoped advisory lock: rate-limiter-flexible's
 * own CREATE takes PostgreSQL's refusal of a concurrent CREATE (23505) as "made by another", and
 * its first counts then fail on a table not yet committed (and fell back to memory: a limit of 2
 * let 3 through). Here the second creator waits for the first to commit.
 */
function ensureTable(pool: pg.Pool): Promise<void> {
  let made = tables.get(pool);
  if (!made) {
    made = (async () => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`select pg_advisory_xact_lock(hashtextextended('kefu:${TABLE}', 0))`);
        await client.query(`create table if not exists ${TABLE} (key varchar(255) primary key, points integer not null default 0, expire bigint)`);
        await client.query('commit');
        client.release();
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        client.release(true);
        throw error;
      }
    })();
    made.catch(() => tables.delete(pool));
    tables.set(pool, made);
  }
  return made;
}

/** The count after one more hit: over the limit, rate-limiter-flexible rejects with it, which is no error here. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

function infoOf(res: RateLimiterRes): ClientRateLimitInfo {
  return {
    // A decrement that lands just after its window ended starts the next one at -1; express-rate-limit
    // wants a positive count, and one request more is all that costs.
    totalHits: Math.max(res.consumedPoints, 1),
    resetTime: resetTimeOf(res),
  };
}

function infoOrNothing(res: RateLimiterRes | null): ClientRateLimitInfo | undefined {
  return res ? { totalHits: res.consumedPoints, resetTime: resetTimeOf(res) } : undefined;
}

/** rate-limiter-flexible gives the time left (-1: never); express-rate-limit's headers want the instant. */
function resetTimeOf(res: RateLimiterRes): Date | undefined {
  return res.msBeforeNext >= 0 ? new Date(Date.now() + res.msBeforeNext) : undefined;
}

function storedKey(key: string): string {
  return key.length <= LONGEST_KEY ? key : `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}
