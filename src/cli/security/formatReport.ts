import { describeFailure, mb, type FailureType, type FuzzReport } from './createFuzzRecorder.js';
import { ROUTE_GROUPS } from './FuzzRequest.js';
import { ROUTE_BUILDERS } from './generateRequests.js';
import { ALLOWED_5XX } from './judgeOutcome.js';

/** The worst first: a crash hides everything after it. */
const ORDER: readonly FailureType[] = ['crash', 'server-error', 'timeout', 'dropped', 'refused', 'memory', 'setup', 'card-echo'];

const pad = (text: string | number, width: number) => String(text).padEnd(width);
const padLeft = (text: string | number, width: number) => String(text).padStart(width);

/**
 * The report as text: one row per route group (requests, passed, failed, outcomes seen), memory,
 * each distinct failure with a way to send it again, and last the line `N passed, M failed`.
 */
export function formatReport(report: FuzzReport): string {
  const lines = [`kefu security fuzz: seed ${report.seed}, ${report.planned} requests, ${(report.durationMs / 1000).toFixed(1)} s${report.restarts ? `, ${report.restarts} restarts` : ''}`, ''];
  lines.push(`${pad('group', 20)} ${padLeft('sent', 5)} ${padLeft('passed', 6)} ${padLeft('failed', 6)}  outcomes`);
  for (const group of ROUTE_GROUPS) {
    const stats = report.groups[group];
    const outcomes = Object.entries(stats.outcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, n]) => `${label}×${n}`)
      .join(' ');
    lines.push(`${pad(group, 20)} ${padLeft(stats.sent, 5)} ${padLeft(stats.passed, 6)} ${padLeft(stats.failed, 6)}  ${outcomes}`);
  }
  lines.push('', 'routes:', ...ROUTE_GROUPS.map((g) => `  ${pad(g, 20)} ${ROUTE_BUILDERS[g].routes}`));
  lines.push('', `allowed 5xx: ${ALLOWED_5XX.map((a) => `${a.status} from ${a.group} (${a.why})`).join('; ')}`);
  if (report.memory) {
    const m = report.memory;
    lines.push(`memory (${m.metric}): ${mb(m.baselineBytes)} after the first batch, ${mb(m.lastBytes)} at the end, peak growth ${mb(m.peakGrowthBytes)} (limit ${mb(m.limitBytes)})`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  if (report.failures.length > 0) {
    lines.push('', `${report.failures.length} distinct failures:`);
    const byType = [...report.failures].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
    for (const failure of byType) lines.push(describeFailure(failure, report.seed));
  }
  if (report.notSent > 0) lines.push('', `${report.notSent} requests were not sent (counted as failed): the server was down, or their kind had already taken it down`);
  lines.push('', `${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
