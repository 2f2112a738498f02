/**
 * `npm run bench:search [-- --sizes 1000,10000,100000 --runs 3]`
 *
 * Builds synthetic knowledge bases and measures, for kefu's search and for MiniSearch with its
 * default options over the same articles: index build time, heap used by the index, and query
 * latency p50/p99 over a fixed query set (the evaluation questions). Each figure is the median
 * over --runs independent runs. Run with --expose-gc (the npm script does) for heap figures.
 *
 * Synthetic articles: by default, real Chinese words drawn by their corpus frequency from
 * jieba's dictionary (Zipf-like, as in real text), with the shipped articles' own questions and
 * sentences mixed into one article in ten, so that the domain terms (密码, 押金, 刷卡) are about
 * as common as in a large provider's knowledge base covering many products.
 * --dense is the worst case: every article stitched from the 36 shipped articles' sentences, so
 * that the domain terms occur in over half of all articles and every query matches most of them.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';
import { loadKnowledge, type Article, type KnowledgeSnapshot } from '../src/knowledge/index.js';
import { createAnalyzer, createSearchIndex } from '../src/search/index.js';
import { evalSetSchema } from '../src/search/evaluateSearch.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    runs: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    dense: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const rounds = Number(values.rounds);

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** Mulberry32: a fixed seed gives the same synthetic knowledge base on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** jieba's dictionary words of 2-4 characters, repeated in proportion to their frequency (Zipf). */
async function jiebaWords(limit: number): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const text = await readFile(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const top = text
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([w, f]) => w && w.length >= 2 && w.length <= 4 && Number(f) >= 50)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .slice(0, limit);
  const total = top.reduce((sum, [, f]) => sum + Number(f), 0);
  // A bag of ~200k draws: a word's share of the bag is its share of the corpus.
  return top.flatMap(([w, f]) => Array<string>(Math.max(1, Math.round((Number(f) / total) * 200_000))).fill(w!));
}

function synthesize(real: readonly Article[], words: readonly string[], n: number, dense: boolean): Article[] {
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentences = real.flatMap((a) => a.answer.split(/(?<=[。！？\n])/).map((s) => s.trim()).filter((s) => s.length > 4));
  const questions = real.flatMap((a) => a.questions);
  const someWords = (k: number) => Array.from({ length: k }, () => pick(words)).join('');
  return Array.from({ length: n }, (_, i) => {
    const base = pick(real);
    if (!dense && rand() >= 0.1) {
      return {
        id: `synthetic-${i}`,
        title: someWords(3),
        category: 'synthetic',
        tags: [pick(words), pick(words), pick(words)],
        questions: Array.from({ length: 4 }, () => someWords(4)),
        answer: Array.from({ length: 4 + Math.floor(rand() * 4) }, () => `${someWords(8)}。`).join('\n'),
        related: [],
        updated: '2026-11-24',
        owner: 'bench',
      };
    }
    return {
      id: `synthetic-${i}`,
      title: `${someWords(2)}${base.title}`,
      category: base.category,
      tags: [pick(words), pick(words), ...base.tags.slice(0, 2)],
      questions: Array.from({ length: 4 }, () => `${pick(questions)}${someWords(1)}`),
      answer: Array.from({ length: 3 + Math.floor(rand() * 4) }, () => `${pick(sentences)}${someWords(3)}`).join('\n'),
      related: [],
      updated: '2026-11-24',
      owner: 'bench',
    };
  });
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Figures {
  buildMs: number;
  heapMb: number;
  p50: number;
  p99: number;
}

function measure(build: () => (q: string) => unknown, queries: readonly string[]): Figures {
  const before = heapMb();
  const t0 = performance.now();
  const search = build();
  const buildMs = performance.now() - t0;
  const heap = heapMb() - before;
  for (const q of queries.slice(0, 50)) search(q); // warm up the JIT
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const s = performance.now();
      search(q);
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  return { buildMs, heapMb: heap, p50: percentile(times, 50), p99: percentile(times, 99) };
}

const medianFigures = (all: Figures[]): Figures => ({
  buildMs: median(all.map((f) => f.buildMs)),
  heapMb: median(all.map((f) => f.heapMb)),
  p50: median(all.map((f) => f.p50)),
  p99: median(all.map((f) => f.p99)),
});

const snapshot: KnowledgeSnapshot = await loadKnowledge(new URL('../knowledge', import.meta.url).pathname);
const set = evalSetSchema.parse(parse(await readFile(new URL('../test/eval/questions.yaml', import.meta.url), 'utf8')));
const queries = [...set.questions.map((q) => q.q), ...set.out_of_scope];
const words = await jiebaWords(30_000);

console.log(`search benchmark (${values.dense ? 'dense: worst case' : 'realistic'} synthetic articles): ${queries.length} queries x ${rounds} rounds per run, median of ${runs} run(s), node ${process.version}${gc ? '' : ' (no --expose-gc: heap figures are rough)'}\n`);
console.log(`${'articles'.padStart(8)}  ${'search'.padEnd(18)} ${'build ms'.padStart(9)} ${'heap MB'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`);
for (const size of sizes) {
  const articles = synthesize(snapshot.articles, words, size, values.dense);
  const vocabularyTexts = snapshot.articles.flatMap((a) => [a.title, ...a.questions, ...a.tags, a.answer]);
  const kefu: Figures[] = [];
  const baseline: Figures[] = [];
  for (let r = 0; r < runs; r++) {
    kefu.push(
      measure(() => {
        const analyzer = createAnalyzer({ dictionary: snapshot.dictionary, vocabularyTexts });
        const index = createSearchIndex(articles, analyzer);
        return (q) => index.search(q);
      }, queries),
    );
    baseline.push(
      measure(() => {
        const ms = new MiniSearch({ fields: ['title', 'questions', 'tags', 'answer'] });
        ms.addAll(articles.map((a) => ({ ...a, questions: a.questions.join('\n'), tags: a.tags.join(' ') })));
        return (q) => ms.search(q);
      }, queries),
    );
  }
  for (const [name, f] of [['kefu', medianFigures(kefu)], ['MiniSearch default', medianFigures(baseline)]] as const) {
    console.log(`${String(size).padStart(8)}  ${name.padEnd(18)} ${f.buildMs.toFixed(0).padStart(9)} ${f.heapMb.toFixed(1).padStart(8)} ${f.p50.toFixed(3).padStart(7)} ${f.p99.toFixed(3).padStart(7)}`);
  }
}
console.log('\nMiniSearch defaults find almost nothing in Chinese (see npm run eval): its latency is the cost of a search that does no work, not a like-for-like quality baseline.');
