import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliContext } from '../../src/cli/CliContext.js';
import { runAgentCli } from '../../src/cli/runAgentCli.js';
import { runChatCli } from '../../src/cli/runChatCli.js';
import { runWechatCli } from '../../src/cli/runWechatCli.js';
import { TEST_PASSWORD_COST } from './passwordCost.js';
import { sharedKnowledge } from './sharedKnowledge.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

type Env = Record<string, string>;

const commands = {
  agent: (args, context) => runAgentCli(args, context, { passwordCost: TEST_PASSWORD_COST }),
  chat: async (args, context, env) => runChatCli(args, context, { runtime: { knowledge: await sharedKnowledge(env) } }),
  wechat: runWechatCli,
} satisfies Record<string, (args: readonly string[], context: CliContext, env: Env) => Promise<number>>;

/**
 * Runs one of kefu's commands in this process, as `runCli` runs it as its own: from the
 * repository root, with `input` on stdin (a stream, never a TTY), `env` on top of this process's
 * environment, and what it prints collected. Agents' passwords are hashed at the tests' scrypt
 * cost, and the chat shares the file's index of the repository's knowledge (sharedKnowledge).
 * Resolves when the command does, with the same shape as `runCli`.
 */
export async function runCliInProcess(name: keyof typeof commands, args: readonly string[], { env = {}, input = '' }: { env?: Env; input?: string } = {}) {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = collector();
  const stderr = collector();
  const code = await commands[name](args, { env: { ...process.env, ...env }, cwd: root, stdin, stdout: stdout.stream, stderr: stderr.stream }, env);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function collector() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
}
