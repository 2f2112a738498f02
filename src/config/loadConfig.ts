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
  };
}

/** Where a config value came from, logged once at start-up. */
export type ConfigSource = 'env' | 'default';

export interface Config {
  /** TCP port the HTTP server listens on. */
  readonly port: number;
  /** Interface to bind; 0.0.0.0 by default so containers work. */
  readonly host: string;
  /** Folder of YAML articles and the synonym dictionary. */
  readonly knowledgeDir: string;
  /** Folder of guided flows (YAML). */
  readonly flowsDir: string;
  /** Folder for everything kefu writes (database, caches). Git-ignored. */
  readonly dataDir: string;
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
  /** Watch the knowledge folder and reload on change. */
  readonly knowledgeWatch: boolean;
  /** When people answer: `always` or `HH:MM-HH:MM[,HH:MM-HH:MM]`, in `serviceTimeZone`. */
  readonly serviceHours: string;
  /** IANA time zone of the service hours. */
  readonly serviceTimeZone: string;
  /** Hours a ticket may wait for an agent before it expires. */
  readonly ticketExpireHours: number;
  /** How long an agent's login lasts. */
  readonly agentSessionHours: number;
  /**
   * Express's `trust proxy`: which X-Forwarded-* headers to believe (for the client's address in
   * rate limits, and https for Secure cookies). False unless kefu sits behind a proxy.
   */
  readonly trustProxy: boolean | number | string;
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
const SECRET_VARIABLES = new Set(['DIRECTLINE_SECRET', 'MicrosoftAppPassword']);

/** Azure Bot Service's channels, public cloud and US government. */
const DEFAULT_SERVICE_URLS = 'https://*.botframework.com,https://smba.trafficmanager.net,https://*.botframework.azure.us,https://*.trafficmanager.net';

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
  WEBCHAT_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'each origin must be a URL like https://www.example.com' }))),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KNOWLEDGE_WATCH: booleanString.default(true),
  SERVICE_HOURS: z.string().trim().default('09:00-21:00'),
  SERVICE_TIMEZONE: z.string().trim().default('Asia/Shanghai'),
  TICKET_EXPIRE_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  AGENT_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
    .refine((v) => typeof v !== 'string' || /^[\w.:/, -]+$/.test(v), 'must be true, false, a number of proxies, or addresses/subnets like loopback, 10.0.0.0/8'),
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
    logLevel: v.LOG_LEVEL,
    knowledgeWatch: v.KNOWLEDGE_WATCH,
    serviceHours: v.SERVICE_HOURS,
    serviceTimeZone: v.SERVICE_TIMEZONE,
    ticketExpireHours: v.TICKET_EXPIRE_HOURS,
    agentSessionHours: v.AGENT_SESSION_HOURS,
    trustProxy: v.TRUST_PROXY,
    sources: Object.freeze(sources),
  });
}
