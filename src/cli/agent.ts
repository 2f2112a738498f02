/**
 * The people who answer handoffs. There are no default accounts: the first is added here.
 *   npm run agent -- add <username> [--display-name 名字] [--role agent|supervisor|editor|admin] [--password-stdin]
 *   npm run agent -- list
 *   npm run agent -- role <username> <role>     agent, supervisor, editor or admin
 *   npm run agent -- disable <username>        also signs the agent out everywhere
 *   npm run agent -- enable <username>
 *   npm run agent -- reset-password <username> [--password-stdin]   also signs out, ends any waits
 *   npm run agent -- failures [--since 24h] [--limit 50]   refused sign-ins, newest first
 * Passwords are typed twice on a terminal with echo off, or read from the first line of stdin
 * with --password-stdin. Exit code 1 when the command fails, 2 on bad usage, 130 on Ctrl-C at a
 * password prompt.
 * The command itself is runAgentCli, which tests run in their own process; this module only hands
 * it the process's arguments, environment and streams.
 */
import { runAgentCli } from './runAgentCli.js';

process.exitCode = await runAgentCli(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
