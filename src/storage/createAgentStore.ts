import { sql, type Kysely, type Selectable } from 'kysely';
import type { AgentsTable, Database } from './schema.js';
import { guardDuplicate, guardStorage } from './StorageError.js';

/** An agent to add. */
export interface NewAgent {
  /** As typed; stored lower-cased, so usernames differing only in case are one username. */
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
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
  /** Failed sign-ins since the last good one (or the last password change). */
  readonly failedLogins: number;
  /** ISO-8601: sign-ins are refused until then. */
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
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
  /** Sets a new hash and clears `failedLogins` and `lockedUntil`; `undefined` when there is no such agent. */
  setPasswordHash(id: number, passwordHash: string): Promise<StoredAgent | undefined>;
  /** Writes the sign-in bookkeeping fields given, leaving the others. */
  updateLogin(
    id: number,
    fields: { readonly failedLogins?: number; readonly lockedUntil?: string | null; readonly lastLoginAt?: string },
  ): Promise<void>;
  /**
   * Counts one more failed sign-in in a single statement, so sign-ins racing in several processes
   * never lose a count: a lock that has run out (still set) starts the count afresh, and reaching
   * `limit` sets `lockedUntil` to `lockUntil`. `undefined` when there is no such agent.
   */
  recordFailedLogin(id: number, options: { readonly limit: number; readonly lockUntil: string }): Promise<{ failedLogins: number; lockedUntil: string | null } | undefined>;
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
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/** Agents in the `agents` table. The store never reads the clock: callers give every time. */
export function createAgentStore(db: Kysely<Database>): AgentStore {
  return {
    async add({ username, displayName, passwordHash, createdAt }) {
      const stored = normaliseUsername(username);
      return guardStorage(`adding agent ${stored}`, async () => {
        const row = await guardDuplicate(`agent username ${stored} is taken`, () =>
          db
            .insertInto('agents')
            .values({ username: stored, display_name: displayName, password_hash: passwordHash, created_at: createdAt })
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

    async recordFailedLogin(id, { limit, lockUntil }) {
      return guardStorage(`counting a failed sign-in of agent ${id}`, async () => {
        // Both SET expressions read the row as it was before this statement, on SQLite and PostgreSQL.
        const count = sql<number>`case when locked_until is not null then 1 else failed_logins + 1 end`;
        const row = await db
          .updateTable('agents')
          .set({ failed_logins: count, locked_until: sql<string | null>`case when ${count} >= ${limit} then ${lockUntil} else null end` })
          .where('id', '=', id)
          .returning(['failed_logins', 'locked_until'])
          .executeTakeFirst();
        return row && { failedLogins: Number(row.failed_logins), lockedUntil: row.locked_until };
      });
    },
  };
}
