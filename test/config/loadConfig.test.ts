import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const SHARED_SECRET = 'one-secret-for-every-instance';

describe('loadConfig', () => {
  it('uses documented defaults when the environment is empty', () => {
    const config = loadConfig({}, '/srv/kefu');
    expect(config).toMatchObject({ port: 3978, host: '0.0.0.0', knowledgeDir: '/srv/kefu/knowledge', dataDir: '/srv/kefu/data', logLevel: 'info', knowledgeWatch: true });
    expect(config.sources.PORT).toBe('default');
  });

  it('reads variables and records that they came from the environment', () => {
    const config = loadConfig({ PORT: '8080', KNOWLEDGE_DIR: '/kb', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'debug' }, '/srv');
    expect(config).toMatchObject({ port: 8080, knowledgeDir: '/kb', knowledgeWatch: false, logLevel: 'debug' });
    expect(config.sources).toMatchObject({ PORT: 'env', KNOWLEDGE_DIR: 'env', DATA_DIR: 'default' });
  });

  it('fails naming every bad variable and its value', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PORT="eighty" is invalid/);
    expect(problems[1]).toMatch(/^LOG_LEVEL="loud" is invalid/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the web chat origins as a list and refuses one that is not a URL, naming the variable', () => {
    expect(loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://a.example.com, https://b.example.com' }).webchatAllowedOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(loadConfig({}).webchatAllowedOrigins).toEqual([]);
    expect(() => loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'not a url' })).toThrow(/WEBCHAT_ALLOWED_ORIGINS="not a url" is invalid/);
  });

  it('refuses a Direct Line secret too short to sign with, and never logs it', async () => {
    expect(() => loadConfig({ DIRECTLINE_SECRET: 'short' })).toThrow(/DIRECTLINE_SECRET=\(value hidden\) is invalid: must be at least 16 characters/);
    // The rule and the name, never the value: a start-up error lands in logs.
    expect(() => loadConfig({ DIRECTLINE_SECRET: 'sh0rt-s3cret' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('sh0rt-s3cret') }));
    const { describeConfig } = await import('../../src/config/index.js');
    const described = JSON.stringify(describeConfig(loadConfig({ DIRECTLINE_SECRET: 'a-long-enough-secret', MicrosoftAppId: 'id', MicrosoftAppPassword: 'p4ssword' })));
    expect(described).not.toContain('a-long-enough-secret');
    expect(described).not.toContain('p4ssword');
  });

  it('refuses DATABASE_URL without DIRECTLINE_SECRET: instances sharing a database must sign tokens alike', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db.internal/kefu' })).toThrow(/DATABASE_URL is set but DIRECTLINE_SECRET is not/);
  });

  it('keeps data in SQLite unless DATABASE_URL names a PostgreSQL database', () => {
    expect(loadConfig({}, '/srv').databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://kefu:pw@db.internal:5432/kefu', DIRECTLINE_SECRET: SHARED_SECRET }).databaseUrl).toBe('postgres://kefu:pw@db.internal:5432/kefu');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db.internal/kefu?sslmode=require', DIRECTLINE_SECRET: SHARED_SECRET }).databaseUrl).toBe('postgresql://db.internal/kefu?sslmode=require');
    expect(loadConfig({ DATABASE_URL: 'postgres:///kefu?host=/var/run/postgresql', DIRECTLINE_SECRET: SHARED_SECRET }).databaseUrl).toBe('postgres:///kefu?host=/var/run/postgresql');
  });

  it.each([
    ['a MySQL URL', 'mysql://kefu:pw@db.internal/kefu'],
    ['a file path', './data/kefu.sqlite'],
    ['an http URL', 'https://db.internal/kefu'],
  ])('refuses %s as DATABASE_URL without showing it', (_name, url) => {
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/DATABASE_URL=\(value hidden\) is invalid: must be a PostgreSQL URL/);
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(url) }));
  });

  it('never logs DATABASE_URL, which may carry a password', async () => {
    const { describeConfig } = await import('../../src/config/index.js');
    const described = describeConfig(loadConfig({ DATABASE_URL: 'postgres://kefu:db-p4ssword@db.internal/kefu', DIRECTLINE_SECRET: SHARED_SECRET }));
    expect(described.databaseUrl).toBe('[redacted]');
    expect(JSON.stringify(described)).not.toContain('db-p4ssword');
    expect(describeConfig(loadConfig({})).databaseUrl).toBeUndefined();
  });

  it('defaults to people answering 09:00-21:00 Beijing time, and refuses service hours or a time zone it cannot read', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ serviceHours: '09:00-21:00', serviceTimeZone: 'Asia/Shanghai', ticketExpireHours: 24, agentSessionHours: 12 });
    expect(loadConfig({ SERVICE_HOURS: 'always' }, '/srv').serviceHours).toBe('always');
    expect(() => loadConfig({ SERVICE_HOURS: '9-21' }, '/srv')).toThrow(/SERVICE_HOURS="9-21"/);
    expect(() => loadConfig({ SERVICE_TIMEZONE: 'Mars/Olympus' }, '/srv')).toThrow(ConfigError);
    expect(() => loadConfig({ TICKET_EXPIRE_HOURS: '0' }, '/srv')).toThrow(/TICKET_EXPIRE_HOURS/);
  });

  it('reads TRUST_PROXY as Express does: a boolean, a number of proxies, or addresses', () => {
    expect(loadConfig({}, '/srv').trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }, '/srv').trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }, '/srv').trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, '/srv').trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'yes please!' }, '/srv')).toThrow(/TRUST_PROXY/);
  });
});

describe('Bot Framework endpoint settings', () => {
  it('keep /api/messages closed to remote unauthenticated callers unless opened, and allow Azure service URLs by default', () => {
    const config = loadConfig({}, '/srv');
    expect(config.botFrameworkAllowUnauthenticated).toBe(false);
    expect(config.botFrameworkServiceUrls).toContain('https://*.botframework.com');
    expect(loadConfig({ BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: 'true' }, '/srv').botFrameworkAllowUnauthenticated).toBe(true);
  });

  it('refuse a service URL that is not https', () => {
    expect(() => loadConfig({ BOTFRAMEWORK_SERVICE_URLS: 'http://evil.example' }, '/srv')).toThrow(/BOTFRAMEWORK_SERVICE_URLS.*https/);
  });
});
