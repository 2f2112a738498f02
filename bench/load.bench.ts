/**
 * `npm run bench:load [-- --conversations 1000 --turns 3 --runs 3]`
 * `npm run bench:load -- --soak 600 --rate 100`
 *
 * One kefu instance (SQLite), as `npm start` runs it, in its own process; the widget's merchants
 * in this one: each conversation is created with the Direct Line secret, reads its stream on a
 * real WebSocket, and sends --turns questions one after another, each as soon as the reply to the
 * last has arrived. All --conversations do so at once. A turn is timed from the POST to the bot's
 * reply on the stream.
 *
 * The baseline, in the same run: the same client and the same number of POSTs against a bare
 * Express handler (bench/support/bareServer.ts). Printed: medians over --runs runs of p50, p99,
 * turns/s and its ratio to the baseline's requests/s, the server's CPU per turn, where the
 * slowest turns waited (the server's event loop, the turn itself, the SQL, the client's own
 * event loop), memory with the conversations open and after they end, and the SQL statements of
 * each kind of turn (counted in-process: the work, not its speed).
 *
 * --soak S runs S seconds of new conversations at --rate turns per second and prints the
 * server's memory every 30 s: flat means nothing per conversation outlives it. With
 * BENCH_HEAP_DIR=<folder>, a heap snapshot is written there at each sample, to compare
 * (BENCH_SAMPLE_MS sets how often: default 30,000).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { countTurnStatements } from './support/countTurnStatements.js';
import { inBatches, openWidgetConversation, percentile, postJson, WIDGET_QUESTIONS } from './support/openWidgetConversation.js';
import type { LoadServerStats } from './support/loadServer.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000' },
    turns: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    soak: { type: 'string', default: '0' },
    rate: { type: 'string', default: '100' },
  },
});
const conversations = Number(values.conversations);
const turnsEach = Number(values.turns);
const runs = Number(values.runs);
const soakSeconds = Number(values.soak);
const soakRate = Number(values.rate);

/** A reply later than this fails the run: on one instance every reply comes, and a lost one is a bug. */
const REPLY_TIMEOUT_MS = 60_000;
const SECRET = 'bench-load-secret-0123456789abcdef';

const pct = percentile;
const median = (xs: readonly number[]) => pct(xs, 0.5);

/** A child process that says `{ cmd: 'listening', port }` when ready; `ask` sends a command and awaits its answer. */
async function startChild(script: string, env: Record<string, string>) {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'support', script), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const answers: ((m: any) => void)[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.on('message', (m: any) => (m.cmd === 'listening' ? resolve(m.port) : answers.shift()?.(m)));
  });
  return {
    port,
    ask: <T>(cmd: string) => new Promise<T>((resolve) => {
      answers.push(resolve);
      child.send({ cmd });
    }),
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/**
 * Linux's count of connections dropped because a listening socket's accept queue was full (each
 * such client retries its SYN after 1 s, then 3 s, then 7 s); undefined elsewhere.
 */
async function listenOverflows(): Promise<number | undefined> {
  try {
    const lines = (await readFile('/proc/net/netstat', 'utf8')).split('\n').filter((l) => l.startsWith('TcpExt:'));
    const [names, counts] = lines.map((l) => l.split(/\s+/));
    const at = names!.indexOf('ListenOverflows');
    return at > 0 ? Number(counts![at]) : undefined;
  } catch {
    return undefined;
  }
}

interface KefuRun {
  readonly heapBeforeMb: number;
  readonly listenOverflows: number;
  readonly latencies: number[];
  readonly turnsPerSecond: number;
  readonly server: LoadServerStats;
  readonly clientLoopP99: number;
  readonly rssOpenMb: number;
  readonly rssEndedMb: number;
  readonly heapEndedMb: number;
}

async function kefuRun(): Promise<KefuRun> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-bench-load-'));
  const server = await startChild('loadServer.ts', { DATA_DIR: dataDir, DIRECTLINE_SECRET: SECRET, KNOWLEDGE_WATCH: 'false', SERVICE_HOURS: 'always', PORT: '0' });
  try {
    await server.ask('gc');
    const heapBeforeMb = (await server.ask<{ stats: LoadServerStats }>('stats')).stats.heapMb;
    const open = await inBatches(conversations, 100, () => openWidgetConversation(`http://127.0.0.1:${server.port}`, SECRET));
    await server.ask('reset');
    const overflowsBefore = await listenOverflows();
    const clientLoop = monitorEventLoopDelay({ resolution: 5 });
    clientLoop.enable();
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      open.map(async (c, i) => {
        for (let t = 0; t < turnsEach; t++) {
          const ms = await c.turn(WIDGET_QUESTIONS[(i + t) % WIDGET_QUESTIONS.length]!, REPLY_TIMEOUT_MS);
          if (ms === undefined) throw new Error(`conversation ${c.id}: no reply within ${REPLY_TIMEOUT_MS} ms`);
          latencies.push(ms);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const overflowsAfter = await listenOverflows();
    clientLoop.disable();
    const stats = await server.ask<{ stats: LoadServerStats }>('stats');
    const rssOpenMb = stats.stats.rssMb;
    await Promise.all(open.map((c) => c.close()));
    await server.ask('gc');
    const ended = (await server.ask<{ stats: LoadServerStats }>('stats')).stats;
    return { heapBeforeMb, listenOverflows: overflowsAfter === undefined || overflowsBefore === undefined ? NaN : overflowsAfter - overflowsBefore, latencies, turnsPerSecond: latencies.length / seconds, server: stats.stats, clientLoopP99: clientLoop.percentile(99) / 1e6, rssOpenMb, rssEndedMb: ended.rssMb, heapEndedMb: ended.heapMb };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The same client against the bare handler: as many POSTs, each conversation's one after another. */
async function bareRun(): Promise<number> {
  const server = await startChild('bareServer.ts', {});
  try {
    const t0 = performance.now();
    let requests = 0;
    await Promise.all(
      Array.from({ length: conversations }, async (_, i) => {
        for (let t = 0; t < turnsEach; t++) {
          await postJson(`http://127.0.0.1:${server.port}/conversations/c${i}/activities`, { type: 'message', text: WIDGET_QUESTIONS[(i + t) % WIDGET_QUESTIONS.length], from: { id: 'user', role: 'user' }, locale: 'zh-CN' });
          requests++;
        }
      }),
    );
    return requests / ((performance.now() - t0) / 1000);
  } finally {
    await server.stop();
  }
}

async function soak(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-bench-soak-'));
  const server = await startChild('loadServer.ts', { DATA_DIR: dataDir, DIRECTLINE_SECRET: SECRET, KNOWLEDGE_WATCH: 'false', SERVICE_HOURS: 'always', PORT: '0', LOG_LEVEL: 'warn' });
  try {
    console.log(`soak: ${soakSeconds} s of new conversations, ${turnsEach} turns each, ${soakRate} turns/s`);
    const end = performance.now() + soakSeconds * 1000;
    let nextSample = 0;
    let turns = 0;
    let conversationsDone = 0;
    const inFlight = new Set<Promise<void>>();
    const t0 = performance.now();
    while (performance.now() < end) {
      const elapsed = performance.now() - t0;
      if (elapsed >= nextSample) {
        await server.ask('gc');
        if (process.env.BENCH_HEAP_DIR) await server.ask(`snapshot ${path.join(process.env.BENCH_HEAP_DIR, `soak-${Math.round(elapsed / 1000)}.heapsnapshot`)}`);
        const { stats } = await server.ask<{ stats: LoadServerStats }>('stats');
        // The instruments keep every turn's timings until reset: reset them, or they are what grows.
        await server.ask('reset');
        console.log(`  ${(elapsed / 1000).toFixed(0).padStart(4)} s  rss ${stats.rssMb.toFixed(1)} MB  heap ${stats.heapMb.toFixed(1)} MB  turns ${turns}  conversations ${conversationsDone}`);
        nextSample += Number(process.env.BENCH_SAMPLE_MS ?? 30_000);
      }
      // Start a conversation whenever the rate allows; each runs its turns, then closes.
      if (turns + inFlight.size * turnsEach < (elapsed / 1000) * soakRate) {
        const job = (async () => {
          const c = await openWidgetConversation(`http://127.0.0.1:${server.port}`, SECRET);
          for (let t = 0; t < turnsEach; t++) {
            if ((await c.turn(WIDGET_QUESTIONS[t % WIDGET_QUESTIONS.length]!, REPLY_TIMEOUT_MS)) === undefined) throw new Error(`conversation ${c.id}: no reply within ${REPLY_TIMEOUT_MS} ms`);
            turns++;
          }
          await c.close();
          conversationsDone++;
        })();
        inFlight.add(job);
        void job.finally(() => inFlight.delete(job));
      } else {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await Promise.all(inFlight);
    await server.ask('gc');
    const { stats } = await server.ask<{ stats: LoadServerStats }>('stats');
    console.log(`  end    rss ${stats.rssMb.toFixed(1)} MB  heap ${stats.heapMb.toFixed(1)} MB  turns ${turns}  conversations ${conversationsDone}`);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (soakSeconds > 0) {
  await soak();
  process.exit(0);
}

const kefu: KefuRun[] = [];
const bare: number[] = [];
for (let r = 0; r < runs; r++) {
  bare.push(await bareRun());
  kefu.push(await kefuRun());
  const k = kefu.at(-1)!;
  console.error(`run ${r + 1}/${runs}: p50 ${pct(k.latencies, 0.5).toFixed(1)} ms, p99 ${pct(k.latencies, 0.99).toFixed(1)} ms, ${k.turnsPerSecond.toFixed(0)} turns/s; bare ${bare.at(-1)!.toFixed(0)} req/s`);
}

const m = (f: (k: KefuRun) => number) => median(kefu.map(f));
const turnCount = conversations * turnsEach;
console.log(`\nbench:load: ${conversations} conversations at once x ${turnsEach} turns, one kefu instance (SQLite), median of ${runs} runs, node ${process.version}\n`);
const rows: [string, string][] = [
  ['turns answered', `${m((k) => k.latencies.length)} of ${turnCount}`],
  ['turn p50', `${m((k) => pct(k.latencies, 0.5)).toFixed(1)} ms`],
  ['turn p99', `${m((k) => pct(k.latencies, 0.99)).toFixed(1)} ms`],
  ['turn max', `${m((k) => Math.max(...k.latencies)).toFixed(1)} ms`],
  ['kefu turns/s', m((k) => k.turnsPerSecond).toFixed(0)],
  ['bare Express requests/s (same client, same run)', median(bare).toFixed(0)],
  ['kefu / bare', `${(median(kefu.map((k, i) => k.turnsPerSecond / bare[i]!)) * 100).toFixed(0)}%`],
  ['server CPU per turn', `${m((k) => k.server.cpuMs / k.latencies.length).toFixed(2)} ms`],
  ['SQL statements per turn (under load)', m((k) => k.server.statements / k.latencies.length).toFixed(1)],
  ['SQL time per turn', `${m((k) => k.server.statementMsTotal / k.latencies.length).toFixed(2)} ms`],
  ['slowest statement', `${m((k) => k.server.slowestStatementsMs[0] ?? 0).toFixed(1)} ms`],
  ['bot work per turn p50 / p99', `${m((k) => pct(k.server.botMs, 0.5)).toFixed(1)} / ${m((k) => pct(k.server.botMs, 0.99)).toFixed(1)} ms`],
  ['request arrival -> response p50 / p99', `${m((k) => pct(k.server.requestMs, 0.5)).toFixed(1)} / ${m((k) => pct(k.server.requestMs, 0.99)).toFixed(1)} ms`],
  ['hub receive -> turn end p99', `${m((k) => pct(k.server.receiveMs, 0.99)).toFixed(1)} ms`],
  ['server event-loop delay p99 / max', `${m((k) => k.server.eventLoop.p99).toFixed(1)} / ${m((k) => k.server.eventLoop.max).toFixed(1)} ms`],
  ['connections dropped by a full accept queue (Linux)', m((k) => k.listenOverflows).toFixed(0)],
  ['new connections accepted, after the first POST: p50 / p90', `${m((k) => pct(k.server.acceptedMs, 0.5)).toFixed(0)} / ${m((k) => pct(k.server.acceptedMs, 0.9)).toFixed(0)} ms (${m((k) => k.server.acceptedMs.length)} of them)`],
  ['client event-loop delay p99', `${m((k) => k.clientLoopP99).toFixed(1)} ms`],
  ['server heap before the conversations (after gc)', `${m((k) => k.heapBeforeMb).toFixed(0)} MB`],
  [`server RSS, ${conversations} conversations open`, `${m((k) => k.rssOpenMb).toFixed(0)} MB`],
  ['server RSS / heap after they end (after gc)', `${m((k) => k.rssEndedMb).toFixed(0)} / ${m((k) => k.heapEndedMb).toFixed(0)} MB`],
];
for (const [name, value] of rows) console.log(`${name.padEnd(50)} ${value}`);

console.log('\nWhere SQL time went (the middle run), ms per turn:');
const middle = [...kefu].sort((a, b) => a.turnsPerSecond - b.turnsPerSecond)[Math.floor(kefu.length / 2)]!;
for (const [text, count, ms] of middle.server.costliestStatements) console.log(`  ${(ms / middle.latencies.length).toFixed(3).padStart(7)}  x${(count / middle.latencies.length).toFixed(2)}  ${text}`);

console.log('\nSQL statements per turn, by kind (in-process, one conversation):');
for (const r of await countTurnStatements()) {
  const verbs = Object.entries(r.byVerb).map(([verb, n]) => `${n} ${verb}`).join(', ');
  console.log(`  ${r.kind.padEnd(12)} ${String(r.statements.length).padStart(3)}   (${verbs})`);
}
process.exit(0);
