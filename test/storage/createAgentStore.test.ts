import { describe, expect, it } from 'vitest';
import {
  StorageError,
  createAgentSessionStore,
  createAgentStore,
  type AgentStore,
  type NewAgent,
  type NewAgentSession,
} from '../../src/storage/index.js';
import type { NewLoginFailure } from '../../src/storage/createAgentStore.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  async function openStore(): Promise<AgentStore> {
    return createAgentStore((await temp.open()).db);
  }

  const agent = (username: string, extra: Partial<NewAgent> = {}): NewAgent => ({
    username,
    displayName: `客服 ${username}`,
    passwordHash: `scrypt$hash-of-${username}`,
    createdAt: '2026-03-01T08:00:00.000Z',
    ...extra,
  });

  /** The rejection of `promise`, which must reject. */
  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => error,
    );
  }

  describe('createAgentStore', () => {
    it('adds an agent, enabled and never signed in, and reads it back by id', async () => {
      const store = await openStore();

      const added = await store.add(agent('li'));

      expect(added).toEqual({
        id: expect.any(Number),
        username: 'li',
        displayName: '客服 li',
        passwordHash: 'scrypt$hash-of-li',
        disabled: false,
        role: 'agent',
        failedLogins: 0,
        lockedUntil: null,
        createdAt: '2026-03-01T08:00:00.000Z',
        lastLoginAt: null,
      });
      expect(await store.byId(added.id)).toEqual(added);
      expect(await store.byId(added.id + 1)).toBeUndefined();
    });

    it('stores the username lower-cased and finds it in any case', async () => {
      const store = await openStore();

      const added = await store.add(agent('LiNa'));

      expect(added.username).toBe('lina');
      expect(await store.byUsername('LINA')).toEqual(added);
      expect(await store.byUsername('lina')).toEqual(added);
      expect(await store.byUsername('wang')).toBeUndefined();
    });

    it('throws STORAGE_DUPLICATE naming the username when it is taken in another case', async () => {
      const store = await openStore();
      await store.add(agent('lina'));

      const error = await rejection(store.add(agent('LiNa', { displayName: 'someone else' })));

      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ code: 'STORAGE_DUPLICATE', message: expect.stringContaining('lina') });
      expect((await store.list()).map((stored) => stored.displayName)).toEqual(['客服 lina']);
    });

    it('lists every agent by username', async () => {
      const store = await openStore();
      for (const username of ['zhao', 'li', 'wang']) await store.add(agent(username));

      expect((await store.list()).map((stored) => stored.username)).toEqual(['li', 'wang', 'zhao']);
    });

    it('disables and enables an agent, and returns undefined for an unknown one', async () => {
      const store = await openStore();
      const { id } = await store.add(agent('li'));

      expect(await store.setDisabled(id, true)).toMatchObject({ id, disabled: true });
      expect(await store.byId(id)).toMatchObject({ disabled: true });
      expect(await store.setDisabled(id, false)).toMatchObject({ id, disabled: false });
      expect(await store.setDisabled(9999, true)).toBeUndefined();
    });

    it('writes only the sign-in fields given', async () => {
      const store = await openStore();
      const { id } = await store.add(agent('li'));

      await store.updateLogin(id, { failedLogins: 5, lockedUntil: '2026-03-01T08:15:00.000Z' });
      expect(await store.byId(id)).toMatchObject({ failedLogins: 5, lockedUntil: '2026-03-01T08:15:00.000Z', lastLoginAt: null });

      await store.updateLogin(id, { lastLoginAt: '2026-03-01T09:00:00.000Z' });
      expect(await store.byId(id)).toMatchObject({ failedLogins: 5, lockedUntil: '2026-03-01T08:15:00.000Z', lastLoginAt: '2026-03-01T09:00:00.000Z' });

      await store.updateLogin(id, { failedLogins: 0, lockedUntil: null });
      await store.updateLogin(id, {});
      expect(await store.byId(id)).toMatchObject({ failedLogins: 0, lockedUntil: null, lastLoginAt: '2026-03-01T09:00:00.000Z' });
    });

    it('sets a new password hash and clears the failed sign-ins and the lock', async () => {
      const store = await openStore();
      const { id } = await store.add(agent('li'));
      await store.updateLogin(id, { failedLogins: 5, lockedUntil: '2026-03-01T08:15:00.000Z' });

      const changed = await store.setPasswordHash(id, 'scrypt$new');

      expect(changed).toMatchObject({ passwordHash: 'scrypt$new', failedLogins: 0, lockedUntil: null });
      expect(await store.byId(id)).toEqual(changed);
      expect(await store.setPasswordHash(9999, 'scrypt$new')).toBeUndefined();
    });
  });

  describe('createAgentSessionStore', () => {
    const session = (tokenHash: string, agentId: number, extra: Partial<NewAgentSession> = {}): NewAgentSession => ({
      tokenHash,
      agentId,
      kind: 'cookie',
      csrfToken: `csrf-${tokenHash}`,
      createdAt: '2026-03-01T08:00:00.000Z',
      expiresAt: '2026-03-01T20:00:00.000Z',
      ...extra,
    });

    async function open() {
      const { db } = await temp.open();
      const agents = createAgentStore(db);
      const [li, wang] = [(await agents.add(agent('li'))).id, (await agents.add(agent('wang'))).id];
      return { sessions: createAgentSessionStore(db), li, wang };
    }

    it('finds a session by its token hash until it expires', async () => {
      const { sessions, li } = await open();

      const created = await sessions.create(session('h1', li, { kind: 'bearer', csrfToken: null }));

      expect(created).toEqual(session('h1', li, { kind: 'bearer', csrfToken: null }));
      expect(await sessions.find('h1', '2026-03-01T19:59:59.999Z')).toEqual(created);
      expect(await sessions.find('h1', '2026-03-01T20:00:00.000Z')).toBeUndefined();
      expect(await sessions.find('unknown', '2026-03-01T08:00:00.000Z')).toBeUndefined();
    });

    it('throws STORAGE_DUPLICATE when a session has the token hash already', async () => {
      const { sessions, li, wang } = await open();
      await sessions.create(session('h1', li));

      const error = await rejection(sessions.create(session('h1', wang)));

      expect(error).toMatchObject({ code: 'STORAGE_DUPLICATE' });
      expect(await sessions.find('h1', '2026-03-01T08:00:00.000Z')).toMatchObject({ agentId: li });
    });

    it('throws STORAGE_FAILED for an agent that does not exist', async () => {
      const { sessions } = await open();

      await expect(sessions.create(session('h1', 9999))).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('9999') });
    });

    it('deletes one session, and ignores a hash it does not know', async () => {
      const { sessions, li } = await open();
      await sessions.create(session('h1', li));
      await sessions.create(session('h2', li));

      await sessions.delete('h1');
      await sessions.delete('unknown');

      expect(await sessions.find('h1', '2026-03-01T08:00:00.000Z')).toBeUndefined();
      expect(await sessions.find('h2', '2026-03-01T08:00:00.000Z')).toBeDefined();
    });

    it('deletes every session of one agent and counts them', async () => {
      const { sessions, li, wang } = await open();
      for (const hash of ['h1', 'h2']) await sessions.create(session(hash, li));
      await sessions.create(session('h3', wang));

      expect(await sessions.deleteForAgent(li)).toBe(2);
      expect(await sessions.deleteForAgent(li)).toBe(0);
      expect(await sessions.find('h1', '2026-03-01T08:00:00.000Z')).toBeUndefined();
      expect(await sessions.find('h3', '2026-03-01T08:00:00.000Z')).toBeDefined();
    });

    it('deletes the sessions expired at a time and counts them', async () => {
      const { sessions, li } = await open();
      await sessions.create(session('ended', li, { expiresAt: '2026-03-01T09:00:00.000Z' }));
      await sessions.create(session('ending-now', li, { expiresAt: '2026-03-01T10:00:00.000Z' }));
      await sessions.create(session('live', li, { expiresAt: '2026-03-01T11:00:00.000Z' }));

      expect(await sessions.deleteExpired('2026-03-01T10:00:00.000Z')).toBe(2);
      expect(await sessions.find('live', '2026-03-01T10:00:00.000Z')).toBeDefined();
    });
  });

  describe('createAgentStore sign-in throttling', () => {
    const T0 = Date.parse('2026-03-01T08:00:00.000Z');
    const iso = (ms: number) => new Date(ms).toISOString();
    // Small numbers, so that each rule is seen whole: 2 free per address, 4 per account.
    const perAddress = { freeAttempts: 2, firstDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000 };
    const perAccount = { freeAttempts: 4, firstDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 120_000 };
    const attempt = (username: string, address: string, ms: number) => ({ username, address, at: iso(ms), perAddress, perAccount });

    it('lets the free attempts pass, then waits twice as long after each further one, up to the longest wait', async () => {
      const store = await openStore();
      let now = T0;
      for (let i = 0; i < 2; i++) expect(await store.claimLoginAttempt(attempt('wang', '203.0.113.9', now))).toEqual({ allowed: true });
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) {
        expect(await store.claimLoginAttempt(attempt('wang', '203.0.113.9', now))).toEqual({ allowed: true });
        // A second attempt at once is refused, and says how long the first one made it wait.
        const refused = await store.claimLoginAttempt(attempt('wang', '203.0.113.9', now));
        const wait = refused.allowed ? 0 : Date.parse(refused.waitUntil) - now;
        waits.push(wait);
        now += wait;
      }

      expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
    });

    it('counts nothing while it refuses, and lets the next attempt in exactly when the wait ends', async () => {
      const store = await openStore();
      for (let i = 0; i < 3; i++) await store.claimLoginAttempt(attempt('wang', 'a', T0));

      for (let i = 0; i < 5; i++) expect(await store.claimLoginAttempt(attempt('wang', 'a', T0 + 999))).toEqual({ allowed: false, waitUntil: iso(T0 + 1000) });
      expect(await store.claimLoginAttempt(attempt('wang', 'a', T0 + 1000))).toEqual({ allowed: true });
      // The fourth attempt: the wait after it is the second step, not the tenth.
      expect(await store.claimLoginAttempt(attempt('wang', 'a', T0 + 1000))).toEqual({ allowed: false, waitUntil: iso(T0 + 3000) });
    });

    it('keeps one address waiting while another address on the same name goes on', async () => {
      const store = await openStore();
      for (let i = 0; i < 3; i++) await store.claimLoginAttempt(attempt('wang', 'attacker', T0));

      expect((await store.claimLoginAttempt(attempt('wang', 'attacker', T0))).allowed).toBe(false);
      expect(await store.claimLoginAttempt(attempt('wang', 'office', T0))).toEqual({ allowed: true });
      expect(await store.claimLoginAttempt(attempt('zhao', 'attacker', T0))).toEqual({ allowed: true });
    });

    it('makes every address wait once the account as a whole is past its free attempts', async () => {
      const store = await openStore();
      for (const address of ['a', 'b', 'c', 'd', 'e']) expect(await store.claimLoginAttempt(attempt('wang', address, T0))).toEqual({ allowed: true });

      expect(await store.claimLoginAttempt(attempt('WANG', 'f', T0))).toEqual({ allowed: false, waitUntil: iso(T0 + 1000) });
      expect(await store.claimLoginAttempt(attempt('zhao', 'f', T0))).toEqual({ allowed: true });
    });

    it('adds nothing to the account while the address itself waits, so hammering from one address cannot slow the others', async () => {
      const store = await openStore();
      for (let i = 0; i < 3; i++) await store.claimLoginAttempt(attempt('wang', 'attacker', T0));
      for (let i = 0; i < 20; i++) await store.claimLoginAttempt(attempt('wang', 'attacker', T0));

      expect(await store.claimLoginAttempt(attempt('wang', 'office', T0))).toEqual({ allowed: true });
    });

    it('starts afresh once a count has been idle for longer than its rule forgets', async () => {
      const store = await openStore();
      for (let i = 0; i < 3; i++) await store.claimLoginAttempt(attempt('wang', 'a', T0));

      const later = T0 + perAccount.forgetAfterMs;
      for (let i = 0; i < 3; i++) expect(await store.claimLoginAttempt(attempt('wang', 'a', later))).toEqual({ allowed: true });
      expect((await store.claimLoginAttempt(attempt('wang', 'a', later))).allowed).toBe(false);
    });

    it('counts names lower-cased and cut to 64 characters, known or not', async () => {
      const store = await openStore();
      const long = 'N'.repeat(64);
      for (const name of [long + 'a', long.toLowerCase() + 'b', long + 'c']) await store.claimLoginAttempt(attempt(name, 'a', T0));

      expect(await store.claimLoginAttempt(attempt(long + 'zzz', 'a', T0))).toEqual({ allowed: false, waitUntil: iso(T0 + 1000) });
    });

    it('clears the count of one address, or of every address and the account', async () => {
      const store = await openStore();
      for (const address of ['a', 'a', 'a', 'b', 'b']) await store.claimLoginAttempt(attempt('wang', address, T0));

      await store.clearLoginAttempts('Wang', 'a');
      expect(await store.claimLoginAttempt(attempt('wang', 'a', T0))).toEqual({ allowed: false, waitUntil: iso(T0 + 1000) });
      await store.clearLoginAttempts('WANG');
      for (let i = 0; i < 3; i++) expect(await store.claimLoginAttempt(attempt('wang', 'a', T0))).toEqual({ allowed: true });
    });

    it('lets exactly as many parallel attempts through two connections (two processes) as the rules allow', async () => {
      const first = createAgentStore((await temp.open()).db);
      const second = createAgentStore((await temp.open()).db);

      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).claimLoginAttempt(attempt('wang', 'a', T0))));

      // Two free, and the third (which starts the first wait).
      expect(results.filter((r) => r.allowed)).toHaveLength(3);
      expect(results.filter((r) => !r.allowed)).toEqual(Array.from({ length: 7 }, () => ({ allowed: false, waitUntil: iso(T0 + 1000) })));
    });
  });

  describe('createAgentStore refused sign-ins', () => {
    const failure = (username: string, at: string, extra: Partial<NewLoginFailure> = {}): NewLoginFailure => ({ username, address: '203.0.113.9', reason: 'bad_password', at, ...extra });

    it('keeps refused sign-ins and lists those since a time, newest first, at most the limit', async () => {
      const store = await openStore();
      await store.recordLoginFailure(failure('wang', '2026-03-01T08:00:00.000Z'));
      await store.recordLoginFailure(failure('Nobody', '2026-03-01T09:00:00.000Z', { reason: 'unknown_user', address: '::1' }));
      await store.recordLoginFailure(failure('wang', '2026-03-01T10:00:00.000Z', { reason: 'throttled' }));

      expect(await store.listLoginFailures({ since: '2026-03-01T09:00:00.000Z', limit: 10 })).toEqual([
        { id: 3, username: 'wang', address: '203.0.113.9', reason: 'throttled', at: '2026-03-01T10:00:00.000Z' },
        { id: 2, username: 'nobody', address: '::1', reason: 'unknown_user', at: '2026-03-01T09:00:00.000Z' },
      ]);
      expect((await store.listLoginFailures({ since: '2026-01-01T00:00:00.000Z', limit: 1 })).map((f) => f.id)).toEqual([3]);
    });

    it('keeps the name typed lower-cased and cut to 64 characters', async () => {
      const store = await openStore();
      await store.recordLoginFailure(failure('X'.repeat(100), '2026-03-01T08:00:00.000Z'));

      expect((await store.listLoginFailures({ since: '2026-03-01T00:00:00.000Z', limit: 1 }))[0]?.username).toBe('x'.repeat(64));
    });

    it('prunes failures older than a time or beyond the newest N, and idle counts that hold no wait', async () => {
      const { db } = await temp.open();
      const store = createAgentStore(db);
      for (const hour of ['01', '02', '03', '04', '05']) await store.recordLoginFailure(failure('wang', `2026-03-01T${hour}:00:00.000Z`));
      const T0 = Date.parse('2026-03-01T05:00:00.000Z');
      const rule = { freeAttempts: 0, firstDelayMs: 3_600_000, maxDelayMs: 3_600_000, forgetAfterMs: 7_200_000 };
      await store.claimLoginAttempt({ username: 'idle', address: 'a', at: '2026-03-01T01:00:00.000Z', perAddress: { ...rule, firstDelayMs: 1000, maxDelayMs: 1000 }, perAccount: { ...rule, freeAttempts: 9 } });
      await store.claimLoginAttempt({ username: 'waiting', address: 'a', at: '2026-03-01T04:30:00.000Z', perAddress: rule, perAccount: { ...rule, freeAttempts: 9 } });

      const pruned = await store.pruneLoginRecords({ at: new Date(T0).toISOString(), failuresBefore: '2026-03-01T02:00:00.000Z', keepFailures: 3, countsIdleBefore: '2026-03-01T04:45:00.000Z' });

      expect(pruned).toEqual({ failures: 2, counts: 3 });
      expect((await store.listLoginFailures({ since: '2026-01-01T00:00:00.000Z', limit: 10 })).map((f) => f.at.slice(11, 13))).toEqual(['05', '04', '03']);
      // Every count is idle since 04:45, but the per-address one of "waiting" holds a wait until 05:30.
      expect(await db.selectFrom('login_throttle').select(['username', 'address']).execute()).toEqual([{ username: 'waiting', address: 'a' }]);
    });
  });
});
