import path from 'node:path';
import { z } from 'zod';
import { parseServiceHours } from '../handoff/serviceHours.js';

/** The config as it may be logged: secrets replaced. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { sources: _sources, ...rest } = config;
  return {
    ...rest,
    microsoftAppPassword: config.microsoftAppPassword ? '[redacted]' : undefined,
    directLineSecret: config.directLineSecret ? '[redacted]' : undefined,
    // The URL may carry a password; where the database is can be told without it.
    databaseUrl: config.databaseUrl ? '[redacted]' : undefined,
    metricsToken: config.metricsToken ? '[redacted]' : undefined,
    wechat: config.wechat && {
      ...config.wechat,
      token: '[redacted]',
      appSecret: '[redacted]',
      aesKey: config.wechat.aesKey ? '[redacted]' : undefined,
      aesKeyPrevious: config.wechat.aesKeyPrevious ? '[redacted]' : undefined,
    },
  };
}

/** Where a config value came from, logged once at start-up. */
export type ConfigSource = 'env' | 'default';

/** The WeChat Official Account channel, present only when it is on. */
export interface WechatConfig {
  /** The Token of the account's server settings: signs every request WeChat sends. */
  readonly token: string;
  /** The account's AppID (wx + 16 hex digits): checked inside every encrypted message. */
  readonly appId: string;
  /** The AppSecret, for the API's access_token (customer-service messages, media, menu). */
  readonly appSecret: string;
  /** The 43-character EncodingAESKey; unset = plaintext mode only. */
  readonly aesKey?: string;
  /** The EncodingAESKey before the last rotation, still accepted (and answered with). */
  readonly aesKeyPrevious?: string;
  /** Base URL of WeChat's API: WeChat's host, or a proxy, or a fake in tests. */
  readonly apiBase: string;
}

export interface Config {
  /** TCP port the HTTP server listens on. */
  readonly port: number;
  /** Interface to bind; 0.0.0.0 by default so containers work. */
  readonly host: string;
  /** Folder of YAML articles and the synonym dictionary. */
  readonly knowledgeDir: string;
  /** Folder of guided flows (YAML). */
  readonly flowsDir: string;
  /** Folder for everything kefu writes (the SQLite database, the token key, caches). Git-ignored. */
  readonly dataDir: string;
  /**
   * `postgres://user:password@host:port/database`: kefu keeps its data in this PostgreSQL
   * database, which several instances can share. Unset = SQLite in `dataDir`. A secret.
   */
  readonly databaseUrl?: string;
  /** Bearer token that `/metrics` requires; unset, `/metrics` is off. */
  readonly metricsToken?: string;
  /** Bot Framework registration for /api/messages; unset = open endpoint for local use. */
  readonly microsoftAppId?: string;
  readonly microsoftAppPassword?: string;
  readonly microsoftAppTenantId?: string;
  /**
   * Without an app id, /api/messages answers loopback clients only (the Emulator, a local test);
   * true opens it to any address, unauthenticated, which only a private network should allow.
   */
  readonly botFrameworkAllowUnauthenticated: boolean;
  /**
   * With an app id, the service URLs kefu will send replies to: an activity naming another is
   * refused. `https://` URLs, where a host may start with `*.` for any subdomain.
   */
  readonly botFrameworkServiceUrls: readonly string[];
  /** Server-to-server Direct Line secret (and token signing key); unset = a key kept in DATA_DIR. */
  readonly directLineSecret?: string;
  /** Origins allowed to call Direct Line and the token route from a browser; empty = any. */
  readonly webchatAllowedOrigins: readonly string[];
  /** pino level. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: readable lines on a terminal, JSON otherwise. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** Watch the knowledge folder and reload on change. */
  readonly knowledgeWatch: boolean;
  /**
   * KNOWLEDGE_GIT=commit: each change editors make in the workspace is committed to the knowledge
   * folder's git repository, with the editor as author (never pushed). Otherwise ('off') the
   * workspace lists the changed files for them to commit.
   */
  readonly knowledgeGit: 'commit' | 'off';
  /** When people answer: `always` or `HH:MM-HH:MM[,HH:MM-HH:MM]`, in `serviceTimeZone`. */
  readonly serviceHours: string;
  /** IANA time zone of the service hours. */
  readonly serviceTimeZone: string;
  /** Hours a ticket may wait for an agent before it expires. */
  readonly ticketExpireHours: number;
  /** How long an agent's login lasts. */
  readonly agentSessionHours: number;
  /** Widget tokens one address may get per minute (every instance counts together on PostgreSQL). */
  readonly tokenRateLimit: number;
  /** Agent sign-in attempts one address may make per minute, on top of the per-account throttle. */
  readonly loginRateLimit: number;
  /**
   * Express's `trust proxy`: which X-Forwarded-* headers to believe (for the client's address in
   * rate limits, and https for Secure cookies). False unless kefu sits behind a proxy.
   */
  readonly trustProxy: boolean | number | string;
  /** The WeChat channel: on when WECHAT_TOKEN and WECHAT_APP_ID are set (start-up then requires WECHAT_APP_SECRET too), otherwise undefined. */
  readonly wechat?: WechatConfig;
  readonly sources: Readonly<Record<string, ConfigSource>>;
}

export class ConfigError extends Error {
  readonly code = 'KEFU_CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`kefu config: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values are never printed, not even in an error about them. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'DIRECTLINE_SECRET', 'METRICS_TOKEN', 'MicrosoftAppPassword', 'WECHAT_TOKEN', 'WECHAT_APP_SECRET', 'WECHAT_AES_KEY', 'WECHAT_AES_KEY_PREVIOUS']);

/** Azure Bot Service's channels, public cloud and US government. */
const DEFAULT_SERVICE_URLS = 'https://*.botframework.com,https://smba.trafficmanager.net,https://*.botframework.azure.us,https://*.trafficmanager.net';

// An EncodingAESKey: 43 base64 characters (32 bytes once WeChat's missing '=' is added).
const encodingAesKey = z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey (letters, digits, + and /)');

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

// One schema, keyed by the environment variable's own name, so an error names the variable.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  KNOWLEDGE_DIR: z.string().min(1).default('./knowledge'),
  FLOWS_DIR: z.string().min(1).default('./flows'),
  MicrosoftAppId: z.string().min(1).optional(),
  MicrosoftAppPassword: z.string().min(1).optional(),
  MicrosoftAppTenantId: z.string().min(1).optional(),
  BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: booleanString.default(false),
  BOTFRAMEWORK_SERVICE_URLS: z
    .string()
    .default(DEFAULT_SERVICE_URLS)
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?(\/.*)?$/i, 'each must be an https:// URL; a host may start with *.'))),
  DIRECTLINE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBCHAT_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'each origin must be a URL like https://www.example.com' }))),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    // No host is allowed: `postgres:///kefu?host=/var/run/postgresql` reaches a local socket.
    .refine((v) => URL.canParse(v) && /^postgres(ql)?:\/\//.test(v), 'must be a PostgreSQL URL like postgres://user:password@host:5432/database')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  KNOWLEDGE_WATCH: booleanString.default(true),
  KNOWLEDGE_GIT: z.enum(['commit', 'off'], { error: 'KNOWLEDGE_GIT must be "commit" or "off"' }).default('off'),
  SERVICE_HOURS: z.string().trim().default('09:00-21:00'),
  SERVICE_TIMEZONE: z.string().trim().default('Asia/Shanghai'),
  TICKET_EXPIRE_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  AGENT_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  TOKEN_RATE_LIMIT: z.coerce.number().int().positive().max(100_000).default(30),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().max(10_000).default(10),
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
    .refine((v) => typeof v !== 'string' || /^[\w.:/, -]+$/.test(v), 'must be true, false, a number of proxies, or addresses/subnets like loopback, 10.0.0.0/8'),
  // WeChat's own rule for the Token field: 3 to 32 letters or digits.
  WECHAT_TOKEN: z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3 to 32 letters or digits, as in the account\'s server settings').optional(),
  WECHAT_APP_ID: z.string().regex(/^wx[0-9a-f]{16}$/i, 'must be the AppID: wx followed by 16 hexadecimal digits').optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_AES_KEY: encodingAesKey.optional(),
  WECHAT_AES_KEY_PREVIOUS: encodingAesKey.optional(),
  WECHAT_API_BASE: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://api.weixin.qq.com' })
    .default('https://api.weixin.qq.com')
    .transform((v) => v.replace(/\/+$/, '')),
});

/**
 * Reads kefu's configuration from an environment once, validates it and returns a frozen
 * object. Nothing else in kefu reads `process.env`.
 * @throws ConfigError naming every bad variable and why.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        // A secret is named with its rule, never shown: the message lands in logs and terminals.
        const shown = SECRET_VARIABLES.has(key) ? '(value hidden)' : JSON.stringify(relevant[key]);
        return `${key}=${shown} is invalid: ${issue.message}`;
      }),
    );
  }
  const v = parsed.data;
  if (v.MicrosoftAppPassword && !v.MicrosoftAppId) {
    throw new ConfigError(['MicrosoftAppPassword is set but MicrosoftAppId is not: set both, or neither for an open local endpoint']);
  }
  if (v.DATABASE_URL && !v.DIRECTLINE_SECRET) {
    // Without a shared secret each instance signs Direct Line tokens with its own key (kept in its
    // DATA_DIR), and a widget whose requests reach another instance is refused.
    throw new ConfigError(['DATABASE_URL is set but DIRECTLINE_SECRET is not: instances sharing a database must sign Direct Line tokens with one secret; set DIRECTLINE_SECRET (at least 16 characters) on every instance']);
  }
  const wechat = resolveWechat(v);
  try {
    parseServiceHours(v.SERVICE_HOURS, v.SERVICE_TIMEZONE);
  } catch (error) {
    throw new ConfigError([`SERVICE_HOURS=${JSON.stringify(v.SERVICE_HOURS)} / SERVICE_TIMEZONE=${JSON.stringify(v.SERVICE_TIMEZONE)} is invalid: ${(error as Error).message}`]);
  }
  const sources = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, key in relevant ? 'env' : 'default']),
  ) as Record<string, ConfigSource>;
  return Object.freeze({
    port: v.PORT,
    host: v.HOST,
    knowledgeDir: path.resolve(cwd, v.KNOWLEDGE_DIR),
    flowsDir: path.resolve(cwd, v.FLOWS_DIR),
    microsoftAppId: v.MicrosoftAppId,
    microsoftAppPassword: v.MicrosoftAppPassword,
    microsoftAppTenantId: v.MicrosoftAppTenantId,
    botFrameworkAllowUnauthenticated: v.BOTFRAMEWORK_ALLOW_UNAUTHENTICATED,
    botFrameworkServiceUrls: Object.freeze(v.BOTFRAMEWORK_SERVICE_URLS),
    directLineSecret: v.DIRECTLINE_SECRET,
    webchatAllowedOrigins: Object.freeze(v.WEBCHAT_ALLOWED_ORIGINS),
    dataDir: path.resolve(cwd, v.DATA_DIR),
    databaseUrl: v.DATABASE_URL,
    metricsToken: v.METRICS_TOKEN,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    knowledgeWatch: v.KNOWLEDGE_WATCH,
    knowledgeGit: v.KNOWLEDGE_GIT,
    serviceHours: v.SERVICE_HOURS,
    serviceTimeZone: v.SERVICE_TIMEZONE,
    ticketExpireHours: v.TICKET_EXPIRE_HOURS,
    agentSessionHours: v.AGENT_SESSION_HOURS,
    tokenRateLimit: v.TOKEN_RATE_LIMIT,
    loginRateLimit: v.LOGIN_RATE_LIMIT,
    trustProxy: v.TRUST_PROXY,
    wechat,
    sources: Object.freeze(sources),
  });
}

/**
 * The WeChat channel is on when its token and app id are set. Anything less than a whole
 * configuration stops start-up naming what is missing, rather than a channel that half works.
 */
function resolveWechat(v: z.infer<typeof envSchema>): WechatConfig | undefined {
  const given = (['WECHAT_TOKEN', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'WECHAT_AES_KEY', 'WECHAT_AES_KEY_PREVIOUS'] as const).filter((key) => v[key] !== undefined);
  if (given.length === 0) return undefined;
  // The secret is needed too: late answers, agents' messages and images go through the API.
  const missing: string[] = (['WECHAT_TOKEN', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET'] as const).filter((key) => v[key] === undefined);
  if (v.WECHAT_AES_KEY_PREVIOUS !== undefined && v.WECHAT_AES_KEY === undefined) missing.push('WECHAT_AES_KEY');
  if (missing.length > 0) {
    throw new ConfigError([`the WeChat channel is half configured: ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not; set ${missing.length === 1 ? 'it' : 'them'}, or unset every WECHAT_* variable to turn the channel off`]);
  }
  return Object.freeze({
    token: v.WECHAT_TOKEN!,
    appId: v.WECHAT_APP_ID!,
    appSecret: v.WECHAT_APP_SECRET!,
    aesKey: v.WECHAT_AES_KEY,
    aesKeyPrevious: v.WECHAT_AES_KEY_PREVIOUS,
    apiBase: v.WECHAT_API_BASE,
  });
}
