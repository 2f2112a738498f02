import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAgentDirectory, HandoffError } from '../../src/handoff/index.js';
import { createAgentSessionStore, createAgentStore, type KefuDatabase } from '../../src/storage/index.js';
import { useTempDatabases } from '../storage/tempDatabases.js';

const temp = useTempDatabases();
const PASSWORD = 'correct-horse-1';

/** A directory on a fresh database, with a clock the test moves. */
async function setUp(options: { maxFailedLogins?: number } = {}) {
  const database = await temp.open();
  let time = Date.parse('2026-03-02T01:00:00.000Z');
  const directory = createAgentDirectory({
    agents: createAgentStore(database.db),
    sessions: createAgentSessionStore(database.db),
    now: () => new Date(time),
    ...options,
  });
  return {
    database,
    directory,
    advance: (minutes: number) => {
      time += minutes * 60_000;
    },
  };
}

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

const sessionRows = (database: KefuDatabase) => database.db.selectFrom('agent_sessions').selectAll().execute();

describe('createAgentDirectory', () => {
  describe('add, list and get', () => {
    it('adds an agent, lower-cased, whose display name defaults to the username, and never shows the hash', async () => {
      const { directory } = await setUp();

      const wang = await directory.add({ username: 'Wang.Li', displayName: '王丽', password: PASSWORD });
      const zhao = await directory.add({ username: 'zhao', password: PASSWORD });

      expect(wang).toEqual({ id: wang.id, username: 'wang.li', displayName: '王丽', disabled: false, lastLoginAt: null });
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

    it('locks after five failures in a row, refuses even the right password until the lock ends, then lets the agent in', async () => {
      const { directory, advance, database } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      for (let i = 0; i < 4; i += 1) expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie'))).toBe('HANDOFF_BAD_CREDENTIALS');
      const fifth = await errorOf(directory.login('wang', 'wrong-password', 'cookie'));
      expect(fifth).toMatchObject({ code: 'HANDOFF_LOCKED', details: { retryAfterSeconds: 900 } });
      expect(fifth.message).toContain('2026-03-02T01:15:00.000Z');
      expect(fifth.message).toContain('15 分钟');

      advance(10);
      const whileLocked = await errorOf(directory.login('wang', PASSWORD, 'cookie'));
      expect(whileLocked).toMatchObject({ code: 'HANDOFF_LOCKED', details: { retryAfterSeconds: 300 } });

      advance(5);
      const { session } = await directory.login('wang', PASSWORD, 'cookie');
      expect(session.agent.username).toBe('wang');
      expect(await database.db.selectFrom('agents').select(['failed_logins', 'locked_until']).execute()).toEqual([{ failed_logins: 0, locked_until: null }]);
    });

    it('counts afresh after a success and after a lock has run out', async () => {
      const { directory, advance } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      for (let i = 0; i < 4; i += 1) await directory.login('wang', 'wrong-password', 'cookie').catch(() => undefined);
      await directory.login('wang', PASSWORD, 'cookie');
      for (let i = 0; i < 4; i += 1) expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie'))).toBe('HANDOFF_BAD_CREDENTIALS');
      expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie'))).toBe('HANDOFF_LOCKED');

      advance(15);
      expect(await codeOf(directory.login('wang', 'wrong-password', 'cookie'))).toBe('HANDOFF_BAD_CREDENTIALS');
    });

    it('does not let parallel guesses past the lock', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });

      const codes = await Promise.all(Array.from({ length: 8 }, () => codeOf(directory.login('wang', 'wrong-password', 'bearer'))));

      expect(codes.filter((c) => c === 'HANDOFF_BAD_CREDENTIALS')).toHaveLength(4);
      expect(codes.filter((c) => c === 'HANDOFF_LOCKED')).toHaveLength(4);
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

    it('resets a password: the old one and every session stop working, and a lock is lifted', async () => {
      const { directory } = await setUp();
      await directory.add({ username: 'wang', password: PASSWORD });
      const { token } = await directory.login('wang', PASSWORD, 'cookie');
      for (let i = 0; i < 5; i += 1) await directory.login('wang', 'wrong-password', 'cookie').catch(() => undefined);

      await directory.resetPassword('wang', 'a-new-password-2');

      expect(await directory.authenticate(token)).toBeUndefined();
      expect(await codeOf(directory.login('wang', PASSWORD, 'cookie'))).toBe('HANDOFF_BAD_CREDENTIALS');
      await expect(directory.login('wang', 'a-new-password-2', 'cookie')).resolves.toBeDefined();
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

  it('refuses options that are not positive numbers', () => {
    expect(() => createAgentDirectory({ agents: {} as never, sessions: {} as never, sessionHours: 0 })).toThrow(/sessionHours must be a positive number, got 0/);
    expect(() => createAgentDirectory({ agents: {} as never, sessions: {} as never, maxFailedLogins: Number.NaN })).toThrow(HandoffError);
  });
});
