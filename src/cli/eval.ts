/**
 * `npm run eval [-- --verbose] [-- --set path] [-- --segmenters]`: search quality on the
 * evaluation sets (the dev set and both held-out sets by default), for kefu's search and for
 * MiniSearch with its default options over the same articles, side by side, with the targets of
 * issue 10 §7. `--segmenters` adds kefu with each other segmenter, to show why jieba is the default.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';
import { loadKnowledge, type Article } from '../knowledge/index.js';
import { createKnowledgeSearch, type SegmenterKind } from '../search/index.js';
import { defaultEvalTargets, evalSetSchema, evaluateSearch, missedTargets, type EvalAnswer, type EvalReport } from '../search/evaluateSearch.js';

const defaultSets = ['test/eval/questions.yaml', 'test/eval/holdout.yaml', 'test/eval/holdout2.yaml'];

const { values } = parseArgs({
  options: {
    knowledge: { type: 'string', default: 'knowledge' },
    set: { type: 'string', multiple: true },
    verbose: { type: 'boolean', short: 'v', default: false },
    segmenters: { type: 'boolean', default: false },
  },
});

const snapshot = await loadKnowledge(path.resolve(values.knowledge));

const kefu = (segmenter: SegmenterKind) => {
  const index = createKnowledgeSearch(snapshot, { segmenter });
  return (q: string): EvalAnswer => {
    const r = index.search(q, { limit: 10 });
    return { ranked: r.hits.map((h) => h.id), answer: r.best !== null && !r.ambiguous ? r.best : null, suggestions: r.suggestions };
  };
};

const miniSearchDefault = (articles: readonly Article[]) => {
  const ms = new MiniSearch({ fields: ['title', 'questions', 'tags', 'answer'] });
  ms.addAll(articles.map((a) => ({ ...a, questions: a.questions.join('\n'), tags: a.tags.join(' ') })));
  // MiniSearch has no notion of confidence: its first hit is the answer, the top three are one tap away.
  return (q: string): EvalAnswer => {
    const ranked = ms.search(q).slice(0, 10).map((r) => String(r.id));
    return { ranked, answer: ranked[0] ?? null, suggestions: ranked.slice(0, 3) };
  };
};

const searchers: [string, (q: string) => EvalAnswer][] = [
  ['kefu (jieba + bigrams, default)', kefu('jieba')],
  ...(values.segmenters
    ? ([
        ['kefu with Intl.Segmenter', kefu('icu')],
        ['kefu with bigrams only', kefu('bigram')],
      ] as [string, (q: string) => EvalAnswer][])
    : []),
  ['MiniSearch defaults (baseline)', miniSearchDefault(snapshot.articles)],
];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const columns = ['top-1', 'MRR', 'answered', 'wrong', 'one-tap', 'OOS left', 'OOS sugg.'];
const row = (r: EvalReport) => [pct(r.top1), r.mrr.toFixed(3), pct(r.answeredCorrectly), pct(r.wrongAnswer), pct(r.oneTap), pct(r.outOfScopeUnanswered), pct(r.outOfScopeSuggested)];
const line = (name: string, cells: string[]) => console.log(`${name.padEnd(32)}${cells.map((c) => c.padStart(10)).join('')}`);

const t = defaultEvalTargets;
console.log(`${snapshot.articles.length} articles. Targets: answered >= ${pct(t.answeredCorrectly)}, wrong <= ${pct(t.wrongAnswer)}, one-tap >= ${pct(t.oneTap)}, OOS left >= ${pct(t.outOfScopeUnanswered)}`);
let allMet = true;
for (const file of values.set ?? defaultSets) {
  const set = evalSetSchema.parse(parse(await readFile(path.resolve(file), 'utf8')));
  const runs = searchers.map(([name, search]) => [name, evaluateSearch(set, search)] as const);
  console.log(`\n${file}: ${set.questions.length} in scope, ${set.out_of_scope.length} out of scope`);
  line('search', columns);
  for (const [name, r] of runs) line(name, row(r));
  const main = runs[0]![1];
  const missed = missedTargets(main);
  allMet &&= missed.length === 0;
  console.log(`kefu targets: ${missed.length === 0 ? 'met' : `NOT met (${missed.join(', ')})`}`);
  if (values.verbose) {
    console.log('kefu misses (tapped: an acceptable suggestion was offered):');
    for (const m of main.misses) {
      const what = m.answer ? `answered ${m.answer}` : m.tapped ? `tapped [${m.suggestions.join(', ')}]` : `unanswered [${m.suggestions.join(', ')}] ranked ${m.ranked.join(', ') || '-'}`;
      console.log(`  ${m.q}  expect ${m.expect.join('|')}  ${what}`);
    }
    console.log('kefu answered out of scope:');
    for (const f of main.falseAnswers) console.log(`  ${f.q}  -> ${f.got}`);
    console.log('kefu offered suggestions out of scope:');
    for (const s of main.suggestedOutOfScope) console.log(`  ${s.q}  -> ${s.suggestions.join(', ')}`);
  }
}
console.log(
  '\ntop-1: first hit acceptable; answered: sent outright (not a tie) and acceptable; wrong: sent outright, not acceptable;\n' +
    'one-tap: answered, or an acceptable article among the suggestions (MiniSearch: the top three);\n' +
    'OOS left: out-of-scope questions not answered outright; OOS sugg.: of those, the ones offered suggestions.',
);
process.exitCode = allMet ? 0 : 1;
