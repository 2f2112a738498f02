import type { Kysely, Selectable } from 'kysely';
import type { AgentSessionKind, AgentSessionsTable, Database } from './schema.js';
import { guardDuplicate, guardStorage } from './StorageError.js';

/** A signed-in agent's session, by the hash of its token (the token itself is never stored). */
export interface NewAgentSession {
  readonly tokenHash: string;
  readonly agentId: number;
  /** A browser cookie (which needs `csrfToken`) or an `Authorization: Bearer` token. */
  readonly kind: AgentSessionKind;
  readonly csrfToken: string | null;
  /** ISO-8601 */
  readonly createdAt: string;
  /** ISO-8601 */
  readonly expiresAt: string;
}

/** A session as read back. */
export interface StoredAgentSession extends NewAgentSession {}

export interface AgentSessionStore {
  /**
   * Keeps a session and returns it as stored.
   *
   * @throws StorageError `STORAGE_DUPLICATE` when a session has this token hash already;
   *   `STORAGE_FAILED` when there is no such agent.
   */
  create(session: NewAgentSession): Promise<StoredAgentSession>;
  /** The session unless it has expired at `now` (ISO-8601): expired ones are not returned. */
  find(tokenHash: string, now: string): Promise<StoredAgentSession | undefined>;
  /** Ends one session; an unknown hash is ignored. */
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of an agent; returns how many there were. */
  deleteForAgent(agentId: number): Promise<number>;
  /** Removes the sessions expired at `now` (ISO-8601); returns how many. */
  deleteExpired(now: string): Promise<number>;
}

function toSession(row: Selectable<AgentSessionsTable>): StoredAgentSession {
  return {
    tokenHash: row.token_hash,
    agentId: row.agent_id,
    kind: row.kind,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Agent sessions in the `agent_sessions` table. Token hashes stay out of error messages, which
 * end up in logs. Times are compared as text, so give them all as `Date.prototype.toISOString`
 * writes them.
 */
export function createAgentSessionStore(db: Kysely<Database>): AgentSessionStore {
  return {
    async create(session) {
      return guardStorage(`creating a session for agent ${session.agentId}`, async () => {
        const row = {
          token_hash: session.tokenHash,
          agent_id: session.agentId,
          kind: session.kind,
          csrf_token: session.csrfToken,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        };
        await guardDuplicate(`a session with this token already exists (agent ${session.agentId})`, () =>
          db.insertInto('agent_sessions').values(row).execute(),
        );
        return toSession(row);
      });
    },

    async find(tokenHash, now) {
      return guardStorage('reading an agent session', async () => {
        const row = await db
          .selectFrom('agent_sessions')
          .selectAll()
          .where('token_hash', '=', tokenHash)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        return row && toSession(row);
      });
    },

    async delete(tokenHash) {
      await guardStorage('deleting an agent session', async () => {
        await db.deleteFrom('agent_sessions').where('token_hash', '=', tokenHash).execute();
      });
    },

    async deleteForAgent(agentId) {
      return guardStorage(`deleting the sessions of agent ${agentId}`, async () => {
        const { numDeletedRows } = await db.deleteFrom('agent_sessions').where('agent_id', '=', agentId).executeTakeFirst();
        return Number(numDeletedRows);
      });
    },

    async deleteExpired(now) {
      return guardStorage('deleting expired agent sessions', async () => {
        const { numDeletedRows } = await db.deleteFrom('agent_sessions').where('expires_at', '<=', now).executeTakeFirst();
        return Number(numDeletedRows);
      });
    },
  };
}
