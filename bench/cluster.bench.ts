/**
 * `npm run bench:cluster [-- --conversations 1000 --turns 3 --setups pg1,pg2,pg3,sqlite --turn-timeout 10000]`
 *
 * kefu as a deployment runs it: 1, 2 and 3 instances of `src/main.ts` on one PostgreSQL database
 * (a fresh schema of KEFU_TEST_DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test),
 * and one on SQLite for comparison, each behind the same round-robin proxy
 * (test/support/startCluster.ts), which runs in this process. --conversations widget users start
 * their conversations through the proxy (the secret's route), read their streams through it, and
 * send --turns questions one after another, each as soon as the reply to the last has arrived;
 * all conversations at once. Stream, conversation and POSTs land on whichever instance is next.
 *
 * A turn is timed from the POST to the bot's reply on the user's stream. A reply that has not
 * arrived --turn-timeout ms after the POST was answered (kefu answers it once the turn is done,
 * so the reply is due by then) is counted lost, and the conversation goes on; a setup that lost turns prints so, and its figures measure
 * the timeouts as much as kefu.
 *
 * Printed: per setup, the turns answered and lost, turns per second (answered / wall time of the
 * turns), p50 and p99 turn latency, the CPU time per turn of all kefu instances together and of
 * the PostgreSQL server (from /proc: Linux, with the server on this machine), and how the POSTs
 * spread over the instances. On a machine with fewer cores than instances plus PostgreSQL, more
 * instances cannot mean more turns per second; the CPU per turn says what sharing costs.
 */
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startCluster, type Cluster } from '../test/support/startCluster.js';
import { inBatches, openWidgetConversation, percentile, WIDGET_QUESTIONS } from './support/openWidgetConversation.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000' },
    turns: { type: 'string', default: '3' },
    setups: { type: 'string', default: 'pg1,pg2,pg3,sqlite' },
    'turn-timeout': { type: 'string', default: '10000' },
  },
});
const conversations = Number(values.conversations);
const turnsEach = Number(values.turns);
const turnTimeoutMs = Number(values['turn-timeout']);

interface Setup {
  readonly key: string;
  readonly label: string;
  readonly database: 'postgres' | 'sqlite';
  readonly instances: number;
}

const SETUPS: readonly Setup[] = [
  { key: 'pg1', label: 'PostgreSQL, 1 instance', database: 'postgres', instances: 1 },
  { key: 'pg2', label: 'PostgreSQL, 2 instances', database: 'postgres', instances: 2 },
  { key: 'pg3', label: 'PostgreSQL, 3 instances', database: 'postgres', instances: 3 },
  { key: 'sqlite', label: 'SQLite, 1 instance', database: 'sqlite', instances: 1 },
];

const chosen = values.setups.split(',').map((key) => {
  const setup = SETUPS.find((s) => s.key === key.trim());
  if (!setup) throw new Error(`bench:cluster: unknown setup "${key}"; choose among ${SETUPS.map((s) => s.key).join(', ')}`);
  return setup;
});
for (const [name, value] of [['--conversations', conversations], ['--turns', turnsEach], ['--turn-timeout', turnTimeoutMs]] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`bench:cluster: ${name} must be a whole number above 0, got ${value}`);
}

/** CPU time (user + system, ms) of process `pid` so far, from /proc (Linux); 0 when it is gone. */
async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in ticks of 10 ms.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}

/** CPU time of every PostgreSQL process of this machine (the server the bench uses runs here). */
async function postgresCpuMs(): Promise<number> {
  let total = 0;
  for (const pid of (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name))) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'postgres') total += await cpuMsOf(Number(pid));
  }
  return total;
}

interface Result {
  readonly setup: Setup;
  /** CPU ms per answered turn: every kefu instance together, and the PostgreSQL server. */
  readonly kefuCpuMsPerTurn: number;
  readonly postgresCpuMsPerTurn: number;
  readonly latencies: readonly number[];
  readonly lost: number;
  readonly seconds: number;
  /** POSTs of activities each instance took, by instance name. */
  readonly postsByInstance: Readonly<Record<string, number>>;
}

async function run(setup: Setup): Promise<Result> {
  const cluster: Cluster = await startCluster({ instances: setup.instances, database: setup.database });
  try {
    const open = await inBatches(conversations, 100, () => openWidgetConversation(cluster.url, cluster.secret));
    const routedBefore = cluster.routes.seen.length;
    const latencies: number[] = [];
    let lost = 0;
    const pids = cluster.instances.map((instance) => instance.pid!);
    const cpuBefore = await Promise.all(pids.map(cpuMsOf));
    const postgresBefore = await postgresCpuMs();
    const t0 = performance.now();
    await Promise.all(
      open.map(async (conversation, i) => {
        for (let t = 0; t < turnsEach; t++) {
          const ms = await conversation.turn(WIDGET_QUESTIONS[(i + t) % WIDGET_QUESTIONS.length]!, turnTimeoutMs);
          if (ms === undefined) lost++;
          else latencies.push(ms);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpuAfter = await Promise.all(pids.map(cpuMsOf));
    const kefuCpuMsPerTurn = cpuAfter.reduce((sum, ms, i) => sum + ms - cpuBefore[i]!, 0) / latencies.length;
    const postgresCpuMsPerTurn = ((await postgresCpuMs()) - postgresBefore) / latencies.length;
    const postsByInstance: Record<string, number> = Object.fromEntries(cluster.instances.map((instance) => [instance.name, 0]));
    for (const route of cluster.routes.seen.slice(routedBefore)) if (route.method === 'POST' && route.path.endsWith('/activities')) postsByInstance[route.instance]! += 1;
    await Promise.all(open.map((conversation) => conversation.close()));
    return { setup, latencies, lost, seconds, postsByInstance, kefuCpuMsPerTurn, postgresCpuMsPerTurn };
  } finally {
    await cluster.stop();
  }
}

const results: Result[] = [];
for (const setup of chosen) {
  console.error(`${setup.label}: starting, ${conversations} conversations x ${turnsEach} turns...`);
  const result = await run(setup);
  results.push(result);
  console.error(`${setup.label}: ${result.latencies.length} answered, ${result.lost} lost, ${(result.latencies.length / result.seconds).toFixed(0)} turns/s`);
}

console.log(`\nbench:cluster: ${conversations} conversations at once x ${turnsEach} turns, through a round-robin proxy; node ${process.version}, ${os.cpus().length} CPUs\n`);
const header = ['setup', 'answered', 'lost', 'turns/s', 'p50 ms', 'p99 ms', 'kefu CPU ms/turn', 'PostgreSQL CPU ms/turn', 'POSTs per instance'];
const rows = results.map((r) => [
  r.setup.label,
  `${r.latencies.length}/${conversations * turnsEach}`,
  String(r.lost),
  (r.latencies.length / r.seconds).toFixed(0),
  percentile(r.latencies, 0.5).toFixed(1),
  percentile(r.latencies, 0.99).toFixed(1),
  r.kefuCpuMsPerTurn.toFixed(2),
  r.setup.database === 'postgres' ? r.postgresCpuMsPerTurn.toFixed(2) : '-',
  Object.entries(r.postsByInstance).map(([name, n]) => `${name} ${n}`).join(', '),
]);
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
const lossy = results.filter((r) => r.lost > 0);
if (lossy.length > 0) {
  console.log(`\nLost turns: their replies never reached the user's stream within ${turnTimeoutMs} ms (stream and POST on different instances).`);
  console.log(`The figures of ${lossy.map((r) => r.setup.label).join('; ')} include those waits and are not comparable.`);
}
process.exit(0);
