import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAgentDirectory, HandoffError, type AgentDirectoryOptions } from '../../src/handoff/index.js';
import { createAgentSessionStore, createAgentStore, type KefuDatabase } from '../../src/storage/index.js';
import { sql } from 'kysely';
import { useTempDatabases } from '../storage/tempDatabases.js';

const temp = useTempDatabases();
const PASSWORD = 'correct-horse-1';

type DirectoryOptions = Omit<AgentDirectoryOptions, 'agents' | 'sessions' | 'now'>;

/** A directory on a fresh database, with a clock the test moves. */
async function setUp(options: DirectoryOptions = {}) {
  const database = await temp.open();
  let time = Date.parse('2026-03-02T01:00:00.000Z');
  const now = () => new Date(time);
  const directory = createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db), now, passwordCost: TEST_PASSWORD_COST, ...options });
  return {
    database,
    directory,
    now,
    /** Another directory on the same file through its own connection, as another process has. */
    async another(more: DirectoryOptions = {}) {
      const other = await temp.open();
      return createAgentDirectory({ agents: createAgentStore(other.db), sessions: createAgentSessionStore(other.db), now, passwordCost: TEST_PASSWORD_COST, ...options, ...more });
    },
    advance: (minutes: number) => {
      time += minutes * 60_000;
    },
    advanceSeconds: (seconds: number) => {
      time += seconds * 1000;
    },
  };
}

const ATTACKER = { address: '203.0.113.9' };
const OFFICE = { address: '198.51.100.7' };

/** The HandoffError `promise` rejects with; fails the test when it resolves or rejects with another error. */
async function errorOf(promise: Promise<unknown>): Promise<HandoffError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandoffError);
  return error as HandoffError;
}

const codeOf = async (promise: Promise<unknown>) => (await errorOf(promise)).code;

/** What a refusal says: all a client can tell apart. */
const answerOf = async (promise: Promise<unknown>) => {
  const { code, message, details } = await errorOf(promise);
  return { code, message, details };
};

const sessionRows = (database: KefuDatabase) => database.db.selectFrom('agent_sessions').selectAll().execute();

describe('createAgentDirectory', () => {
  describe('add, list and get', () => {
    it('adds an agent, lower-cased, whose display name defaults to the username, and never shows the hash', async () => {
      const { directory } = await setUp();

      const wang = await directory.add({ username: 'Wang.Li', displayName: '王丽', password: PASSWORD });
      const zhao = await directory.add({ username: 'zhao', password: PASSWORD });

      expect(wang).toEqual({ id: wang.id, username: 'wang.li', displayName: '王丽', disabled: false, role: 'agent', lastLoginAt: null });
      expect(zhao.displayName).toBe('zhao');
      expect(await directory.list()).toEqual([wang, zhao]);
      expect(await directory.get('WANG.LI')).toEqual(wang);
      expect(await directory.get(zhao.id)).toEqual(zhao);
      expect(await directory.get('nobody')).toBeUndefined();
      expect(await directory.get(9999)).toBeUndefined();
    });

    it('refuses a username taken in another case', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      expect(await codeOf(directory.add({ username: 'WANG', password: PASSWORD }))).toBe('HANDOFF_AGENT_EXISTS');
    });

    it.each([
      ['a one-letter username', { username: 'w', password: PASSWORD }],
      ['a username with a space', { username: 'wang li', password: PASSWORD }],
      ['a Chinese username', { username: '王丽', password: PASSWORD }],
      ['a 33-character username', { username: 'w'.repeat(33), password: PASSWORD }],
      ['a short password', { username: 'wang', password: 'short' }],
      ['an empty display name', { username: 'wang', displayName: '  ', password: PASSWORD }],
      ['a display name on two lines', { username: 'wang', displayName: '王\n丽', password: PASSWORD }],
    ])('refuses %s', async (_what, input) => {
      const { directory } = await setUp();

      expect(await codeOf(directory.add(input))).toBe('HANDOFF_BAD_INPUT');
      expect(await directory.list()).toEqual([]);
    });
  });

  describe('login and sessions', () => {
    it('opens a cookie session with a CSRF token, and a bearer session without', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', displayName: '王丽', password: PASSWORD });

      const cookie = await directory.login('Wang', PASSWORD, 'cookie');
      const bearer = await directory.login('wang', PASSWORD, 'bearer');

      expect(cookie.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookie.session).toMatchObject({ kind: 'cookie', expiresAt: '2026-03-02T13:00:00.000Z', agent: { username: 'wang', displayName: '王丽', lastLoginAt: '2026-03-02T01:00:00.000Z' } });
      expect(cookie.session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(bearer.session).toMatchObject({ kind: 'bearer', csrfToken: null });
      expect(bearer.token).not.toBe(cookie.token);
      expect(await directory.authenticate(cookie.token)).toEqual(cookie.session);
      expect(await directory.authenticate(bearer.token)).toEqual(bearer.session);
      expect((await directory.get('wang'))?.lastLoginAt).toBe('2026-03-02T01:00:00.000Z');
    });

    it('stores only the SHA-256 of a token', async () => {
      const { directory, database } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      const { token } = await directory.login('wang', PASSWORD, 'cookie');

      const rows = await sessionRows(database);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('ends a session at its expiry time', async () => {
      const { directory, advance } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      const { token } = await directory.login('wang', PASSWORD, 'bearer');

      advance(12 * 60 - 1);
      expect(await directory.authenticate(token)).toBeDefined();
      advance(1);
      expect(await directory.authenticate(token)).toBeUndefined();
    });

    it('ends one session on logout, leaving the others', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      const first = await directory.login('wang', PASSWORD, 'cookie');
      const second = await directory.login('wang', PASSWORD, 'cookie');

      await directory.logout(first.token);

      expect(await directory.authenticate(first.token)).toBeUndefined();
      expect(await directory.authenticate(second.token)).toBeDefined();
      await expect(directory.logout('not-a-token')).resolves.toBeUndefined();
    });

    it.each(['', 'x', 'not-a-token-at-all', 'A'.repeat(43), 'A'.repeat(10_000)])('opens nothing for the token %j', async (token) => {
      const { directory } = await setUp();

      expect(await directory.authenticate(token)).toBeUndefined();
    });
  });

  describe('refused logins', () => {
    it('says the same for a wrong password, an unknown user and a disabled agent', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      await directory.add({ username: 'zhao', password: PASSWORD });
      await directory.setDisabled('zhao', true);

      const errors = await Promise.all(
        [directory.login('wang', 'wrong-password', 'cookie'), directory.login('nobody', PASSWORD, 'cookie'), directory.login('zhao', PASSWORD, 'cookie'), directory.login('bad name!', PASSWORD, 'cookie')].map(errorOf),
      );

      for (const error of errors) {
        expect(error).toMatchObject({ code: 'HANDOFF_BAD_CREDENTIALS', message: 'kefu handoff: 用户名或密码错误 / wrong username or password' });
      }
    });

    it('spends a password check on an unknown user too', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      const time = async (username: string) => {
        const start = performance.now();
        await directory.login(username, 'wrong-password', 'bearer').catch(() => undefined);
        return performance.now() - start;
      };
      const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;

      const wrongPassword = median([await time('wang'), await time('wang'), await time('wang')]);
      const unknownUser = median([await time('nobody'), await time('nobody'), await time('nobody')]);

      // A refusal without scrypt takes a few milliseconds; with it, tens to hundreds.
      expect(unknownUser).toBeGreaterThan(wrongPassword / 3);
    });

    it('answers an unknown name, a disabled agent and a real one alike, attempt after attempt, waits included', async () => {
      const { directory, advanceSeconds } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      await directory.add({ username: 'zhao', password: PASSWORD });
      await directory.setDisabled('zhao', true);

      const answers = async (username: string) => {
        const seen = [];
        for (let i = 0; i < 8; i++) seen.push(await answerOf(directory.login(username, 'wrong-password', 'cookie', ATTACKER)));
        advanceSeconds(1);
        seen.push(await answerOf(directory.login(username, 'wrong-password', 'cookie', ATTACKER)), await answerOf(directory.login(username, 'wrong-password', 'cookie', ATTACKER)));
        return seen;
      };
      const wang = await answers('wang');

      expect(wang.map((a) => a.code)).toEqual([...Array<string>(6).fill('HANDOFF_BAD_CREDENTIALS'), 'HANDOFF_THROTTLED', 'HANDOFF_THROTTLED', 'HANDOFF_BAD_CREDENTIALS', 'HANDOFF_THROTTLED']);
      expect(await answers('nobody')).toEqual(wang);
      expect(await answers('zhao')).toEqual(wang);
      expect(await answers('NOBODY-else')).toEqual(wang);
    });

    it('makes each attempt past the fifth from one address wait twice as long as the one before: 1 s, 2 s, 4 s ... up to 15 minutes', async () => {
      const { directory, advanceSeconds } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      for (let i = 0; i < 5; i++) expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie', ATTACKER))).toBe('HANDOFF_BAD_CREDENTIALS');

      const waits: number[] = [];
      for (let i = 0; i < 12; i++) {
        expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie', ATTACKER))).toBe('HANDOFF_BAD_CREDENTIALS');
        // Even the right password waits: during a wait nothing is checked.
        const refused = await errorOf(directory.login('wang', PASSWORD, 'cookie', ATTACKER));
        expect(refused.code).toBe('HANDOFF_THROTTLED');
        waits.push(refused.details.retryAfterSeconds!);
        advanceSeconds(refused.details.retryAfterSeconds!);
      }

      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    });

    it('says how long to wait, in Chinese then English', async () => {
      const { directory, advanceSeconds } = await setUp({ freeAttemptsPerAddress: 0, firstDelaySeconds: 1, maxDelaySeconds: 900 });
      await directory.add({ username: 'wang', password: PASSWORD });
      await directory.login('wang', 'wrong-password', 'cookie', ATTACKER).catch(() => undefined);

      expect((await errorOf(directory.login('wang', PASSWORD, 'cookie', ATTACKER))).message).toBe('kefu handoff: 登录尝试过多，请 1 秒后再试 / too many login attempts: try again in 1 second');
      for (const wait of [1, 2, 4, 8, 16, 32, 64, 128]) {
        advanceSeconds(wait);
        await directory.login('wang', 'wrong-password', 'cookie', ATTACKER).catch(() => undefined);
      }
      expect((await errorOf(directory.login('wang', PASSWORD, 'cookie', ATTACKER))).message).toBe('kefu handoff: 登录尝试过多，请 5 分钟后再试 / too many login attempts: try again in 5 minutes');
    });

    it('never makes the real agent at another address wait for the guesses of someone else', async () => {
      const { directory, advanceSeconds } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      for (let i = 0; i < 10; i++) {
        const refused = await errorOf(directory.login('wang', 'wrong-password', 'cookie', ATTACKER));
        if (refused.code === 'HANDOFF_THROTTLED') advanceSeconds(refused.details.retryAfterSeconds!);
      }
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie', ATTACKER))).toBe('HANDOFF_THROTTLED');

      const { session } = await directory.login('wang', PASSWORD, 'cookie', OFFICE);

      expect(session.agent.username).toBe('wang');
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie', ATTACKER))).toBe('HANDOFF_THROTTLED');
    });

    it('no longer locks anyone out, even with a lock written by an older kefu', async () => {
      const { directory, database } = await setUp();
      const agent = await directory.add({ username: 'wang', password: PASSWORD });
      await createAgentStore(database.db).updateLogin(agent.id, { failedLogins: 5, lockedUntil: '2099-01-01T00:00:00.000Z' });

      await expect(directory.login('wang', PASSWORD, 'cookie', OFFICE)).resolves.toBeDefined();
    });

    it('counts afresh for an address after a successful sign-in from it', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      for (let i = 0; i < 5; i++) await directory.login('wang', 'wrong-password', 'cookie', OFFICE).catch(() => undefined);
      await directory.login('wang', PASSWORD, 'cookie', OFFICE);
      for (let i = 0; i < 6; i++) expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie', OFFICE))).toBe('HANDOFF_BAD_CREDENTIALS');
      expect(await answerOf(directory.login('wang', PASSWORD, 'cookie', OFFICE))).toMatchObject({ code: 'HANDOFF_THROTTLED', details: { retryAfterSeconds: 1 } });
    });

    it('counts an IPv6 client by its /64 and an IPv4 one on a dual-stack server by its IPv4 address', async () => {
      const { directory } = await setUp({ freeAttemptsPerAddress: 1 });
      await directory.add({ username: 'wang', password: PASSWORD });

      await directory.login('wang', 'wrong-password', 'cookie', { address: '2001:db8:1:2::1' }).catch(() => undefined);
      await directory.login('wang', 'wrong-password', 'cookie', { address: '2001:db8:1:2:ffff:0:0:7' }).catch(() => undefined);
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie', { address: '2001:0db8:0001:0002:aaaa::9' }))).toBe('HANDOFF_THROTTLED');
      await expect(directory.login('wang', PASSWORD, 'cookie', { address: '2001:db8:1:3::1' })).resolves.toBeDefined();

      await directory.login('wang', 'wrong-password', 'cookie', { address: '::ffff:192.0.2.1' }).catch(() => undefined);
      await directory.login('wang', 'wrong-password', 'cookie', { address: '192.0.2.1' }).catch(() => undefined);
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie', { address: '::ffff:192.0.2.1' }))).toBe('HANDOFF_THROTTLED');
    });

    it('slows every address once the account as a whole has had too many attempts without an hour of quiet', async () => {
      const { directory, advance, advanceSeconds } = await setUp({ freeAttemptsPerAccount: 4 });
      await directory.add({ username: 'wang', password: PASSWORD });
      const from = (n: number) => ({ address: `192.0.2.${n}` });

      for (let n = 1; n <= 5; n++) expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie', from(n)))).toBe('HANDOFF_BAD_CREDENTIALS');
      expect(await answerOf(directory.login('wang', PASSWORD, 'cookie', OFFICE))).toMatchObject({ code: 'HANDOFF_THROTTLED', details: { retryAfterSeconds: 1 } });
      advanceSeconds(1);
      expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie', from(6)))).toBe('HANDOFF_BAD_CREDENTIALS');
      expect(await answerOf(directory.login('wang', PASSWORD, 'cookie', OFFICE))).toMatchObject({ code: 'HANDOFF_THROTTLED', details: { retryAfterSeconds: 2 } });
      // Other names are not slowed.
      expect(await codeOf(directory.login('zhao', 'wrong-password', 'cookie', from(1)))).toBe('HANDOFF_BAD_CREDENTIALS');

      advance(60);
      await expect(directory.login('wang', PASSWORD, 'cookie', OFFICE)).resolves.toBeDefined();
    });

    it('lets exactly six of eight parallel guesses from one address reach the password check', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      const codes = await Promise.all(Array.from({ length: 8 }, () => codeOf(directory.login('wang', 'wrong-password', 'bearer', ATTACKER))));

      expect(codes.filter((c) => c === 'HANDOFF_BAD_CREDENTIALS')).toHaveLength(6);
      expect(codes.filter((c) => c === 'HANDOFF_THROTTLED')).toHaveLength(2);
    });

    it('counts in the database: two directories on one file (two processes) share the counts, in parallel too', async () => {
      const { directory, another, advanceSeconds } = await setUp();
      const second = await another();
      await directory.add({ username: 'wang', password: PASSWORD });

      const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => codeOf((i % 2 === 0 ? directory : second).login('wang', 'wrong-password', 'bearer', ATTACKER))));
      expect(codes.filter((c) => c === 'HANDOFF_BAD_CREDENTIALS')).toHaveLength(6);

      advanceSeconds(1);
      expect(await codeOf(second.login('wang', 'wrong-password', 'bearer', ATTACKER))).toBe('HANDOFF_BAD_CREDENTIALS');
      expect(await answerOf(directory.login('wang', PASSWORD, 'bearer', ATTACKER))).toMatchObject({ code: 'HANDOFF_THROTTLED', details: { retryAfterSeconds: 2 } });
      await expect(second.login('wang', PASSWORD, 'bearer', OFFICE)).resolves.toBeDefined();
      expect(await directory.failures({ since: new Date(0), limit: 100 })).toHaveLength(12);
    });
  });

  describe('the log of refused sign-ins', () => {
    it('keeps each refusal with the name typed, the address and the reason, newest first, and never the password', async () => {
      const { directory, database, advance } = await setUp({ freeAttemptsPerAddress: 1 });
      await directory.add({ username: 'wang', password: PASSWORD });
      await directory.add({ username: 'zhao', password: PASSWORD });
      await directory.setDisabled('zhao', true);

      await directory.login('Nobody', 'secret-guess-1', 'cookie', ATTACKER).catch(() => undefined);
      advance(1);
      await directory.login('zhao', PASSWORD, 'cookie', ATTACKER).catch(() => undefined);
      advance(1);
      await directory.login('WANG', 'secret-guess-2', 'cookie', ATTACKER).catch(() => undefined);
      await directory.login('wang', 'secret-guess-3', 'cookie', ATTACKER).catch(() => undefined);
      await directory.login('wang', 'secret-guess-4', 'cookie', ATTACKER).catch(() => undefined);
      await directory.login('wang', PASSWORD, 'cookie', OFFICE);
      await directory.login('w'.repeat(70), 'secret-guess-5', 'cookie').catch(() => undefined);

      expect(await directory.failures({ since: new Date('2026-03-02T01:01:00.000Z') })).toEqual([
        { username: 'w'.repeat(64), address: 'unknown', reason: 'unknown_user', at: '2026-03-02T01:02:00.000Z' },
        { username: 'wang', address: ATTACKER.address, reason: 'throttled', at: '2026-03-02T01:02:00.000Z' },
        { username: 'wang', address: ATTACKER.address, reason: 'bad_password', at: '2026-03-02T01:02:00.000Z' },
        { username: 'wang', address: ATTACKER.address, reason: 'bad_password', at: '2026-03-02T01:02:00.000Z' },
        { username: 'zhao', address: ATTACKER.address, reason: 'disabled', at: '2026-03-02T01:01:00.000Z' },
      ]);
      expect(await directory.failures({ since: new Date(0), limit: 1 })).toHaveLength(1);
      expect((await directory.failures({ since: new Date(0) })).at(-1)).toMatchObject({ username: 'nobody', reason: 'unknown_user' });
      const everything = JSON.stringify(await database.db.selectFrom('login_failures').selectAll().execute());
      expect(everything).not.toMatch(/secret-guess|correct-horse/);
    });

    it('prunes refusals past their days or beyond the most rows, and idle counts, every thousandth refusal', async () => {
      const { directory, database } = await setUp({ failureLogDays: 90, failureLogMaxRows: 2 });
      // Refusals 997 and 998 from an older kefu, one of them 100 days old; the next two are 999 and 1000.
      await database.db
        .insertInto('login_failures')
        .values([
          { id: 997, username: 'old', address: 'x', reason: 'bad_password', created_at: '2025-11-22T00:00:00.000Z' },
          { id: 998, username: 'recent', address: 'x', reason: 'bad_password', created_at: '2026-03-01T00:00:00.000Z' },
        ])
        .execute();
      await database.db.insertInto('login_throttle').values({ username: 'idle', address: 'x', attempts: 3, last_attempt_ms: 0, wait_until_ms: 0 }).execute();
      // PostgreSQL's sequence does not follow ids given by hand, as SQLite's autoincrement does.
      if (database.dialect === 'postgres') await sql`select setval(pg_get_serial_sequence('login_failures', 'id'), 998)`.execute(database.db);

      await directory.login('nobody', 'wrong-password', 'cookie', ATTACKER).catch(() => undefined);
      expect(await directory.failures({ since: new Date(0) })).toHaveLength(3);
      await directory.login('nobody', 'wrong-password', 'cookie', ATTACKER).catch(() => undefined);

      expect(await database.db.selectFrom('login_failures').select('id').orderBy('id').execute()).toEqual([{ id: 999 }, { id: 1000 }]);
      expect(await database.db.selectFrom('login_throttle').select('username').where('username', '=', 'idle').execute()).toEqual([]);
    });
  });

  describe('disable, enable and reset the password', () => {
    it('ends every session of a disabled agent and refuses its logins until enabled', async () => {
      const { directory, database } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      await directory.add({ username: 'zhao', password: PASSWORD });
      const wang = await directory.login('wang', PASSWORD, 'cookie');
      const zhao = await directory.login('zhao', PASSWORD, 'cookie');

      expect(await directory.setDisabled('wang', true)).toMatchObject({ username: 'wang', disabled: true });

      expect(await directory.authenticate(wang.token)).toBeUndefined();
      expect(await directory.authenticate(zhao.token)).toBeDefined();
      expect(await sessionRows(database)).toHaveLength(1);
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie'))).toBe('HANDOFF_BAD_CREDENTIALS');

      expect(await directory.setDisabled('WANG', false)).toMatchObject({ disabled: false });
      await expect(directory.login('wang', PASSWORD, 'cookie')).resolves.toBeDefined();
    });

    it('refuses a session whose agent was disabled behind its back', async () => {
      const { directory, database } = await setUp();
      const agent = await directory.add({ username: 'wang', password: PASSWORD });
      const { token } = await directory.login('wang', PASSWORD, 'cookie');

      await createAgentStore(database.db).setDisabled(agent.id, true);

      expect(await directory.authenticate(token)).toBeUndefined();
    });

    it('resets a password: the old one and every session stop working, and every wait on the name ends', async () => {
      const { directory } = await setUp({ freeAttemptsPerAccount: 8 });
      await directory.add({ username: 'wang', password: PASSWORD });
      const { token } = await directory.login('wang', PASSWORD, 'cookie', OFFICE);
      for (let i = 0; i < 6; i += 1) await directory.login('wang', 'wrong-password', 'cookie', ATTACKER).catch(() => undefined);
      for (let i = 0; i < 3; i += 1) await directory.login('wang', 'wrong-password', 'cookie', OFFICE).catch(() => undefined);
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie', ATTACKER))).toBe('HANDOFF_THROTTLED');
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie', OFFICE))).toBe('HANDOFF_THROTTLED');

      await directory.resetPassword('wang', 'a-new-password-2');

      expect(await directory.authenticate(token)).toBeUndefined();
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie', ATTACKER))).toBe('HANDOFF_BAD_CREDENTIALS');
      await expect(directory.login('wang', 'a-new-password-2', 'cookie', ATTACKER)).resolves.toBeDefined();
    });

    it('refuses a new password the policy refuses', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      expect(await codeOf(directory.resetPassword('wang', 'short'))).toBe('HANDOFF_BAD_INPUT');
    });

    it('names an unknown agent', async () => {
      const { directory } = await setUp();

      expect(await codeOf(directory.setDisabled('nobody', true))).toBe('HANDOFF_UNKNOWN_AGENT');
      expect(await codeOf(directory.resetPassword('nobody', PASSWORD))).toBe('HANDOFF_UNKNOWN_AGENT');
    });
  });

  it.each<[DirectoryOptions, RegExp]>([
    [{ sessionHours: 0 }, /sessionHours must be a positive number, got 0/],
    [{ firstDelaySeconds: Number.NaN }, /firstDelaySeconds must be a positive number, got NaN/],
    [{ freeAttemptsPerAddress: -1 }, /freeAttemptsPerAddress must be a whole number, 0 or more, got -1/],
    [{ freeAttemptsPerAccount: 2.5 }, /freeAttemptsPerAccount must be a whole number, 0 or more, got 2.5/],
    [{ maxDelaySeconds: 3600 }, /maxDelaySeconds must be from firstDelaySeconds \(1\) to under 3600, got 3600/],
    [{ firstDelaySeconds: 10, maxDelaySeconds: 5 }, /maxDelaySeconds must be from firstDelaySeconds \(10\)/],
  ])('refuses the options %o', (options, message) => {
    const create = () => createAgentDirectory({ agents: {} as never, sessions: {} as never, ...options });

    expect(create).toThrow(HandoffError);
    expect(create).toThrow(message);
  });
});
