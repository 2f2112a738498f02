/**
 * Editors' tool.
 *   npm run kb -- check [--dir knowledge] [--strict]   validate, then self-test every article's questions
 *   npm run kb -- search "问题" [--limit 5] [--json]   what the bot would do, and why: the analysis, the
 *                                                     rules that fired, the ranked hits, the decision
 * Exit code 1 when there are errors (with --strict, also when self-test findings exist), 2 on bad usage.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatProblem, loadKnowledge } from '../knowledge/index.js';
import { createTurnExplainer, describeTurn, loadMessages } from '../conversation/index.js';
import { redact } from '../privacy/index.js';
import { createKnowledgeSearch } from '../search/index.js';
import { createLiveKnowledge } from '../content/index.js';
import { selfTest } from '../search/selfTest.js';

const localesDir = fileURLToPath(new URL('../../locales', import.meta.url));

const usage = `usage:
  npm run kb -- check [--dir knowledge] [--strict]
  npm run kb -- search "刷卡密码错误" [--limit 5] [--dir knowledge] [--flows flows] [--json]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string', default: process.env.KNOWLEDGE_DIR ?? 'knowledge' },
    flows: { type: 'string', default: process.env.FLOWS_DIR ?? 'flows' },
    json: { type: 'boolean', default: false },
    limit: { type: 'string', default: '5' },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const [command, ...rest] = positionals;
if (values.help || !command) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}

const dir = path.resolve(values.dir);
const snapshot = await loadKnowledge(dir);
const index = createKnowledgeSearch(snapshot);

if (command === 'check') {
  const errors = snapshot.problems.filter((p) => p.severity === 'error');
  for (const p of snapshot.problems) console.log(`${p.severity === 'error' ? 'ERROR' : 'warn '} ${formatProblem(p)}`);
  const report = selfTest(snapshot.articles, index);
  for (const m of report.misses) {
    console.log(`miss  ${m.article}: "${m.question}" finds ${m.found ?? 'nothing'}${m.answered ? '' : ' (would not answer)'}`);
  }
  for (const c of report.competing) {
    console.log(`close ${c.a} <-> ${c.b}: ${c.count} question(s) rank both within the ambiguity margin, e.g. "${c.example}"`);
  }
  console.log(
    `\n${snapshot.articles.length} articles, ${snapshot.dictionary.synonyms.length} synonym groups; ` +
      `${errors.length} error(s); self-test: ${report.questions - report.misses.length}/${report.questions} questions find their own article first, ` +
      `${report.competing.length} competing pair(s)`,
  );
  process.exitCode = errors.length > 0 || (values.strict && (report.misses.length > 0 || report.competing.length > 0)) ? 1 : 0;
} else if (command === 'search') {
  const query = rest.join(' ');
  const limit = Number(values.limit);
  if (!query || !Number.isInteger(limit) || limit < 1) {
    console.error(usage);
    process.exit(2);
  }
  // The bot's own recognition and policy over the articles and flows on disk: what this prints is
  // what a merchant would get as the first message of a conversation.
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const live = await createLiveKnowledge({ dir, flowsDir: path.resolve(values.flows), logger: quiet });
  const messages = await loadMessages(localesDir);
  const explained = createTurnExplainer({ messages, knowledge: live })(redact(query).text, messages['zh-CN']);
  await live.close();
  if (values.json) console.log(JSON.stringify(explained, null, 2));
  else console.log(describeTurn(explained, limit));
} else {
  console.error(`unknown command "${command}"\n${usage}`);
  process.exit(2);
}
