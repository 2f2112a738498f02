/**
 * Editors' tool for guided flows.
 *   npm run flow -- check [--dir flows] [--knowledge knowledge]   validate every flow
 *   npm run flow -- show <id>                                      list a flow's steps and where each leads
 * Exit code 1 when a flow has errors, 2 on bad usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { successors, loadFlows } from '../flows/index.js';
import { formatProblem, loadKnowledge } from '../knowledge/index.js';

const usage = `usage:
  npm run flow -- check [--dir flows] [--knowledge knowledge]
  npm run flow -- show <flow-id>`;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string', default: process.env.FLOWS_DIR ?? 'flows' },
    knowledge: { type: 'string', default: process.env.KNOWLEDGE_DIR ?? 'knowledge' },
  },
});
const [command, id] = positionals;
const knowledge = await loadKnowledge(path.resolve(values.knowledge));
const snapshot = await loadFlows(path.resolve(values.dir), { articleIds: new Set(knowledge.byId.keys()) });

if (command === 'check') {
  for (const p of snapshot.problems) console.log(`${p.severity === 'error' ? 'ERROR' : 'warn '} ${formatProblem(p)}${p.step ? ` (step ${p.step})` : ''}`);
  const errors = snapshot.problems.filter((p) => p.severity === 'error').length;
  for (const flow of snapshot.flows) console.log(`ok    ${flow.id}: ${flow.steps.length} steps, ${flow.triggers.length} triggers`);
  console.log(`\n${snapshot.flows.length} flow(s), ${errors} error(s)`);
  process.exitCode = errors > 0 ? 1 : 0;
} else if (command === 'show' && id) {
  const flow = snapshot.byId.get(id);
  if (!flow) {
    console.error(`no valid flow "${id}"; known: ${[...snapshot.byId.keys()].join(', ')}`);
    process.exit(2);
  }
  console.log(`${flow.id}: ${flow.title}\ntriggers: ${flow.triggers.join(' / ')}\n`);
  flow.steps.forEach((step, i) => {
    const kind = ['say', 'article', 'ask', 'set', 'branch', 'goto', 'handoff', 'end'].find((k) => k in step)!;
    const to = successors(flow, i).filter(Boolean);
    console.log(`${step.id.padEnd(28)} ${kind.padEnd(8)} ${to.length ? `-> ${to.join(', ')}` : '(ends)'}`);
  });
} else {
  console.error(usage);
  process.exit(2);
}
