/**
 * `npm run eval [-- --verbose] [-- --set path]`: search quality on the evaluation set, for kefu's
 * search (with each segmenter, to show why jieba is the default) and for MiniSearch with its
 * default options over the same articles, side by side.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';
import { loadKnowledge, type Article } from '../knowledge/index.js';
import { createKnowledgeSearch, type SegmenterKind } from '../search/index.js';
import { evalSetSchema, evaluateSearch, type EvalAnswer, type EvalReport } from '../search/evaluateSearch.js';

const { values } = parseArgs({
  options: {
    knowledge: { type: 'string', default: 'knowledge' },
    set: { type: 'string', default: 'test/eval/questions.yaml' },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
});

const snapshot = await loadKnowledge(path.resolve(values.knowledge));
const set = evalSetSchema.parse(parse(await readFile(path.resolve(values.set), 'utf8')));

const kefu = (segmenter: SegmenterKind) => {
  const index = createKnowledgeSearch(snapshot, { segmenter });
  return (q: string): EvalAnswer => {
    const r = index.search(q, { limit: 10 });
    return { ranked: r.hits.map((h) => h.id), answered: r.best !== null };
  };
};

const miniSearchDefault = (articles: readonly Article[]) => {
  const ms = new MiniSearch({ fields: ['title', 'questions', 'tags', 'answer'] });
  ms.addAll(articles.map((a) => ({ ...a, questions: a.questions.join('\n'), tags: a.tags.join(' ') })));
  // MiniSearch has no notion of confidence: any hit is an answer.
  return (q: string): EvalAnswer => {
    const ranked = ms.search(q).slice(0, 10).map((r) => String(r.id));
    return { ranked, answered: ranked.length > 0 };
  };
};

const runs: [string, EvalReport][] = [
  ['kefu (jieba + bigrams, default)', evaluateSearch(set, kefu('jieba'))],
  ['kefu with Intl.Segmenter', evaluateSearch(set, kefu('icu'))],
  ['kefu with bigrams only', evaluateSearch(set, kefu('bigram'))],
  ['MiniSearch defaults (baseline)', evaluateSearch(set, miniSearchDefault(snapshot.articles))],
];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log(`evaluation set: ${set.questions.length} in-scope questions, ${set.out_of_scope.length} out of scope; ${snapshot.articles.length} articles\n`);
console.log(`${'search'.padEnd(34)} ${'top-1'.padStart(7)} ${'MRR'.padStart(7)} ${'answered'.padStart(9)} ${'OOS left'.padStart(9)}`);
for (const [name, r] of runs) {
  console.log(`${name.padEnd(34)} ${pct(r.top1)} ${r.mrr.toFixed(3).padStart(7)} ${pct(r.answeredCorrectly).padStart(9)} ${pct(r.outOfScopeUnanswered).padStart(9)}`);
}
console.log('\ntop-1: first hit acceptable; answered: answered (best not null) with an acceptable article;');
console.log('OOS left: out-of-scope questions correctly left unanswered (MiniSearch: no hit at all).');

const main = runs[0]![1];
if (values.verbose) {
  console.log('\nkefu misses:');
  for (const m of main.misses) console.log(`  ${m.q}  expect ${m.expect.join('|')}  got ${m.got.join(', ') || '-'}${m.answered ? '' : ' (unanswered)'}`);
  console.log('kefu answered out-of-scope:');
  for (const f of main.falseAnswers) console.log(`  ${f.q}  -> ${f.got}`);
}
const met = main.top1 >= 0.95 && main.outOfScopeUnanswered >= 0.9;
console.log(`\ntargets (top-1 >= 95%, out-of-scope >= 90% unanswered): ${met ? 'met' : 'NOT met'}`);
process.exitCode = met ? 0 : 1;
