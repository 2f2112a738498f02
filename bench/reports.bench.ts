/**
 * `npm run bench:reports [-- --conversations 100000 --runs 5]`
 *
 * Reports over a year of seeded traffic on a SQLite file: `conversations` conversations spread over
 * 365 service days, a fifth of them handed to a person (tickets with waits, handle times and
 * ratings), and the daily counts of 50 articles and 3 walkthroughs. Prints the median of `runs`
 * timings of each report: the supervisors' year, the supervisors' month, and the editors' article
 * and flow figures. The target (issue 12): under 500 ms each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, createReports, dayStart } from '../src/reports/index.js';
import { createDailyCountStore, createReportStore, openDatabase } from '../src/storage/index.js';

const { values } = parseArgs({ options: { conversations: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } });
const conversations = Number(values.conversations);
const runs = Number(values.runs);
const zone = 'Asia/Shanghai';
const from = '2025-12-01';
const to = addDays(from, 364);

const dir = await mkdtemp(path.join(tmpdir(), 'kefu-bench-reports-'));
const database = await openDatabase({ file: path.join(dir, 'kefu.sqlite') });
const db = database.db;
// A seeded generator: the same year on every run.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const articles = Array.from({ length: 50 }, (_, i) => ({ id: `article-${i}`, title: `文章 ${i}` }));
const flows = ['deposit-refund', 'activation', 'declined'].map((id) => ({ id, title: id }));
const seeding = performance.now();
const perDay = Math.floor(conversations / 365);
let ticketCount = 0;
await db.transaction().execute(async (trx) => {
  for (let d = 0; d < 365; d++) {
    const day = addDays(from, d);
    const counts = [
      { day, channel: 'directline', metric: 'conversations', subject: '', count: Math.floor(perDay * 0.6) },
      { day, channel: 'wechat', metric: 'conversations', subject: '', count: perDay - Math.floor(perDay * 0.6) },
      { day, channel: 'directline', metric: 'questions', subject: '', count: perDay * 2 },
      { day, channel: 'directline', metric: 'fallbacks', subject: '', count: Math.floor(perDay * 0.1) },
      ...articles.flatMap((a) => ['articleShown', 'articlePicked', 'helpful', 'unhelpful', 'handoverAfterArticle'].map((metric) => ({ day, channel: 'directline', metric, subject: a.id, count: 1 + Math.floor(random() * 20) }))),
      ...flows.flatMap((f) => [
        { day, channel: 'directline', metric: 'flowStarted', subject: f.id, count: 10 },
        { day, channel: 'directline', metric: 'flowCompleted', subject: f.id, count: 6 },
        { day, channel: 'directline', metric: 'flowLeft', subject: `${f.id}#step-1`, count: 3 },
        { day, channel: 'directline', metric: 'flowStep', subject: `${f.id}#step-1`, count: 10 },
      ]),
    ];
    for (let i = 0; i < counts.length; i += 200) await trx.insertInto('daily_counts').values(counts.slice(i, i + 200)).execute();
    const start = dayStart(day, zone).getTime();
    const rows = [];
    for (let t = 0; t < perDay / 5; t++) {
      const created = start + Math.floor(random() * 86_400_000);
      const wait = Math.floor(random() * 900_000);
      rows.push({
        conversation_id: `c-${ticketCount++}`,
        channel: random() < 0.6 ? 'directline' : 'wechat',
        user_id: null,
        user_name: null,
        locale: 'zh-CN',
        reason: ['用户要求转人工', '连续未能解答', '疑似诈骗', '投诉'][Math.floor(random() * 4)]!,
        priority: 'normal' as const,
        state: 'closed' as const,
        outcome: 'resolved' as const,
        after_hours: 0 as const,
        agent_id: null,
        created_at: new Date(created).toISOString(),
        updated_at: new Date(created).toISOString(),
        assigned_at: new Date(created + wait).toISOString(),
        first_assigned_at: new Date(created + wait).toISOString(),
        first_response_at: new Date(created + wait + 20_000).toISOString(),
        ended_at: new Date(created + wait + 600_000).toISOString(),
        rating: random() < 0.6 ? 1 + Math.floor(random() * 5) : null,
        rated_at: null,
        context: '{}',
        address: '{}',
      });
    }
    for (let i = 0; i < rows.length; i += 100) await trx.insertInto('tickets').values(rows.slice(i, i + 100)).execute();
  }
});
console.log(`seeded ${conversations} conversations, ${ticketCount} tickets over 365 days in ${Math.round(performance.now() - seeding)} ms`);

const reports = createReports({ counts: createDailyCountStore(db), tickets: createReportStore(db), timeZone: zone, content: () => ({ articles, flows }) });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cases: [string, () => Promise<unknown>][] = [
  ['supervisors, the year', () => reports.supervisor({ from, to })],
  ['supervisors, the last month', () => reports.supervisor({ from: addDays(to, -29), to })],
  ['editors, articles, the year', () => reports.articles({ from, to })],
  ['editors, flows, the year', () => reports.flows({ from, to })],
];
console.log(`\nmedian of ${runs} runs (target: under 500 ms)`);
for (const [name, work] of cases) {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  console.log(`${name.padEnd(32)} ${median(times).toFixed(1).padStart(8)} ms   (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
}
await database.close();
await rm(dir, { recursive: true, force: true });
