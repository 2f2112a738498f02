import { describe, expect, it } from 'vitest';
import {
  StorageError,
  createAgentSessionStore,
  createAgentStore,
  type AgentStore,
  type NewAgent,
  type NewAgentSession,
} from '../../src/storage/index.js';
import { useTempDatabases } from './tempDatabases.js';

const temp = useTempDatabases();

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

describe('createAgentStore failed sign-ins', () => {
  const LOCK = '2026-03-01T09:15:00.000Z';

  it('counts each failure in the database, locks at the limit, and starts afresh after a lock', async () => {
    const store = await openStore();
    const { id } = await store.add(agent('wang'));
    for (let i = 1; i <= 2; i++) expect(await store.recordFailedLogin(id, { limit: 3, lockUntil: LOCK })).toEqual({ failedLogins: i, lockedUntil: null });
    expect(await store.recordFailedLogin(id, { limit: 3, lockUntil: LOCK })).toEqual({ failedLogins: 3, lockedUntil: LOCK });
    // The caller only counts again once the lock has run out: the next failure is the first of a new count.
    expect(await store.recordFailedLogin(id, { limit: 3, lockUntil: LOCK })).toEqual({ failedLogins: 1, lockedUntil: null });
    expect(await store.recordFailedLogin(999, { limit: 3, lockUntil: LOCK })).toBeUndefined();
  });

  it('loses no count when two connections (two processes) record failures in turn', async () => {
    const first = createAgentStore((await temp.open()).db);
    const second = createAgentStore((await temp.open()).db);
    const { id } = await first.add(agent('li'));
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await (i % 2 === 0 ? first : second).recordFailedLogin(id, { limit: 5, lockUntil: LOCK }));
    expect(results.map((r) => r?.failedLogins)).toEqual([1, 2, 3, 4]);
    expect((await second.recordFailedLogin(id, { limit: 5, lockUntil: LOCK }))?.lockedUntil).toBe(LOCK);
    expect((await first.byId(id))?.lockedUntil).toBe(LOCK);
  });
});
