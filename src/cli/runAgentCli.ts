import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { isRole, ROLE_NAMES, ROLES, type Role } from '../access/index.js';
import { loadConfig } from '../config/index.js';
import { createAgentDirectory, type AgentDirectory } from '../handoff/index.js';
import { configuredDatabase, createAgentSessionStore, createAgentStore, openDatabase } from '../storage/index.js';
import { writeLine, type CliContext } from './CliContext.js';

const usage = `用法：
  npm run agent -- add <用户名> [--display-name 名字] [--role 角色] [--password-stdin]   添加账号（默认角色 agent）
  npm run agent -- list                                                    列出账号
  npm run agent -- role <用户名> <角色>                                     更改角色
  npm run agent -- disable <用户名>                                        停用，并退出其所有登录
  npm run agent -- enable <用户名>                                         启用
  npm run agent -- reset-password <用户名> [--password-stdin]              重置密码，并退出其所有登录
  npm run agent -- failures [--since 24h] [--limit 50]                     最近失败的登录（--since 可为 30m、24h、7d 或时间点）
在终端上会提示输入两次密码（不回显）；否则用 --password-stdin 从标准输入的第一行读取。没有默认账号。

usage:
  npm run agent -- add <username> [--display-name NAME] [--role ROLE] [--password-stdin]
  npm run agent -- list
  npm run agent -- role <username> <role>
  npm run agent -- disable <username>
  npm run agent -- enable <username>
  npm run agent -- reset-password <username> [--password-stdin]
  npm run agent -- failures [--since 24h] [--limit 50]   refused sign-ins, newest first
                                                        (--since: 30m, 24h, 7d or an ISO-8601 time)
On a terminal the password is asked twice without echo; otherwise pass --password-stdin and
pipe it in (first line). There are no default accounts.

角色 / roles: agent 客服（接待转人工）, supervisor 主管（客服 + 全部会话与报表）,
editor 编辑（知识库工作台）, admin 管理员（账号及以上全部）.`;

/** A failure that is the caller's usage, not the command's: exit code 2. */
class UsageError extends Error {}

/** Ctrl-C at a password prompt: exit code 130, as a shell reports SIGINT. */
class Interrupted extends Error {}

const commands = {
  add: { needsUser: true, needsPassword: true },
  list: { needsUser: false, needsPassword: false },
  role: { needsUser: true, needsPassword: false },
  disable: { needsUser: true, needsPassword: false },
  enable: { needsUser: true, needsPassword: false },
  'reset-password': { needsUser: true, needsPassword: true },
  failures: { needsUser: false, needsPassword: false },
} as const;
type Command = keyof typeof commands;

export interface AgentCliOptions {
  /** scrypt's cost for the passwords set. Default: production's (`PASSWORD_COST`); tests pass a lower one. */
  readonly passwordCost?: number;
}

/**
 * `npm run agent -- ...args` (see agent.ts): reads the password from `context.stdin`, the
 * configuration from `context.env`, prints results on `context.stdout` and problems on
 * `context.stderr`. Resolves to the exit code: 0, 1 when the command fails, 2 on bad usage, 130
 * when a password prompt is interrupted.
 */
export async function runAgentCli(args: readonly string[], context: CliContext, { passwordCost }: AgentCliOptions = {}): Promise<number> {
  const { stdout, stderr } = context;
  function usageError(problem: string, withUsage = true): number {
    writeLine(stderr, `kefu agent: ${problem}${withUsage ? `\n\n${usage}` : ''}`);
    return 2;
  }

  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        'display-name': { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        since: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    writeLine(stdout, usage);
    return 0;
  }
  const [name, username, ...rest] = positionals;
  // `role <username> <role>`: the role is the one further word that command takes.
  const newRole = name === 'role' ? rest[0] : values.role;
  const extra = name === 'role' ? rest.slice(1) : rest;
  if (!name) return usageError('缺少命令 / missing command');
  if (!Object.hasOwn(commands, name)) return usageError(`未知命令 "${name}" / unknown command "${name}"`);
  const command = name as Command;
  const { needsUser, needsPassword } = commands[command];
  if (needsUser && !username) return usageError(`${command} 需要用户名 / ${command} needs a username`);
  if (extra.length > 0 || (!needsUser && username)) return usageError(`多余的参数 / unexpected arguments: ${(needsUser ? extra : positionals.slice(1)).join(' ')}`);
  if (values['display-name'] !== undefined && command !== 'add') return usageError('--display-name 只用于 add / --display-name is only for add');
  if (values.role !== undefined && command !== 'add') return usageError('--role 只用于 add（改角色用 role 命令） / --role is only for add (use the role command to change one)');
  if (command === 'role' && newRole === undefined) return usageError(`role 需要角色：${ROLES.join('、')} / role needs a role: ${ROLES.join(', ')}`);
  if (newRole !== undefined && !isRole(newRole)) return usageError(`未知角色 "${newRole}"，可选：${ROLES.join('、')} / unknown role "${newRole}": one of ${ROLES.join(', ')}`);
  if (values['password-stdin'] && !needsPassword) return usageError(`--password-stdin 不用于 ${command} / --password-stdin is not for ${command}`);
  for (const option of ['since', 'limit'] as const) {
    if (values[option] !== undefined && command !== 'failures') return usageError(`--${option} 只用于 failures / --${option} is only for failures`);
  }
  let listing: FailureListing;
  try {
    // Only `failures` reads it; the defaults cannot fail.
    listing = parseListing(values.since ?? '24h', values.limit ?? '50', new Date());
  } catch (error) {
    return usageError((error as Error).message);
  }

  try {
    // The password first: a usage problem should not wait on the database.
    const password = needsPassword ? await readPassword(values['password-stdin'], context) : '';
    const config = loadConfig(context.env, context.cwd);
    const database = await openDatabase(configuredDatabase(config));
    try {
      const directory = createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db), passwordCost });
      writeLine(stdout, await run(directory, command, username ?? '', password, { displayName: values['display-name'], role: newRole }, listing));
    } finally {
      await database.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) return 130;
    if (error instanceof UsageError) return usageError(error.message, false);
    // Module prefixes ("kefu handoff: ") are noise after our own.
    const message = (error instanceof Error ? error.message : String(error)).replace(/^kefu [a-z]+: /, '');
    writeLine(stderr, `kefu agent: ${message}`);
    return 1;
  }
}

/** Runs the command; resolves to what it prints: one line, or a table. */
async function run(
  directory: AgentDirectory,
  command: Command,
  username: string,
  password: string,
  { displayName, role }: { readonly displayName: string | undefined; readonly role: Role | undefined },
  listing: FailureListing,
): Promise<string> {
  switch (command) {
    case 'add': {
      const agent = await directory.add({ username, password, ...(displayName !== undefined && { displayName }), ...(role !== undefined && { role }) });
      const name = ROLE_NAMES[agent.role];
      return `已添加${name.zh} ${agent.username}（${agent.displayName}） / added ${name.en} ${agent.username} (${agent.displayName})`;
    }
    case 'role': {
      const agent = await directory.setRole(username, role!);
      const name = ROLE_NAMES[agent.role];
      return `${agent.username} 现在是${name.zh}（${agent.role}） / ${agent.username} is now ${name.en === 'admin' ? 'an' : 'a'} ${name.en}`;
    }
    case 'list': {
      const agents = await directory.list();
      if (agents.length === 0) return '还没有客服账号，用 npm run agent -- add <用户名> 添加 / no agents yet: add one with npm run agent -- add <username>';
      const header = ['用户名 username', '显示名称 display name', '角色 role', '停用 disabled', '上次登录 last login'];
      return formatTable([header, ...agents.map((a) => [a.username, a.displayName, a.role, a.disabled ? 'yes' : 'no', a.lastLoginAt ?? '-'])]);
    }
    case 'disable':
    case 'enable': {
      const agent = await directory.setDisabled(username, command === 'disable');
      return agent.disabled ? `已停用 ${agent.username}，其登录已全部退出 / disabled ${agent.username} and signed it out` : `已启用 ${agent.username} / enabled ${agent.username}`;
    }
    case 'reset-password': {
      const agent = await directory.resetPassword(username, password);
      return `已重置 ${agent.username} 的密码，其登录已全部退出 / reset the password of ${agent.username} and signed it out`;
    }
    case 'failures': {
      const { since, limit } = listing;
      const failures = await directory.failures({ since, limit });
      if (failures.length === 0) return `${since.toISOString()} 以来没有失败的登录 / no failed logins since ${since.toISOString()}`;
      const header = ['时间 time', '用户名 username', '地址 address', '原因 reason'];
      // The username and the address are whatever a stranger sent: shown escaped, never as terminal codes.
      return formatTable([header, ...failures.map((f) => [f.at, printable(f.username), printable(f.address), `${reasons[f.reason]} ${f.reason}`])]);
    }
  }
}

// --- The failures ---------------------------------------------------------------------------

interface FailureListing {
  readonly since: Date;
  readonly limit: number;
}

const reasons = { unknown_user: '无此用户', bad_password: '密码错误', disabled: '账号已停用', throttled: '尝试过多' } as const;
const MAX_LIMIT = 1000;
const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since` as a duration back from `now` (30m, 24h, 7d) or an ISO-8601 time; `--limit` from 1 to 1000. */
function parseListing(since: string, limit: string, now: Date): FailureListing {
  const duration = /^(\d+)([mhd])$/.exec(since);
  const from = duration ? new Date(now.getTime() - Number(duration[1]) * UNITS[duration[2] as keyof typeof UNITS]) : /^\d{4}-\d{2}-\d{2}/.test(since) ? new Date(since) : undefined;
  if (!from || Number.isNaN(from.getTime())) throw new Error(`--since "${since}" 应为 30m、24h、7d 或时间点 / --since "${since}" must be like 30m, 24h, 7d or an ISO-8601 time`);
  const count = /^\d+$/.test(limit) ? Number(limit) : Number.NaN;
  if (!(count >= 1 && count <= MAX_LIMIT)) throw new Error(`--limit "${limit}" 应为 1-${MAX_LIMIT} 的整数 / --limit "${limit}" must be a whole number from 1 to ${MAX_LIMIT}`);
  return { since: from, limit: count };
}

// Control characters and bidirectional overrides could rewrite the admin's terminal or reorder a line.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// --- Passwords ------------------------------------------------------------------------------

async function readPassword(fromStdin: boolean, { stdin, stderr }: CliContext): Promise<string> {
  if (fromStdin) return readFirstLine(stdin);
  if (!stdin.isTTY) {
    throw new UsageError('没有终端可以输入密码：请加 --password-stdin，从标准输入传入密码 / no terminal to type a password on: add --password-stdin and pipe the password in');
  }
  const first = await promptHidden('密码 / password: ', stdin, stderr);
  const second = await promptHidden('再输一次 / again: ', stdin, stderr);
  if (first !== second) throw new Error('两次输入的密码不一致 / the passwords do not match');
  return first;
}

async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

/** Asks on stderr (stdout stays for results) with the typed characters not echoed. */
async function promptHidden(prompt: string, stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) stderr.write(chunk);
      done();
    },
  });
  const lines = createInterface({ input: stdin, output, terminal: true });
  try {
    stderr.write(prompt);
    muted = true;
    return await new Promise<string>((resolve, reject) => {
      // Raw mode swallows Ctrl-C: readline reports it here instead.
      lines.on('SIGINT', () => reject(new Interrupted('interrupted')));
      lines.question('').then(resolve, reject);
    });
  } finally {
    muted = false;
    stderr.write('\n');
    lines.close();
  }
}

// --- Tables ---------------------------------------------------------------------------------

/** Rows (the first is the header) in columns two spaces apart, padded by display width. */
function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]!))));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column]! - displayWidth(cell)))).join('  ')).join('\n');
}

// Chinese characters take two columns in a terminal.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}
