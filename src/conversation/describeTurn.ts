import type { TurnExplanation, TurnOutcome } from './explainTurn.js';

/** The outcomes as editors read them, Chinese first. */
export const OUTCOME_NAMES: Readonly<Record<TurnOutcome, string>> = {
  answer: '直接回答 answer',
  didYouMean: '“您是想问” did you mean',
  flow: '开始排查 start a walkthrough',
  handOver: '转人工 hand over',
  offerPerson: '致歉并提供人工 apologise, offer a person',
  smallTalk: '寒暄 small talk',
  command: '指令 command',
  noAnswer: '还没学会 no answer',
  nothing: '不回复 nothing',
};

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** A turn's explanation as text, for `npm run kb -- search`: the same facts the workspace shows. */
export function describeTurn(e: TurnExplanation, limit = 5): string {
  const lines = [`问题 query: ${e.text}`, `读作 read as: ${e.query.canonical}`];
  if (e.query.rules.length > 0) lines.push(`规则 rules: ${e.query.rules.map((r) => `${r.kind} ${r.from} → ${r.to}`).join('; ')}`);
  lines.push(
    `词 words: ${e.query.units.map((u) => `${u.text} (${u.weight.toFixed(2)}${u.known ? '' : ', unknown'}${u.ignored ? ', ignored' : ''})`).join('  ') || '-'}`,
  );
  e.search.hits.slice(0, limit).forEach((h, i) =>
    lines.push(`${String(i + 1).padStart(2)}. ${h.id.padEnd(28)} score ${h.score.toFixed(2).padStart(8)}  coverage ${percent(h.coverage).padStart(4)}  similarity ${percent(h.similarity).padStart(4)}  ${h.title}`),
  );
  if (e.search.margin !== null) lines.push(`差距 margin: 2nd/1st = ${e.search.margin.toFixed(2)}`);
  const what = e.article ? ` ${e.article.id}「${e.article.title}」` : e.flow ? ` ${e.flow.id}「${e.flow.title}」` : e.offered ? ` ${e.offered.map((t) => `「${t}」`).join(' ')}` : '';
  const reason = e.steps.find((s) => s.kind === 'handOver');
  lines.push(`决定 decision: ${OUTCOME_NAMES[e.outcome]}${what}${reason && reason.kind === 'handOver' ? `（${reason.reason}）` : ''}`);
  return lines.join('\n');
}
