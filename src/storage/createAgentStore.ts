import type { Role } from '../access/index.js';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { AgentsTable, Database, LoginFailureReason } from './schema.js';
import { guardDuplicate, guardStorage } from './StorageError.js';

/** An agent to add. */
export interface NewAgent {
  /** As typed; stored lower-cased, so usernames differing only in case are one username. */
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
  /** Default 'agent'. */
  readonly role?: Role;
  /** ISO-8601 */
  readonly createdAt: string;
}

/** An agent as read back, with the bookkeeping of their sign-ins. */
export interface StoredAgent {
  readonly id: number;
  /** Lower-cased. */
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly role: Role;
  /** No longer counted (sign-ins are throttled per address instead): kept for old files. */
  readonly failedLogins: number;
  /** ISO-8601. No longer locks anyone out: kept for old files. */
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

/**
 * How sign-in attempts on one key are counted and how long they make the next one wait: the first
 * `freeAttempts` pass without a wait; after each further one the wait doubles from `firstDelayMs`
 * up to `maxDelayMs`.
 */
export interface LoginThrottleRule {
  readonly freeAttempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** A count whose last attempt is older than this starts afresh; should exceed `maxDelayMs`. */
  readonly forgetAfterMs: number;
}

/** One sign-in attempt to count, before its password is checked. */
export interface LoginAttempt {
  /** As typed: counted lower-cased and cut to 64 characters, whether or not an agent has it. */
  readonly username: string;
  /** The client's address, or whatever stands for it (never ''). */
  readonly address: string;
  /** ISO-8601 */
  readonly at: string;
  /** Counts attempts on `username` from `address`; cleared by a successful sign-in from there. */
  readonly perAddress: LoginThrottleRule;
  /** Counts attempts on `username` from every address together; only time clears it. */
  readonly perAccount: LoginThrottleRule;
}

/** A refused sign-in, for admins. */
export interface NewLoginFailure {
  /** As typed: stored lower-cased and cut to 64 characters. */
  readonly username: string;
  readonly address: string;
  readonly reason: LoginFailureReason;
  /** ISO-8601 */
  readonly at: string;
}

export interface StoredLoginFailure extends NewLoginFailure {
  readonly id: number;
}

export interface AgentStore {
  /**
   * Adds an agent and returns it as stored, with its id.
   *
   * @throws StorageError `STORAGE_DUPLICATE` naming the username when it is taken, in any case.
   */
  add(agent: NewAgent): Promise<StoredAgent>;
  byId(id: number): Promise<StoredAgent | undefined>;
  /** The agent with this username, in any case. */
  byUsername(username: string): Promise<StoredAgent | undefined>;
  /** Every agent, disabled ones too, by username. */
  list(): Promise<StoredAgent[]>;
  /** `undefined` when there is no such agent. */
  setDisabled(id: number, disabled: boolean): Promise<StoredAgent | undefined>;
  /** `undefined` when there is no such agent. */
  setRole(id: number, role: Role): Promise<StoredAgent | undefined>;
  /** Sets a new hash and clears `failedLogins` and `lockedUntil`; `undefined` when there is no such agent. */
  setPasswordHash(id: number, passwordHash: string): Promise<StoredAgent | undefined>;
  /** Writes the sign-in bookkeeping fields given, leaving the others. */
  updateLogin(
    id: number,
    fields: { readonly failedLogins?: number; readonly lockedUntil?: string | null; readonly lastLoginAt?: string },
  ): Promise<void>;
  /**
   * Counts a sign-in attempt against both its address and its account, unless either is in a
   * wait; then counts nothing and says until when. The check and the count are one statement
   * (after one that only makes sure both counts exist), so attempts racing in several processes
   * can neither lose a count nor slip into the same gap: of N parallel attempts, exactly as many
   * are allowed as the rules leave room for.
   */
  claimLoginAttempt(attempt: LoginAttempt): Promise<{ readonly allowed: true } | { readonly allowed: false; readonly waitUntil: string }>;
  /**
   * Forgets the attempts counted on `username` from `address`; without `address`, every count of
   * `username`, per address and in total (a new password makes the old guesses moot).
   */
  clearLoginAttempts(username: string, address?: string): Promise<void>;
  /** Keeps a refused sign-in; returns its id, which only grows. */
  recordLoginFailure(failure: NewLoginFailure): Promise<number>;
  /** The refused sign-ins at or after `since` (ISO-8601), newest first, at most `limit`. */
  listLoginFailures(options: { readonly since: string; readonly limit: number }): Promise<StoredLoginFailure[]>;
  /**
   * Deletes refused sign-ins older than `failuresBefore` or beyond the newest `keepFailures`, and
   * counts idle since `countsIdleBefore` that hold no wait at `at` (all ISO-8601). Says how many.
   */
  pruneLoginRecords(options: {
    readonly at: string;
    readonly failuresBefore: string;
    readonly keepFailures: number;
    readonly countsIdleBefore: string;
  }): Promise<{ failures: number; counts: number }>;
}

/** The `login_throttle` address of the count over every address. */
const EVERY_ADDRESS = '';
const MAX_LOGIN_NAME = 64;

/** Sign-in attempts and failures are kept under this form of the name typed. */
function loginName(username: string): string {
  return username.toLowerCase().slice(0, MAX_LOGIN_NAME);
}

/**
 * A number as a bigint parameter. PostgreSQL infers an untyped parameter's type from its
 * neighbours, and in `$1 - case ... end` or `then $2` it has none to go by (it picked jsonb);
 * SQLite takes the cast as the integer it already was.
 */
function bigint(value: number): RawBuilder<number> {
  return sql<number>`cast(${value} as bigint)`;
}

/**
 * The wait, in ms, after the `attempts`-th attempt under `rule`, as SQL: a CASE with one branch
 * per doubling (a dozen at most), because SQLite has no portable power function.
 */
function waitAfter(attempts: RawBuilder<number>, { freeAttempts, firstDelayMs, maxDelayMs }: LoginThrottleRule): RawBuilder<number> {
  const doublings: RawBuilder<unknown>[] = [];
  // From 1 ms at least: a wait of 0 would double forever without reaching the cap.
  for (let n = freeAttempts + 1, ms = Math.max(1, firstDelayMs); ms < maxDelayMs; n += 1, ms *= 2) doublings.push(sql`when ${bigint(n)} then ${bigint(ms)}`);
  const otherwise = sql<number>`case when ${attempts} <= ${bigint(freeAttempts)} then 0 else ${bigint(maxDelayMs)} end`;
  return doublings.length === 0 ? otherwise : sql<number>`case ${attempts} ${sql.join(doublings, sql` `)} else ${otherwise} end`;
}

function toLoginFailure(row: Selectable<Database['login_failures']>): StoredLoginFailure {
  return { id: row.id, username: row.username, address: row.address, reason: row.reason, at: row.created_at };
}

/** Usernames are kept and looked up in this form. */
function normaliseUsername(username: string): string {
  return username.toLowerCase();
}

function toAgent(row: Selectable<AgentsTable>): StoredAgent {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    disabled: Number(row.disabled) === 1,
    role: row.role,
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/** Agents in the `agents` table. The store never reads the clock: callers give every time. */
export function createAgentStore(db: Kysely<Database>): AgentStore {
  return {
    async add({ username, displayName, passwordHash, role = 'agent', createdAt }) {
      const stored = normaliseUsername(username);
      return guardStorage(`adding agent ${stored}`, async () => {
        const row = await guardDuplicate(`agent username ${stored} is taken`, () =>
          db
            .insertInto('agents')
            .values({ username: stored, display_name: displayName, password_hash: passwordHash, role, created_at: createdAt })
            .returningAll()
            .executeTakeFirstOrThrow(),
        );
        return toAgent(row);
      });
    },

    async byId(id) {
      return guardStorage(`reading agent ${id}`, async () => {
        const row = await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toAgent(row);
      });
    },

    async byUsername(username) {
      const stored = normaliseUsername(username);
      return guardStorage(`reading agent ${stored}`, async () => {
        const row = await db.selectFrom('agents').selectAll().where('username', '=', stored).executeTakeFirst();
        return row && toAgent(row);
      });
    },

    async list() {
      return guardStorage('listing agents', async () => {
        const rows = await db.selectFrom('agents').selectAll().orderBy('username', 'asc').execute();
        return rows.map(toAgent);
      });
    },

    async setDisabled(id, disabled) {
      return guardStorage(`${disabled ? 'disabling' : 'enabling'} agent ${id}`, async () => {
        const row = await db
          .updateTable('agents')
          .set({ disabled: disabled ? 1 : 0 })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row && toAgent(row);
      });
    },

    async setRole(id, role) {
      return guardStorage(`setting the role of agent ${id}`, async () => {
        const row = await db.updateTable('agents').set({ role }).where('id', '=', id).returningAll().executeTakeFirst();
        return row && toAgent(row);
      });
    },

    async setPasswordHash(id, passwordHash) {
      return guardStorage(`setting the password of agent ${id}`, async () => {
        const row = await db
          .updateTable('agents')
          .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row && toAgent(row);
      });
    },

    async updateLogin(id, { failedLogins, lockedUntil, lastLoginAt }) {
      const changes = {
        ...(failedLogins !== undefined && { failed_logins: failedLogins }),
        ...(lockedUntil !== undefined && { locked_until: lockedUntil }),
        ...(lastLoginAt !== undefined && { last_login_at: lastLoginAt }),
      };
      if (Object.keys(changes).length === 0) return;
      await guardStorage(`recording a sign-in of agent ${id}`, async () => {
        await db.updateTable('agents').set(changes).where('id', '=', id).execute();
      });
    },

    async claimLoginAttempt({ username, address, at, perAddress, perAccount }) {
      const name = loginName(username);
      const now = Date.parse(at);
      const keys = [address, EVERY_ADDRESS];
      return guardStorage(`counting a sign-in attempt on ${name}`, async () => {
        // Both counts exist first, so that the one statement below can update them together.
        await db
          .insertInto('login_throttle')
          .values(keys.map((key) => ({ username: name, address: key, attempts: 0, last_attempt_ms: now, wait_until_ms: 0 })))
          .onConflict((conflict) => conflict.columns(['username', 'address']).doNothing())
          .execute();

        const perRow = <T>(account: RawBuilder<T>, single: RawBuilder<T>) => sql<T>`case when address = ${EVERY_ADDRESS} then ${account} else ${single} end`;
        const forgetAfter = perRow(bigint(perAccount.forgetAfterMs), bigint(perAddress.forgetAfterMs));
        const attempts = sql<number>`case when last_attempt_ms <= ${bigint(now)} - ${forgetAfter} then 1 else attempts + 1 end`;
        // All or nothing: the NOT EXISTS is evaluated once, on the rows as they were before this
        // statement, so an attempt refused by one count adds to neither. (The per-row condition on
        // wait_until_ms also holds when a PostgreSQL writer re-reads a row another has just changed.)
        const claimed = await db
          .updateTable('login_throttle')
          .set({
            attempts,
            last_attempt_ms: now,
            wait_until_ms: sql<number>`${bigint(now)} + ${perRow(waitAfter(attempts, perAccount), waitAfter(attempts, perAddress))}`,
          })
          .where('username', '=', name)
          .where('address', 'in', keys)
          .where('wait_until_ms', '<=', now)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('login_throttle as waiting').select('waiting.address').where('waiting.username', '=', name).where('waiting.address', 'in', keys).where('waiting.wait_until_ms', '>', now))),
          )
          .returning('address')
          .execute();
        if (claimed.length === keys.length) return { allowed: true } as const;

        const row = await db
          .selectFrom('login_throttle')
          .select(({ fn }) => fn.max('wait_until_ms').as('until'))
          .where('username', '=', name)
          .where('address', 'in', keys)
          .executeTakeFirst();
        // Refused without a wait on record can only be a count changed between the two statements
        // above: a second's wait is the honest answer.
        const recorded = Number(row?.until ?? 0);
        const until = recorded > now ? recorded : now + 1000;
        return { allowed: false, waitUntil: new Date(until).toISOString() } as const;
      });
    },

    async clearLoginAttempts(username, address) {
      const name = loginName(username);
      await guardStorage(`clearing the sign-in attempts on ${name}`, async () => {
        let query = db.deleteFrom('login_throttle').where('username', '=', name);
        if (address !== undefined) query = query.where('address', '=', address);
        await query.execute();
      });
    },

    async recordLoginFailure({ username, address, reason, at }) {
      const name = loginName(username);
      return guardStorage(`recording a refused sign-in on ${name}`, async () => {
        const row = await db
          .insertInto('login_failures')
          .values({ username: name, address, reason, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      });
    },

    async listLoginFailures({ since, limit }) {
      return guardStorage(`listing refused sign-ins since ${since}`, async () => {
        const rows = await db
          .selectFrom('login_failures')
          .selectAll()
          .where('created_at', '>=', since)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute();
        return rows.map(toLoginFailure);
      });
    },

    async pruneLoginRecords({ at, failuresBefore, keepFailures, countsIdleBefore }) {
      return guardStorage('pruning sign-in records', async () => {
        // Ids only grow, so "beyond the newest N" is an id below the highest minus N (gaps left
        // by PostgreSQL's sequence only make it keep fewer).
        const failures = await db
          .deleteFrom('login_failures')
          .where(({ or, eb, selectFrom }) =>
            or([eb('created_at', '<', failuresBefore), eb('id', '<=', sql<number>`(${selectFrom('login_failures').select(({ fn }) => fn.max('id').as('top'))}) - ${keepFailures}`)]),
          )
          .executeTakeFirst();
        const counts = await db
          .deleteFrom('login_throttle')
          .where('last_attempt_ms', '<', Date.parse(countsIdleBefore))
          .where('wait_until_ms', '<=', Date.parse(at))
          .executeTakeFirst();
        return { failures: Number(failures.numDeletedRows), counts: Number(counts.numDeletedRows) };
      });
    },
  };
}
