import { createHash, randomBytes } from 'node:crypto';
import { StorageError, type AgentSessionStore, type AgentStore, type StoredAgent } from '../storage/index.js';
import { HandoffError } from './HandoffError.js';
import { checkPasswordPolicy, hashPassword, unmatchableHash, verifyPassword } from './passwords.js';

/** A support agent as the rest of kefu sees one: never the password hash. */
export interface Agent {
  readonly id: number;
  /** Lower-cased. */
  readonly username: string;
  readonly displayName: string;
  readonly disabled: boolean;
  /** ISO-8601 */
  readonly lastLoginAt: string | null;
}

/** A signed-in agent. */
export interface AgentSession {
  readonly agent: Agent;
  /** A browser cookie, which needs `csrfToken` on every write, or an `Authorization: Bearer` token. */
  readonly kind: 'cookie' | 'bearer';
  readonly csrfToken: string | null;
  /** ISO-8601 */
  readonly expiresAt: string;
}

/** The agents and their sessions, for the HTTP layer and the `agent` CLI. */
export interface AgentDirectory {
  /**
   * Adds an agent; `displayName` defaults to the username.
   * @throws HandoffError `HANDOFF_BAD_INPUT` for a bad username, display name or password,
   *   `HANDOFF_AGENT_EXISTS` when the username is taken in any case.
   */
  add(input: { username: string; displayName?: string; password: string }): Promise<Agent>;
  /** Every agent, disabled ones too, by username. */
  list(): Promise<Agent[]>;
  /** The agent with this id, or this username in any case. */
  get(idOrUsername: number | string): Promise<Agent | undefined>;
  /** Disables (ending every session) or enables an agent. @throws HandoffError `HANDOFF_UNKNOWN_AGENT` */
  setDisabled(username: string, disabled: boolean): Promise<Agent>;
  /**
   * Sets a new password, ends every session of the agent and lifts a lock-out.
   * @throws HandoffError `HANDOFF_BAD_INPUT` for a password the policy refuses, `HANDOFF_UNKNOWN_AGENT`
   */
  resetPassword(username: string, password: string): Promise<Agent>;
  /**
   * Checks the password; on success creates a session with a random 32-byte token (base64url) whose
   * SHA-256 is stored, and for kind 'cookie' a random CSRF token.
   * @throws HandoffError `HANDOFF_BAD_CREDENTIALS` for an unknown user, a wrong password or a
   *   disabled agent alike; `HANDOFF_LOCKED` with `details.retryAfterSeconds` after too many failures.
   */
  login(username: string, password: string, kind: 'cookie' | 'bearer'): Promise<{ token: string; session: AgentSession }>;
  /** The session a token opens; undefined for an unknown or expired token or a disabled agent. */
  authenticate(token: string): Promise<AgentSession | undefined>;
  /** Ends the session of a token; an unknown token is ignored. */
  logout(token: string): Promise<void>;
}

export interface AgentDirectoryOptions {
  readonly agents: AgentStore;
  readonly sessions: AgentSessionStore;
  /** The clock; tests pass their own. */
  readonly now?: () => Date;
  /** How long a session lasts. Default 12. */
  readonly sessionHours?: number;
  /** Consecutive failed logins that lock an account. Default 5. */
  readonly maxFailedLogins?: number;
  /** How long a lock lasts. Default 15. */
  readonly lockMinutes?: number;
}

const USERNAME = /^[a-z0-9._-]{2,32}$/i;
const MAX_DISPLAY_NAME = 40;
// Longer "tokens" are not ours: refuse them before hashing anything.
const MAX_TOKEN_LENGTH = 128;
const MAX_LOGIN_PASSWORD = 1024;
const BAD_CREDENTIALS = '用户名或密码错误 / wrong username or password';

/** Agents in `agents`, their sessions in `sessions`; see {@link AgentDirectory}. */
export function createAgentDirectory({
  agents,
  sessions,
  now = () => new Date(),
  sessionHours = 12,
  maxFailedLogins = 5,
  lockMinutes = 15,
}: AgentDirectoryOptions): AgentDirectory {
  for (const [name, value] of Object.entries({ sessionHours, maxFailedLogins, lockMinutes })) {
    if (!(Number.isFinite(value) && value > 0)) throw new HandoffError('HANDOFF_BAD_INPUT', `${name} must be a positive number, got ${value}`);
  }
  // One login at a time per username in this process, so that parallel guesses cannot all read
  // the same failure count and together try more passwords than the lock allows.
  const loginQueue = new Map<string, Promise<unknown>>();

  async function existing(username: string): Promise<StoredAgent> {
    const agent = await agents.byUsername(username);
    if (!agent) throw new HandoffError('HANDOFF_UNKNOWN_AGENT', `no agent "${username}" / 没有这个客服账号`);
    return agent;
  }

  function checkPassword(password: string): void {
    const problem = checkPasswordPolicy(password);
    if (problem) throw new HandoffError('HANDOFF_BAD_INPUT', problem);
  }

  async function attemptLogin(username: string, password: string, kind: 'cookie' | 'bearer') {
    const at = now();
    const agent = USERNAME.test(username) ? await agents.byUsername(username) : undefined;
    if (agent?.lockedUntil && Date.parse(agent.lockedUntil) > at.getTime()) throw locked(agent.lockedUntil, at);
    // Every refusal below costs one scrypt, so timing tells no unknown user from a wrong password.
    const passwordOk = password.length <= MAX_LOGIN_PASSWORD && (await verifyPassword(password, agent?.passwordHash ?? unmatchableHash));
    if (!agent || agent.disabled) throw new HandoffError('HANDOFF_BAD_CREDENTIALS', BAD_CREDENTIALS);
    if (!passwordOk) {
      // Counted in the database in one statement (a lock that has run out starts a fresh count),
      // so guesses spread over several processes still meet the lock.
      const lockUntil = new Date(at.getTime() + lockMinutes * 60_000).toISOString();
      const counted = await agents.recordFailedLogin(agent.id, { limit: maxFailedLogins, lockUntil });
      if (counted?.lockedUntil) throw locked(counted.lockedUntil, at);
      throw new HandoffError('HANDOFF_BAD_CREDENTIALS', BAD_CREDENTIALS);
    }

    const lastLoginAt = at.toISOString();
    await agents.updateLogin(agent.id, { failedLogins: 0, lockedUntil: null, lastLoginAt });
    const token = randomBytes(32).toString('base64url');
    const stored = await sessions.create({
      tokenHash: hashToken(token),
      agentId: agent.id,
      kind,
      csrfToken: kind === 'cookie' ? randomBytes(32).toString('base64url') : null,
      createdAt: lastLoginAt,
      expiresAt: new Date(at.getTime() + sessionHours * 3_600_000).toISOString(),
    });
    // Housekeeping while here: sessions nobody logged out of.
    await sessions.deleteExpired(lastLoginAt);
    const session: AgentSession = { agent: toAgent({ ...agent, lastLoginAt }), kind, csrfToken: stored.csrfToken, expiresAt: stored.expiresAt };
    return { token, session };
  }

  return {
    async add({ username, displayName, password }) {
      if (!USERNAME.test(username)) {
        throw new HandoffError('HANDOFF_BAD_INPUT', `username "${username}" must be 2-32 letters, digits, dots, dashes or underscores / 用户名须为 2-32 位字母、数字、点、横线或下划线`);
      }
      const name = (displayName ?? username).trim();
      if (name === '' || [...name].length > MAX_DISPLAY_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
        throw new HandoffError('HANDOFF_BAD_INPUT', `display name "${name}" must be 1-${MAX_DISPLAY_NAME} characters on one line / 显示名称须为 1-${MAX_DISPLAY_NAME} 个字符`);
      }
      checkPassword(password);
      const passwordHash = await hashPassword(password);
      try {
        return toAgent(await agents.add({ username, displayName: name, passwordHash, createdAt: now().toISOString() }));
      } catch (error) {
        if (error instanceof StorageError && error.code === 'STORAGE_DUPLICATE') {
          throw new HandoffError('HANDOFF_AGENT_EXISTS', `agent "${username.toLowerCase()}" already exists / 该用户名已存在`);
        }
        throw error;
      }
    },

    async list() {
      return (await agents.list()).map(toAgent);
    },

    async get(idOrUsername) {
      const agent = typeof idOrUsername === 'number' ? await agents.byId(idOrUsername) : await agents.byUsername(idOrUsername);
      return agent && toAgent(agent);
    },

    async setDisabled(username, disabled) {
      const agent = await existing(username);
      const updated = await agents.setDisabled(agent.id, disabled);
      if (disabled) await sessions.deleteForAgent(agent.id);
      return toAgent(updated ?? agent);
    },

    async resetPassword(username, password) {
      checkPassword(password);
      const agent = await existing(username);
      const updated = await agents.setPasswordHash(agent.id, await hashPassword(password));
      await sessions.deleteForAgent(agent.id);
      return toAgent(updated ?? agent);
    },

    async login(username, password, kind) {
      const key = username.toLowerCase();
      const previous = loginQueue.get(key) ?? Promise.resolve();
      const attempt = previous.catch(() => undefined).then(() => attemptLogin(username, password, kind));
      loginQueue.set(key, attempt);
      try {
        return await attempt;
      } finally {
        if (loginQueue.get(key) === attempt) loginQueue.delete(key);
      }
    },

    async authenticate(token) {
      if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) return undefined;
      const stored = await sessions.find(hashToken(token), now().toISOString());
      if (!stored) return undefined;
      const agent = await agents.byId(stored.agentId);
      if (!agent || agent.disabled) return undefined;
      return { agent: toAgent(agent), kind: stored.kind, csrfToken: stored.csrfToken, expiresAt: stored.expiresAt };
    },

    async logout(token) {
      if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) return;
      await sessions.delete(hashToken(token));
    },
  };
}

function toAgent({ id, username, displayName, disabled, lastLoginAt }: StoredAgent): Agent {
  return { id, username, displayName, disabled, lastLoginAt };
}

/** Tokens are stored only as this hash: a copy of the database opens no session. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function locked(lockedUntil: string, at: Date): HandoffError {
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - at.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new HandoffError(
    'HANDOFF_LOCKED',
    `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后（${lockedUntil}）再试 / too many failed logins: locked until ${lockedUntil}`,
    { retryAfterSeconds },
  );
}
