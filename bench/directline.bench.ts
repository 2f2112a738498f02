/**
 * `npm run bench:directline [-- --turns 100 --runs 3]`
 *
 * Time from a user's message (POST .../activities) to the bot's reply on the WebSocket stream,
 * over real HTTP and a real WebSocket on loopback, against the same turns run in-process through
 * the console adapter (no HTTP, no WebSocket) as the baseline. Medians over --runs runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConsoleAdapter } from '../src/channels/console/ConsoleAdapter.js';
import { loadConfig } from '../src/config/index.js';
import { createRuntime, type Runtime } from '../src/app/createRuntime.js';
import { createLogger } from '../src/log/index.js';
import { timeDirectLineTurns } from './support/timeDirectLineTurns.js';

const { values } = parseArgs({ options: { turns: { type: 'string', default: '100' }, runs: { type: 'string', default: '3' } } });
const turns = Number(values.turns);
const runs = Number(values.runs);
// Questions answered from the knowledge base: none starts a flow (a flow can end in a handoff,
// after which the bot is silent), so every turn is alike.
const questions = ['刷卡提示密码错误怎么办', '余额不足怎么办', '卡过期了', '客服几点上班', '刷卡提示无效卡号', '机器连不上网络', '打印不出小票', '电签机押金多少'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-bench-dl-'));
  const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }, process.cwd()), createLogger({ level: 'silent' }), { watch: false });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function directLineRun(): Promise<number[]> {
  return withRuntime((runtime) => timeDirectLineTurns(runtime, Array.from({ length: turns }, (_, i) => questions[i % questions.length]!)));
}

async function inProcessRun(): Promise<number[]> {
  return withRuntime(async (runtime) => {
    const latencies: number[] = [];
    for (let i = 0; i < turns; i++) {
      const adapter = new ConsoleAdapter({ conversationId: 'bench', userId: 'bench-user' }, () => undefined, runtime.bot.middleware);
      const t0 = performance.now();
      await adapter.receive({ text: questions[i % questions.length] }, (context) => runtime.bot.bot.run(context));
      latencies.push(performance.now() - t0);
    }
    return latencies;
  });
}

const dl: number[][] = [];
const local: number[][] = [];
for (let r = 0; r < runs; r++) {
  dl.push(await directLineRun());
  local.push(await inProcessRun());
}
const row = (name: string, all: number[][]) => {
  const m = median(all.map(median));
  console.log(`${name.padEnd(36)} median ${m.toFixed(2).padStart(6)} ms   p95 ${median(all.map(p95)).toFixed(2).padStart(6)} ms`);
  return m;
};
console.log(`message -> reply, ${turns} turns per run, median of ${runs} runs, node ${process.version}\n`);
const a = row('Direct Line (HTTP POST -> WebSocket)', dl);
const b = row('in-process turn (baseline)', local);
console.log(`\nDirect Line / in-process: ${(a / b).toFixed(2)}x`);
