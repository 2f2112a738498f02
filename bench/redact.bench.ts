/**
 * `npx tsx bench/redact.bench.ts [--sizes 10000,50000,100000 --runs 9]`
 *
 * The median time to redact the adversarial inputs of test/privacy/redactLongInputs.test.ts (the
 * shapes that make a backtracking pattern or a quadratic scan blow up) at each size. Every rule
 * of the redactor is meant to be linear: going from 10k to 100k characters should cost about ten
 * times as much, not a hundred. Each input is redacted alone and as a conversation message (the
 * carry path also reads what a message asks and where it ends); a figure is the median of the
 * sum of both.
 */
import { parseArgs } from 'node:util';
import { redact } from '../src/privacy/index.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,50000,100000' }, runs: { type: 'string', default: '9' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const inputs: Record<string, (length: number) => string> = {
  '60% digits, then 卡号': (n) => '6'.repeat(Math.floor(n * 0.6)) + fill('卡号', n - Math.floor(n * 0.6)),
  '1 1 1 1 …': (n) => fill('1 ', n),
  '7 7 7 7 …': (n) => fill('7 ', n),
  '7\\u200B7 …': (n) => fill('7\u200B', n),
  '密码密码…': (n) => fill('密码', n),
  '密码是密码是…': (n) => fill('密码是', n),
  '卡号卡号…': (n) => fill('卡号', n),
  '后三位后三位…': (n) => fill('后三位', n),
  '一二三…九零 …': (n) => fill('一二三四五六七八九零', n),
  '密码一二三四五六，…': (n) => fill('密码一二三四五六，', n),
  'a card per line': (n) => fill('4111111111111111\n', n),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

const header = ['input', ...sizes.map((size) => `${size / 1000}k ms`), 'ratio'];
const rows: string[][] = [];
for (const [name, make] of Object.entries(inputs)) {
  const medians = sizes.map((size) => {
    const text = make(size);
    // Warm up, so the first size does not pay for compiling the patterns.
    redact(text);
    redact(text, { carry: undefined });
    return median(Array.from({ length: runs }, () => time(() => redact(text)) + time(() => redact(text, { carry: undefined }))));
  });
  const ratio = medians.at(-1)! / medians[0]!;
  rows.push([name, ...medians.map((ms) => ms.toFixed(2)), `${ratio.toFixed(1)}x for ${sizes.at(-1)! / sizes[0]!}x`]);
}

const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
