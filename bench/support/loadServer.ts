/**
 * kefu as `main.ts` runs it, in a child process of `bench:load`, with instruments the benchmark
 * reads over IPC: the event loop's delay, the process's CPU time and memory, the SQL statements
 * run (with their durations), and how long each turn waited for its conversation's earlier turn
 * and how long the bot worked on it. Configured by the environment, as kefu is.
 *
 * Messages from the parent: { cmd: 'reset' } starts a measurement; { cmd: 'stats' } answers with
 * what was measured since; { cmd: 'gc' } collects garbage (the process runs with --expose-gc).
 * With BENCH_CPU_PROF=<file>, the CPU is profiled from 'reset' to 'stats' into that file;
 * { cmd: 'snapshot <file>' } writes a heap snapshot.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/index.js';
import { createHttpServer } from '../../src/app/createHttpServer.js';
import { createRuntime, webDistDir } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';
import { listen } from '../../src/server/index.js';

export interface LoadServerStats {
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly eventLoop: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly statements: number;
  /** The slowest statements' durations, ms, slowest first. */
  readonly slowestStatementsMs: readonly number[];
  readonly statementMsTotal: number;
  /** Statement texts (their first 70 characters) by total time, most first: [text, count, total ms]. */
  readonly costliestStatements: readonly (readonly [string, number, number])[];
  /** Per bot turn: time spent in the bot's own work (state, search, replies), ms. */
  readonly botMs: readonly number[];
  /** Per received activity: from its arrival at the hub to the end of its turn, ms. */
  readonly receiveMs: readonly number[];
  /** Per POST of an activity: from the request's arrival (headers parsed) to its response, ms. */
  readonly requestMs: readonly number[];
  /** When each connection opened since 'reset' was accepted, ms after the reset. */
  readonly acceptedMs: readonly number[];
}

const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
let statements = 0;
let statementMsTotal = 0;
let durations: number[] = [];
let byText = new Map<string, [number, number]>();
const runtime = await createRuntime(config, logger, {
  watch: false,
  onQuery: (sql, ms) => {
    statements++;
    statementMsTotal += ms;
    durations.push(ms);
    const key = sql.slice(0, 70);
    const seen = byText.get(key) ?? [0, 0];
    byText.set(key, [seen[0] + 1, seen[1] + ms]);
  },
});
const http = createHttpServer(runtime, logger, { webDir: webDistDir, trustProxy: false });
const listening = await listen(http.server, 0, '127.0.0.1');

let requestMs: number[] = [];
let resetAt = performance.now();
let acceptedMs: number[] = [];
http.server.prependListener('connection', () => acceptedMs.push(performance.now() - resetAt));
http.server.prependListener('request', (req, res) => {
  if (req.method !== 'POST' || !req.url?.endsWith('/activities')) return;
  const t0 = performance.now();
  res.once('finish', () => requestMs.push(performance.now() - t0));
});
let botMs: number[] = [];
let receiveMs: number[] = [];
const bot = runtime.bot.bot;
const run = bot.run.bind(bot);
bot.run = async (context) => {
  const t0 = performance.now();
  try {
    return await run(context);
  } finally {
    botMs.push(performance.now() - t0);
  }
};
const hub = runtime.directLine.hub as { receive: typeof runtime.directLine.hub.receive };
const receive = hub.receive.bind(hub);
hub.receive = async (...args) => {
  const t0 = performance.now();
  try {
    return await receive(...args);
  } finally {
    receiveMs.push(performance.now() - t0);
  }
};

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let cpu = process.cpuUsage();

const profileFile = process.env.BENCH_CPU_PROF;
const inspector = profileFile ? new Session() : undefined;
inspector?.connect();
/** Between a 'reset' and its 'stats' (a second 'stats' has no profile to stop). */
let profiling = false;

process.on('message', async (message: { cmd: string }) => {
  if (message.cmd === 'reset') {
    if (inspector && !profiling) {
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
      profiling = true;
    }
    loop.reset();
    cpu = process.cpuUsage();
    statements = 0;
    statementMsTotal = 0;
    durations = [];
    byText = new Map();
    botMs = [];
    receiveMs = [];
    requestMs = [];
    resetAt = performance.now();
    acceptedMs = [];
    process.send!({ cmd: 'reset' });
  } else if (message.cmd.startsWith('snapshot ')) {
    // A heap snapshot into the named file, to see what grows between two of them.
    const session = new Session();
    session.connect();
    const chunks: string[] = [];
    session.on('HeapProfiler.addHeapSnapshotChunk', (m) => chunks.push(m.params.chunk));
    await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    session.disconnect();
    await writeFile(message.cmd.slice('snapshot '.length), chunks.join(''));
    process.send!({ cmd: 'snapshot' });
  } else if (message.cmd === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ cmd: 'gc' });
  } else if (message.cmd === 'stats') {
    if (inspector && profileFile && profiling) {
      profiling = false;
      const { profile } = await inspector.post('Profiler.stop');
      await writeFile(profileFile, JSON.stringify(profile));
    }
    const used = process.cpuUsage(cpu);
    const memory = process.memoryUsage();
    const stats: LoadServerStats = {
      cpuMs: (used.user + used.system) / 1000,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20,
      eventLoop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      statements,
      statementMsTotal,
      costliestStatements: [...byText].sort((a, b) => b[1][1] - a[1][1]).slice(0, 6).map(([text, [count, ms]]) => [text, count, ms] as const),
      slowestStatementsMs: [...durations].sort((a, b) => b - a).slice(0, 5),
      botMs,
      receiveMs,
      requestMs,
      acceptedMs,
    };
    process.send!({ cmd: 'stats', stats });
  }
});
process.on('SIGTERM', () => {
  void http
    .close()
    .then(() => listening.close())
    .then(() => runtime.close())
    .then(() => process.exit(0));
});
process.send!({ cmd: 'listening', port: listening.port });
