import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRateLimitStore, type RateLimitStoreProblem } from '../../src/coordination/index.js';
import { adminQuery, createTestSchema, describePostgres, dropTestSchema, testPostgresUrl, withSearchPath } from '../storage/tempDatabases.js';

/** An app on a free port of 127.0.0.1 whose one route sits behind `limiter`. */
async function serve(limiter: RequestHandler): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.get('/', limiter, (_req, res) => void res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** What express-rate-limit passes to a store's init; only windowMs and limit are read. */
function initOptions(windowMs: number, limit: number): Options {
  return { windowMs, limit } as Options;
}

const WINDOW_MS = 60_000;

/** Open apps, pools and schemas of the running test, closed and dropped after it. */
function useCleanup() {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });
  return {
    async serve(limiter: RequestHandler) {
      const app = await serve(limiter);
      closing.push(() => app.close());
      return app.url;
    },
    /** A pool whose connections use `schema` (which need not exist yet). */
    pool(schema: string): pg.Pool {
      const pool = new pg.Pool({ connectionString: withSearchPath(testPostgresUrl, schema), max: 3 });
      pool.on('error', () => undefined);
      closing.push(async () => {
        if (!pool.ending) await pool.end();
      });
      return pool;
    },
    async schema(): Promise<string> {
      const schema = await createTestSchema();
      closing.push(() => dropTestSchema(schema));
      return schema;
    },
  };
}

describe('createRateLimitStore', () => {
  const cleanup = useCleanup();

  it('refuses a keyPrefix that is not one word, naming it', () => {
    expect(() => createRateLimitStore({ keyPrefix: 'agent:login' })).toThrow(/keyPrefix .* got "agent:login"/);
    expect(() => createRateLimitStore({ keyPrefix: '' })).toThrow(/got ""/);
  });

  describe('in memory', () => {
    it('answers the 4th request of a window with 429, and the RateLimit headers count down', async () => {
      const store = createRateLimitStore({ keyPrefix: 'memory-test' });
      const url = await cleanup.serve(rateLimit({ windowMs: WINDOW_MS, limit: 3, standardHeaders: 'draft-7', legacyHeaders: false, store }));

      const responses: Response[] = [];
      for (let i = 0; i < 4; i++) responses.push(await fetch(url));

      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 429]);
      const headers = responses.map((response) => /^limit=(\d+), remaining=(\d+), reset=(\d+)$/.exec(response.headers.get('ratelimit') ?? ''));
      expect(headers.map((match) => match && [Number(match[1]), Number(match[2])])).toEqual([
        [3, 2],
        [3, 1],
        [3, 0],
        [3, 0],
      ]);
      // Seconds left in the window, counted from the store's resetTime.
      for (const match of headers) {
        expect(Number(match![3])).toBeGreaterThan(0);
        expect(Number(match![3])).toBeLessThanOrEqual(60);
      }
      expect(responses.map((response) => response.headers.get('ratelimit-policy'))).toEqual(Array(4).fill('3;w=60'));
      expect(Number(responses[3]!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    });

    it('keeps the counts of two keys apart', async () => {
      const store = createRateLimitStore({ keyPrefix: 'memory-test' });
      store.init!(initOptions(WINDOW_MS, 3));
      await store.increment('a');
      expect((await store.increment('a')).totalHits).toBe(2);
      expect((await store.increment('b')).totalHits).toBe(1);
    });
  });

  /*
   * The same specification for both kinds: `open` gives an initialised store and says what it
   * reported.
   */
  function storeBehaviour(open: (windowMs: number, limit: number) => Promise<{ store: Store; problems: RateLimitStoreProblem[] }>) {
    it('ends the window windowMs after the first hit', async () => {
      const { store, problems } = await open(WINDOW_MS, 3);
      const before = Date.now();
      const first = await store.increment('client');
      const after = Date.now();
      expect(first.totalHits).toBe(1);
      expect(first.resetTime!.getTime()).toBeGreaterThanOrEqual(before + WINDOW_MS);
      expect(first.resetTime!.getTime()).toBeLessThanOrEqual(after + WINDOW_MS);
      expect(problems).toEqual([]);
    });

    it('counts past the limit, and decrement, get and resetKey act on the count', async () => {
      const { store, problems } = await open(WINDOW_MS, 2);
      const hits = [];
      for (let i = 0; i < 4; i++) hits.push((await store.increment('client')).totalHits);
      expect(hits).toEqual([1, 2, 3, 4]);
      await store.decrement('client');
      expect((await store.get!('client'))?.totalHits).toBe(3);
      await store.resetKey('client');
      expect(await store.get!('client')).toBeUndefined();
      expect((await store.increment('client')).totalHits).toBe(1);
      expect(problems).toEqual([]);
    });

    it('counts a key too long for the table under its hash, keeping it apart from others', async () => {
      const { store, problems } = await open(WINDOW_MS, 2);
      const long = 'x'.repeat(1000);
      await store.increment(long);
      expect((await store.increment(long)).totalHits).toBe(2);
      expect((await store.increment(`${long}y`)).totalHits).toBe(1);
      expect(problems).toEqual([]);
    });
  }

  describe('store methods, in memory', () => {
    storeBehaviour(async (windowMs, limit) => {
      const problems: RateLimitStoreProblem[] = [];
      const store = createRateLimitStore({ keyPrefix: 'memory-test', onProblem: (problem) => problems.push(problem) });
      store.init!(initOptions(windowMs, limit));
      return { store, problems };
    });
  });

  describePostgres('store methods, in PostgreSQL', () => {
    storeBehaviour(async (windowMs, limit) => {
      const problems: RateLimitStoreProblem[] = [];
      const store = createRateLimitStore({ keyPrefix: 'pg-test', pool: cleanup.pool(await cleanup.schema()), onProblem: (problem) => problems.push(problem) });
      // Used at once after init, while the table is still being made: the first call waits for it.
      store.init!(initOptions(windowMs, limit));
      return { store, problems };
    });
  });

  describePostgres('in PostgreSQL', () => {
    let schema = '';
    beforeEach(async () => {
      schema = await cleanup.schema();
    });

    it('shares one limit between two instances: of 12 requests spread over both, exactly 5 pass', async () => {
      const problems: RateLimitStoreProblem[] = [];
      const instance = () =>
        cleanup.serve(
          rateLimit({
            windowMs: WINDOW_MS,
            limit: 5,
            standardHeaders: 'draft-7',
            legacyHeaders: false,
            store: createRateLimitStore({ keyPrefix: 'directline-token', pool: cleanup.pool(schema), onProblem: (problem) => problems.push(problem) }),
          }),
        );
      const urls = [await instance(), await instance()];

      // At once, so that both instances race on the count (and on making the table).
      const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => fetch(urls[i % 2]!)));

      const passed = responses.filter((response) => response.status === 200);
      expect(passed).toHaveLength(5);
      expect(responses.filter((response) => response.status === 429)).toHaveLength(7);
      // Each passing request saw its own count: nothing counted twice or lost.
      const remaining = passed.map((response) => Number(/remaining=(\d+)/.exec(response.headers.get('ratelimit') ?? '')?.[1])).sort();
      expect(remaining).toEqual([0, 1, 2, 3, 4]);
      expect(problems).toEqual([]);
    });

    it('holds every limit when several instances start on a new database at once (the table is made once, then counted in)', async () => {
      // Six instances, each its own pool, making the table at the same moment: none may count
      // in memory while another's CREATE has not committed yet.
      const urls = await Promise.all(Array.from({ length: 6 }, (_, i) => cleanup.serve(rateLimit({ windowMs: WINDOW_MS, limit: 2, store: createRateLimitStore({ keyPrefix: `start-${i}`, pool: cleanup.pool(schema) }) }))));
      const statuses = await Promise.all(urls.map(async (url) => [(await fetch(url)).status, (await fetch(url)).status, (await fetch(url)).status]));
      expect(statuses).toEqual(urls.map(() => [200, 200, 429]));
    });

    it('keeps two limiters with different keyPrefixes apart, in one table of the connection schema', async () => {
      const pool = cleanup.pool(schema);
      const limiter = (keyPrefix: string) => rateLimit({ windowMs: WINDOW_MS, limit: 2, store: createRateLimitStore({ keyPrefix, pool }) });
      const token = await cleanup.serve(limiter('directline-token'));
      const login = await cleanup.serve(limiter('agent-login'));

      const tokenStatuses = [];
      for (let i = 0; i < 3; i++) tokenStatuses.push((await fetch(token)).status);
      expect(tokenStatuses).toEqual([200, 200, 429]);
      expect((await fetch(login)).status).toBe(200);

      const { rows } = await adminQuery(`select table_schema from information_schema.tables where table_name = 'rate_limits' and table_schema in ('${schema}', 'public')`);
      expect(rows).toEqual([{ table_schema: schema }]);
      const counts = await adminQuery(`select split_part(key, ':', 1) as prefix, points from ${schema}.rate_limits order by prefix`);
      expect(counts.rows).toEqual([
        { prefix: 'agent-login', points: 1 },
        { prefix: 'directline-token', points: 3 },
      ]);
    });

    it('lets requests through under this instance’s own limit while the table cannot be made, and shares again once it can', async () => {
      const missing = `${schema}_later`;
      const problems: RateLimitStoreProblem[] = [];
      const store = createRateLimitStore({ keyPrefix: 'agent-login', pool: cleanup.pool(missing), onProblem: (problem) => problems.push(problem) });
      const url = await cleanup.serve(rateLimit({ windowMs: WINDOW_MS, limit: 3, store }));

      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(problems.length).toBeGreaterThanOrEqual(4);
      expect(problems.every((problem) => problem.code === 'RATE_LIMIT_STORE_FAILED' && problem.operation === 'create-table' && problem.keyPrefix === 'agent-login')).toBe(true);

      await adminQuery(`create schema ${missing}`);
      try {
        // The memory count is not carried over: the shared count starts at 1.
        expect((await fetch(url)).status).toBe(200);
        const { rows } = await adminQuery(`select points from ${missing}.rate_limits`);
        expect(rows).toEqual([{ points: 1 }]);
      } finally {
        await dropTestSchema(missing);
      }
    });

    it('lets a request through and reports it when the database fails a count', async () => {
      const problems: RateLimitStoreProblem[] = [];
      const pool = cleanup.pool(schema);
      const url = await cleanup.serve(rateLimit({ windowMs: WINDOW_MS, limit: 3, store: createRateLimitStore({ keyPrefix: 'agent-login', pool, onProblem: (problem) => problems.push(problem) }) }));
      expect((await fetch(url)).status).toBe(200);
      expect(problems).toEqual([]);

      await pool.end();
      expect((await fetch(url)).status).toBe(200);
      expect(problems).toEqual([expect.objectContaining({ code: 'RATE_LIMIT_STORE_FAILED', keyPrefix: 'agent-login', operation: 'increment' })]);
    });
  });
});
