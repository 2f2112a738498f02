import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'vitest';
import { createAgentDirectory, type AgentDirectory } from '../../src/handoff/index.js';
import { createAgentSessionStore, createAgentStore, openDatabase, type KefuDatabase } from '../../src/storage/index.js';
import { runCli } from '../support/runCli.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

/**
 * A fresh DATA_DIR for one test, removed after it; `agent` runs `npm run agent -- ...args` in it
 * in this process with `input` on stdin (never a TTY) and passwords at the tests' scrypt cost,
 * `agentProcess` runs it as its own process (stdin a pipe), and `withDirectory` opens the CLI's
 * database file in this process, for checks the CLI cannot make.
 */
async function useCli({ onTestFinished }: Pick<TestContext, 'onTestFinished'>) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-agent-cli-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  const file = path.join(dataDir, 'kefu.sqlite');

  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  const agent = (args: readonly string[], input = '') => runCliInProcess('agent', args, { env, input });
  const agentProcess = (args: readonly string[], input = '') => runCli('agent', args, { env, input });

  async function withDirectory<T>(use: (directory: AgentDirectory, db: KefuDatabase['db']) => Promise<T>): Promise<T> {
    const database = await openDatabase({ file });
    try {
      return await use(createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db) }), database.db);
    } finally {
      await database.close();
    }
  }

  return { agent, agentProcess, withDirectory, file };
}

/*
 * Most tests run the command in this process. Two run it as its own process, as an admin does,
 * so that the wiring stays tested: the arguments, a password piped in on stdin, a pipe that is
 * not a terminal, production's scrypt cost and the exit codes 0 and 2. Each process takes a
 * second or two to start (tsx), more on a busy machine.
 */
const processTimeout = { timeout: 60_000 };

describe('npm run agent', () => {
  it('adds an agent with a password from stdin, and lists it (as its own process)', processTimeout, async ({ expect, onTestFinished }) => {
    const { agent, agentProcess, withDirectory } = await useCli({ onTestFinished });
    const added = await agentProcess(['add', 'Wang', '--display-name', '王丽', '--password-stdin'], 'a-good-password\n');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('added agent wang (王丽)');

    const listed = await agent(['list']);
    expect(listed.code).toBe(0);
    const [header, row, ...rest] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/username.*display name.*role.*disabled.*last login/);
    expect(row?.split(/\s{2,}/)).toEqual(['wang', '王丽', 'agent', 'no', '-']);
    expect(rest).toEqual([]);
    await withDirectory(async (directory) => {
      await expect(directory.login('wang', 'a-good-password', 'bearer')).resolves.toBeDefined();
    });
  });

  it('gives an account a role when adding it and later, and refuses a role that does not exist', async ({ expect, onTestFinished }) => {
    const { agent, withDirectory } = await useCli({ onTestFinished });
    const added = await agent(['add', 'zhao', '--role', 'editor', '--password-stdin'], 'a-good-password\n');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('已添加编辑 zhao');
    const changed = await agent(['role', 'zhao', 'supervisor']);
    expect(changed).toMatchObject({ code: 0, stderr: '' });
    expect(changed.stdout).toContain('zhao 现在是主管（supervisor）');

    const unknown = await agent(['role', 'zhao', 'root']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown role "root": one of agent, supervisor, editor, admin');
    expect((await agent(['role', 'zhao'])).stderr).toContain('role needs a role');
    expect((await agent(['role', 'nobody', 'agent'])).code).toBe(1);
    expect((await agent(['add', 'qian', '--role', 'boss', '--password-stdin'], 'a-good-password\n')).code).toBe(2);
    await withDirectory(async (directory) => {
      expect((await directory.get('zhao'))?.role).toBe('supervisor');
      expect(await directory.get('qian')).toBeUndefined();
    });
  });

  it('reads only the first line of stdin as the password', async ({ expect, onTestFinished }) => {
    const { agent, withDirectory } = await useCli({ onTestFinished });
    expect((await agent(['add', 'wang', '--password-stdin'], 'first-line-password\r\nsecond line\n')).code).toBe(0);

    await withDirectory(async (directory) => {
      await expect(directory.login('wang', 'first-line-password', 'bearer')).resolves.toBeDefined();
    });
  });

  it('says when there are no agents yet', async ({ expect, onTestFinished }) => {
    const { agent } = await useCli({ onTestFinished });
    const listed = await agent(['list']);

    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('no agents yet');
  });

  it('fails with exit code 1 when the username is taken', async ({ expect, onTestFinished }) => {
    const { agent } = await useCli({ onTestFinished });
    await agent(['add', 'wang', '--password-stdin'], 'a-good-password\n');

    const again = await agent(['add', 'WANG', '--password-stdin'], 'another-password\n');

    expect(again.code).toBe(1);
    expect(again.stderr).toBe('kefu agent: agent "wang" already exists / 该用户名已存在\n');
  });

  it('fails with exit code 1 for a password the policy refuses', async ({ expect, onTestFinished }) => {
    const { agent } = await useCli({ onTestFinished });
    const added = await agent(['add', 'wang', '--password-stdin'], 'short\n');

    expect(added.code).toBe(1);
    expect(added.stderr).toContain('kefu agent: 密码至少需要 10 个字符');
    expect((await agent(['list'])).stdout).toContain('no agents yet');
  });

  it('disables an agent, signing it out, and enables it again', async ({ expect, onTestFinished }) => {
    const { agent, withDirectory } = await useCli({ onTestFinished });
    await agent(['add', 'wang', '--password-stdin'], 'a-good-password\n');
    const { token } = await withDirectory((directory) => directory.login('wang', 'a-good-password', 'cookie'));

    const disabled = await agent(['disable', 'wang']);
    expect(disabled).toMatchObject({ code: 0, stderr: '' });
    expect(disabled.stdout).toContain('disabled wang');
    expect((await agent(['list'])).stdout.split('\n')[1]?.split(/\s{2,}/)[3]).toBe('yes');
    await withDirectory(async (directory, db) => {
      expect(await directory.authenticate(token)).toBeUndefined();
      expect(await db.selectFrom('agent_sessions').selectAll().execute()).toEqual([]);
    });

    expect((await agent(['enable', 'wang'])).code).toBe(0);
    await withDirectory(async (directory) => {
      expect((await directory.get('wang'))?.disabled).toBe(false);
    });
  });

  it('resets a password from stdin', async ({ expect, onTestFinished }) => {
    const { agent, withDirectory } = await useCli({ onTestFinished });
    await agent(['add', 'wang', '--password-stdin'], 'a-good-password\n');

    const reset = await agent(['reset-password', 'wang', '--password-stdin'], 'a-new-password\n');

    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('reset the password of wang');
    await withDirectory(async (directory) => {
      await expect(directory.login('wang', 'a-good-password', 'bearer')).rejects.toMatchObject({ code: 'HANDOFF_BAD_CREDENTIALS' });
      await expect(directory.login('wang', 'a-new-password', 'bearer')).resolves.toBeDefined();
    });
  });

  it('lists the refused sign-ins since a time, newest first, at most --limit, with names shown escaped', async ({ expect, onTestFinished }) => {
    const { agent, withDirectory } = await useCli({ onTestFinished });
    await withDirectory(async (_directory, db) => {
      const store = createAgentStore(db);
      await store.recordLoginFailure({ username: 'wang', address: '203.0.113.9', reason: 'bad_password', at: '2026-03-01T08:00:00.000Z' });
      await store.recordLoginFailure({ username: 'evil\u001b[2Jname', address: '::1', reason: 'unknown_user', at: '2026-03-01T09:00:00.000Z' });
      await store.recordLoginFailure({ username: 'wang', address: '203.0.113.9', reason: 'throttled', at: '2026-03-01T10:00:00.000Z' });
    });

    const listed = await agent(['failures', '--since', '2026-03-01T08:30:00Z']);

    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).not.toContain('\u001b');
    const [header, ...rows] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^时间 time\s+用户名 username\s+地址 address\s+原因 reason$/);
    expect(rows.map((row) => row.split(/\s{2,}/))).toEqual([
      ['2026-03-01T10:00:00.000Z', 'wang', '203.0.113.9', '尝试过多 throttled'],
      ['2026-03-01T09:00:00.000Z', 'evil\\u001b[2jname', '::1', '无此用户 unknown_user'],
    ]);
    expect((await agent(['failures', '--since', '2026-03-01T00:00:00Z', '--limit', '1'])).stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('lists the last 24 hours by default, and says so when nothing was refused', async ({ expect, onTestFinished }) => {
    const { agent, withDirectory } = await useCli({ onTestFinished });
    // Long ago whenever this runs: outside the default 24 hours, inside 20000 days (until 2054).
    await withDirectory(async (_directory, db) => {
      await createAgentStore(db).recordLoginFailure({ username: 'wang', address: '::1', reason: 'bad_password', at: '2000-01-01T00:00:00.000Z' });
    });

    const recent = await agent(['failures']);
    expect(recent.code).toBe(0);
    expect(recent.stdout).toMatch(/^\S+ 以来没有失败的登录 \/ no failed logins since \S+\n$/);
    expect((await agent(['failures', '--since', '20000d'])).stdout).toContain('2000-01-01T00:00:00.000Z  wang');
  });

  it.for<[string, string[], string]>([
    ['a --since that is neither a duration nor a time', ['failures', '--since', 'yesterday'], '--since "yesterday" must be like 30m, 24h, 7d'],
    ['a --limit of 0', ['failures', '--limit', '0'], '--limit "0" must be a whole number from 1 to 1000'],
    ['--since on another command', ['list', '--since', '24h'], '--since is only for failures'],
  ])('exits 2 for %s', async ([, args, problem], { expect, onTestFinished }) => {
    const { agent } = await useCli({ onTestFinished });
    const result = await agent(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(problem);
  });

  it('fails with exit code 1 for an unknown agent', async ({ expect, onTestFinished }) => {
    const { agent } = await useCli({ onTestFinished });
    const disabled = await agent(['disable', 'nobody']);

    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toMatch(/^kefu agent: no agent "nobody"/);
  });

  it('exits 2 without a terminal and without --password-stdin, before touching the database (as its own process)', processTimeout, async ({ expect, onTestFinished }) => {
    const { agentProcess, file } = await useCli({ onTestFinished });
    const added = await agentProcess(['add', 'wang']);

    expect(added.code).toBe(2);
    expect(added.stderr).toContain('--password-stdin');
    expect(existsSync(file)).toBe(false);
  });

  it.for<[string, string[]]>([
    ['no command', []],
    ['an unknown command', ['remove', 'wang']],
    ['add without a username', ['add', '--password-stdin']],
    ['an unknown option', ['list', '--all']],
    ['too many arguments', ['disable', 'wang', 'zhao']],
    ['--display-name on another command', ['enable', 'wang', '--display-name', 'x']],
  ])('exits 2 with the usage, in Chinese then English, for %s', async ([, args], { expect, onTestFinished }) => {
    const { agent } = await useCli({ onTestFinished });
    const result = await agent(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kefu agent: /);
    expect(result.stderr.indexOf('用法：')).toBeGreaterThan(0);
    expect(result.stderr.indexOf('usage:')).toBeGreaterThan(result.stderr.indexOf('用法：'));
  });

  it('prints the usage and exits 0 for --help', async ({ expect, onTestFinished }) => {
    const { agent } = await useCli({ onTestFinished });
    const result = await agent(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('npm run agent -- reset-password <username> [--password-stdin]');
    expect(result.stdout).toContain('npm run agent -- failures [--since 24h] [--limit 50]');
  });
});
