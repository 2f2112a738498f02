/**
 * `npm run bench:worst [-- --runs 5]`
 *
 * The turn of each of the worst inputs found (test/bot/worstInputs.test.ts) inside a flow's choice
 * step, in-process, against a plain answer ("2") in the same step as the baseline, side by side.
 * Before the fix, 60,000 digits took about 19 s; now every turn should cost about what a plain one
 * does. Medians over --runs runs, each on a fresh conversation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConsoleAdapter } from '../src/channels/console/ConsoleAdapter.js';
import { loadConfig } from '../src/config/index.js';
import { createRuntime } from '../src/app/createRuntime.js';
import { createLogger } from '../src/log/index.js';
import { WORST_INPUTS } from '../test/fixtures/worstInputs.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-bench-worst-'));
const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }, process.cwd()), createLogger({ level: 'silent' }), { watch: false });
let conversation = 0;
/** Milliseconds of the turn that answers `text` in the deposit flow's first choice step. */
async function timeInChoiceStep(text: string): Promise<number> {
  const adapter = new ConsoleAdapter({ conversationId: `bench-${++conversation}`, userId: 'u' }, () => undefined, runtime.bot.middleware);
  const run = (context: Parameters<typeof runtime.bot.bot.run>[0]) => runtime.bot.bot.run(context);
  await adapter.receive({ text: '押金怎么退' }, run);
  const started = performance.now();
  await adapter.receive({ text }, run);
  return performance.now() - started;
}
try {
  const rows: { input: string; chars: number; ms: number }[] = [];
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) plain.push(await timeInChoiceStep('2'));
  const baseline = median(plain);
  rows.push({ input: 'baseline: "2"', chars: 1, ms: baseline });
  for (const [name, text] of WORST_INPUTS) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeInChoiceStep(text));
    rows.push({ input: name, chars: text.length, ms: median(times) });
  }
  console.log(`median turn in a choice step, ${runs} runs each`);
  for (const row of rows) console.log(`${row.input.padEnd(32)} ${String(row.chars).padStart(7)} chars  ${row.ms.toFixed(2).padStart(8)} ms  ${(row.ms / baseline).toFixed(2)}x`);
} finally {
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
}
