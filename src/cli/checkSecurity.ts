/**
 * Fuzzes a running kefu: a seeded plan of requests over every route and the WebSocket upgrade
 * paths, checking that nothing answers 5xx, the server stays up, and no test card number comes
 * back. Point it at your own instance (it sends a few thousand odd requests and starts a few
 * conversations; it never tries a real agent's name with a wrong password).
 *   npm run check:security -- --url http://127.0.0.1:3978 [--seed N] [--requests 2000]
 *       [--concurrency 12] [--timeout-ms 10000] [--only 12,345]
 *       [--agent <username> --agent-password-stdin]
 * Exit code 0 when every request passed, 1 when any failed, 2 on bad usage.
 */
import { randomInt } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { FuzzError, MAX_SEED, formatReport, parseTarget, runFuzz } from './security/index.js';

const usage = `usage: npm run check:security -- --url http://127.0.0.1:3978 [options]
  --url URL               the kefu to check (http or https)
  --seed N                repeat a run (0 to ${MAX_SEED}); printed at the start of every run
  --requests N            size of the plan (default 2000)
  --concurrency N         requests in flight at once (default 12)
  --timeout-ms N          how long one request may take (default 10000)
  --only I,J              send only these plan indices (from a report's "again:" line)
  --agent USERNAME        an agent account, so the agent routes are also fuzzed logged in;
  --agent-password-stdin  its password, read from the first line of stdin`;

class UsageError extends Error {}

function whole(name: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`--${name} must be a whole number up to ${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}

async function readFirstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function main(args: readonly string[]): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        url: { type: 'string' },
        seed: { type: 'string' },
        requests: { type: 'string' },
        concurrency: { type: 'string' },
        'timeout-ms': { type: 'string' },
        only: { type: 'string' },
        agent: { type: 'string' },
        'agent-password-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (!values.url) throw new UsageError('--url is required');
    parseTarget(values.url);
    if (values.agent && !values['agent-password-stdin']) throw new UsageError('--agent needs --agent-password-stdin (a password on the command line would show in the process list)');
    const only = values.only?.split(',').map((i) => whole('only', i.trim(), 0));
    options = {
      url: values.url,
      seed: whole('seed', values.seed, randomInt(MAX_SEED), MAX_SEED),
      requests: whole('requests', values.requests, 2000),
      concurrency: whole('concurrency', values.concurrency, 12),
      timeoutMs: whole('timeout-ms', values['timeout-ms'], 10_000),
      ...(only ? { only } : {}),
      ...(values.agent ? { agent: { username: values.agent, password: await readFirstLine() } } : {}),
    };
  } catch (error) {
    console.error(error instanceof FuzzError ? error.message : `${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  console.log(`seed ${options.seed} (run again with --seed ${options.seed})`);
  try {
    const report = await runFuzz({ ...options, log: (line) => console.log(line) });
    console.log(formatReport(report));
    return report.failed === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof FuzzError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
