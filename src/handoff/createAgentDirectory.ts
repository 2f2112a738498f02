import { isRole, ROLES, type Role } from '../access/index.js';
import { createHash, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { StorageError, type AgentSessionStore, type AgentStore, type StoredAgent } from '../storage/index.js';
import { HandoffError } from './HandoffError.js';
import { checkPasswordPolicy, hashPassword, PASSWORD_COST, unmatchableHash, verifyPassword } from './passwords.js';

/** A support agent as the rest of kefu sees one: never the password hash. */
export interface Agent {
  readonly id: number;
  /** Lower-cased. */
  readonly username: string;
  readonly displayName: string;
  readonly disabled: boolean;
  /** What the account may do (src/access/roles.ts); read afresh on every request. */
  readonly role: Role;
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

/** Why a sign-in was refused, as admins see it (the person signing in is told only "wrong username or password" or "wait"). */
export type LoginFailureReason = 'unknown_user' | 'bad_password' | 'disabled' | 'throttled';

/** A refused sign-in, for admins: never the password. */
export interface LoginFailure {
  /** As typed, lower-cased, at most 64 characters. */
  readonly username: string;
  /** The client's address as the server saw it. */
  readonly address: string;
  readonly reason: LoginFailureReason;
  /** ISO-8601 */
  readonly at: string;
}

/** The agents and their sessions, for the HTTP layer and the `agent` CLI. */
export interface AgentDirectory {
  /**
   * Adds an agent; `displayName` defaults to the username.
   * @throws HandoffError `HANDOFF_BAD_INPUT` for a bad username, display name or password,
   *   `HANDOFF_AGENT_EXISTS` when the username is taken in any case.
   */
  add(input: { username: string; displayName?: string; password: string; role?: Role }): Promise<Agent>;
  /** Every agent, disabled ones too, by username. */
  list(): Promise<Agent[]>;
  /** The agent with this id, or this username in any case. */
  get(idOrUsername: number | string): Promise<Agent | undefined>;
  /** Disables (ending every session) or enables an agent. @throws HandoffError `HANDOFF_UNKNOWN_AGENT` */
  setDisabled(username: string, disabled: boolean): Promise<Agent>;
  /**
   * Gives the account another role, effective on its next request (sessions stay).
   * @throws HandoffError `HANDOFF_BAD_INPUT` for an unknown role, `HANDOFF_UNKNOWN_AGENT`
   */
  setRole(username: string, role: Role): Promise<Agent>;
  /**
   * Sets a new password, ends every session of the agent and forgets the sign-in attempts counted
   * on its username, so nobody waits.
   * @throws HandoffError `HANDOFF_BAD_INPUT` for a password the policy refuses, `HANDOFF_UNKNOWN_AGENT`
   */
  resetPassword(username: string, password: string): Promise<Agent>;
  /**
   * Checks the password, unless too many attempts on this username (from `address`, or from
   * everywhere) make it wait; on success creates a session with a random 32-byte token (base64url)
   * whose SHA-256 is stored, and for kind 'cookie' a random CSRF token. Every refusal is kept for
   * {@link AgentDirectory.failures}.
   *
   * An unknown username, a disabled agent and a real one are answered alike, at the same cost:
   * their attempts are counted the same way, and each checked attempt runs one scrypt.
   *
   * @param options.address the client's address (the HTTP layer's `req.ip`); attempts without one
   *   are counted together.
   * @throws HandoffError `HANDOFF_BAD_CREDENTIALS` for an unknown user, a wrong password or a
   *   disabled agent alike; `HANDOFF_THROTTLED` with `details.retryAfterSeconds` during a wait.
   */
  login(username: string, password: string, kind: 'cookie' | 'bearer', options?: { readonly address?: string }): Promise<{ token: string; session: AgentSession }>;
  /** Refused sign-ins at or after `since`, newest first, at most `limit` (default 50). */
  failures(options: { readonly since: Date; readonly limit?: number }): Promise<LoginFailure[]>;
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
  /** Sign-in attempts on one username from one address that never wait. Default 5. */
  readonly freeAttemptsPerAddress?: number;
  /**
   * Sign-in attempts on one username from all addresses together, with no pause of an hour,
   * before everyone trying it waits. Default 50.
   */
  readonly freeAttemptsPerAccount?: number;
  /** The wait after the first attempt past the free ones, in seconds; each further one doubles it. Default 1. */
  readonly firstDelaySeconds?: number;
  /** The longest wait, in seconds: under an hour, so that waits never outlast the per-account count. Default 900. */
  readonly maxDelaySeconds?: number;
  /**
   * scrypt's cost (N, a power of two) for new hashes, and for the stand-in verified when no such
   * user exists. Default production's, 2^15; tests pass a lower one to save ~70 ms a hash.
   */
  readonly passwordCost?: number;
  /** Refused sign-ins are kept this many days. Default 90. */
  readonly failureLogDays?: number;
  /** ... and at most this many. Default 100 000. */
  readonly failureLogMaxRows?: number;
}

/*
 * Throttling instead of a lock-out. A lock-out that anyone can trigger by typing wrong passwords
 * lets an outsider keep an agent out for good; a wait per (username, address) only slows the
 * address that guesses. Schedule, with the defaults:
 *
 *   - per username and address: 5 attempts free, then the wait after each further one doubles,
 *     1 s, 2 s, 4 s ... up to 15 min. A successful sign-in from that address clears the count; a
 *     day without attempts from there forgets it. The real agent at another address never waits
 *     for it.
 *   - per username, all addresses together: 50 attempts free (a count with no attempt for an hour
 *     starts afresh), then the same doubling, for everyone. Only time clears it.
 *
 * The second count is the trade-off: without it a guesser spread over many addresses gets 5
 * free guesses from each; with it, such a guesser who keeps up more than 50 attempts an hour
 * also makes the real agent wait (one attempt per wait, at most 15 minutes apart). Admins see it
 * in `npm run agent -- failures`, and `reset-password` clears both counts.
 *
 * Attempts are counted before the password is checked (and the per-address count cleared after a
 * success), in one statement with the check, so parallel attempts in several processes get no more
 * tries than the rules allow. Unknown usernames are counted like real ones, keyed by the name
 * typed, so that a wait says nothing about whether the name exists; attempts refused during a wait
 * are not counted, so hammering does not lengthen it.
 */
const ADDRESS_FORGET_MS = 24 * 3_600_000;
const ACCOUNT_FORGET_MS = 3_600_000;
// Housekeeping rides on every so many refused sign-ins: the id only grows, so whichever process
// writes the thousandth does it, and nobody needs a timer.
const PRUNE_EVERY = 1000;
const MAX_LOGGED = 64;
// Attempts that come without an address are counted together under this one.
const NO_ADDRESS = 'unknown';

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
  freeAttemptsPerAddress = 5,
  freeAttemptsPerAccount = 50,
  firstDelaySeconds = 1,
  maxDelaySeconds = 900,
  failureLogDays = 90,
  failureLogMaxRows = 100_000,
  passwordCost = PASSWORD_COST,
}: AgentDirectoryOptions): AgentDirectory {
  // Verified when no such user exists, at the same cost as a real hash.
  const standIn = unmatchableHash(passwordCost);
  for (const [name, value] of Object.entries({ sessionHours, firstDelaySeconds, maxDelaySeconds, failureLogDays })) {
    if (!(Number.isFinite(value) && value > 0)) throw new HandoffError('HANDOFF_BAD_INPUT', `${name} must be a positive number, got ${value}`);
  }
  for (const [name, value] of Object.entries({ freeAttemptsPerAddress, freeAttemptsPerAccount, failureLogMaxRows })) {
    if (!(Number.isInteger(value) && value >= 0)) throw new HandoffError('HANDOFF_BAD_INPUT', `${name} must be a whole number, 0 or more, got ${value}`);
  }
  if (maxDelaySeconds < firstDelaySeconds || maxDelaySeconds * 1000 >= ACCOUNT_FORGET_MS) {
    throw new HandoffError('HANDOFF_BAD_INPUT', `maxDelaySeconds must be from firstDelaySeconds (${firstDelaySeconds}) to under 3600, got ${maxDelaySeconds}`);
  }
  const firstDelayMs = Math.round(firstDelaySeconds * 1000);
  const maxDelayMs = Math.round(maxDelaySeconds * 1000);
  const perAddress = { freeAttempts: freeAttemptsPerAddress, firstDelayMs, maxDelayMs, forgetAfterMs: ADDRESS_FORGET_MS };
  const perAccount = { freeAttempts: freeAttemptsPerAccount, firstDelayMs, maxDelayMs, forgetAfterMs: ACCOUNT_FORGET_MS };

  async function existing(username: string): Promise<StoredAgent> {
    const agent = await agents.byUsername(username);
    if (!agent) throw new HandoffError('HANDOFF_UNKNOWN_AGENT', `no agent "${username}" / 没有这个客服账号`);
    return agent;
  }

  function checkPassword(password: string): void {
    const problem = checkPasswordPolicy(password);
    if (problem) throw new HandoffError('HANDOFF_BAD_INPUT', problem);
  }

  async function refused(username: string, address: string, reason: LoginFailureReason, at: Date): Promise<void> {
    const id = await agents.recordLoginFailure({ username, address, reason, at: at.toISOString() });
    if (id % PRUNE_EVERY !== 0) return;
    await agents.pruneLoginRecords({
      at: at.toISOString(),
      failuresBefore: new Date(at.getTime() - failureLogDays * 86_400_000).toISOString(),
      keepFailures: failureLogMaxRows,
      countsIdleBefore: new Date(at.getTime() - ADDRESS_FORGET_MS).toISOString(),
    });
  }

  return {
    async add({ username, displayName, password, role = 'agent' }) {
      checkRole(role);
      if (!USERNAME.test(username)) {
        throw new HandoffError('HANDOFF_BAD_INPUT', `username "${username}" must be 2-32 letters, digits, dots, dashes or underscores / 用户名须为 2-32 位字母、数字、点、横线或下划线`);
      }
      const name = (displayName ?? username).trim();
      if (name === '' || [...name].length > MAX_DISPLAY_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
        throw new HandoffError('HANDOFF_BAD_INPUT', `display name "${name}" must be 1-${MAX_DISPLAY_NAME} characters on one line / 显示名称须为 1-${MAX_DISPLAY_NAME} 个字符`);
      }
      checkPassword(password);
      const passwordHash = await hashPassword(password, { cost: passwordCost });
      try {
        return toAgent(await agents.add({ username, displayName: name, passwordHash, role, createdAt: now().toISOString() }));
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

    async setRole(username, role) {
      checkRole(role);
      const agent = await existing(username);
      return toAgent((await agents.setRole(agent.id, role)) ?? agent);
    },

    async resetPassword(username, password) {
      checkPassword(password);
      const agent = await existing(username);
      const updated = await agents.setPasswordHash(agent.id, await hashPassword(password, { cost: passwordCost }));
      await sessions.deleteForAgent(agent.id);
      await agents.clearLoginAttempts(agent.username);
      return toAgent(updated ?? agent);
    },

    async login(username, password, kind, { address } = {}) {
      const at = now();
      const shownAddress = address?.slice(0, MAX_LOGGED) || NO_ADDRESS;
      const countedAddress = throttleKey(address);
      // The wait is checked (and this attempt counted) before anything that depends on the username,
      // so a refusal during a wait costs the same, and says the same, for every name.
      const claim = await agents.claimLoginAttempt({ username, address: countedAddress, at: at.toISOString(), perAddress, perAccount });
      if (!claim.allowed) {
        await refused(username, shownAddress, 'throttled', at);
        throw throttled(claim.waitUntil, at);
      }
      const agent = USERNAME.test(username) ? await agents.byUsername(username) : undefined;
      // Every refusal below costs one scrypt, so timing tells no unknown user from a wrong password.
      const passwordOk = password.length <= MAX_LOGIN_PASSWORD && (await verifyPassword(password, agent?.passwordHash ?? standIn));
      if (!agent || agent.disabled || !passwordOk) {
        await refused(username, shownAddress, !agent ? 'unknown_user' : agent.disabled ? 'disabled' : 'bad_password', at);
        throw new HandoffError('HANDOFF_BAD_CREDENTIALS', BAD_CREDENTIALS);
      }

      await agents.clearLoginAttempts(username, countedAddress);
      const lastLoginAt = at.toISOString();
      await agents.updateLogin(agent.id, { lastLoginAt });
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
    },

    async failures({ since, limit = 50 }) {
      if (!(Number.isInteger(limit) && limit > 0)) throw new HandoffError('HANDOFF_BAD_INPUT', `limit must be a positive whole number, got ${limit}`);
      const rows = await agents.listLoginFailures({ since: since.toISOString(), limit });
      return rows.map(({ username, address, reason, at }) => ({ username, address, reason, at }));
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

function toAgent({ id, username, displayName, disabled, role, lastLoginAt }: StoredAgent): Agent {
  return { id, username, displayName, disabled, role, lastLoginAt };
}

function checkRole(role: unknown): asserts role is Role {
  if (!isRole(role)) throw new HandoffError('HANDOFF_BAD_INPUT', `角色只能是 ${ROLES.join('、')} / role must be one of ${ROLES.join(', ')}`);
}

/** Tokens are stored only as this hash: a copy of the database opens no session. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The refusal during a wait: it names neither the account nor the address, only the time. */
function throttled(waitUntil: string, at: Date): HandoffError {
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(waitUntil) - at.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait =
    retryAfterSeconds < 120
      ? { zh: `${retryAfterSeconds} 秒`, en: `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}` }
      : { zh: `${minutes} 分钟`, en: `${minutes} minutes` };
  return new HandoffError('HANDOFF_THROTTLED', `登录尝试过多，请 ${wait.zh}后再试 / too many login attempts: try again in ${wait.en}`, { retryAfterSeconds });
}

/**
 * The address attempts are counted under. IPv4 clients of a dual-stack server arrive as
 * `::ffff:a.b.c.d`: counted as a.b.c.d. An IPv6 client holds a whole /64 (and picks new addresses
 * in it at will), so it is counted by that network; anything else as it is, cut to 64 characters.
 */
function throttleKey(address: string | undefined): string {
  if (!address) return NO_ADDRESS;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return address.slice(0, MAX_LOGGED);
  const [head = '', tail] = bare.toLowerCase().split('::');
  // An IPv4 tail (64:ff9b::1.2.3.4) is the last two groups: never part of the /64.
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [front, back] = [groups(head), groups(tail)];
  const all = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  const network = all.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16));
  return `${network.join(':')}::/64`;
}
