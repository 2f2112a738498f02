import { ROUTE_GROUPS, describeRequest, type FuzzRequest, type RouteGroup } from './FuzzRequest.js';
import { judgeOutcome, outcomeLabel, type ProblemType } from './judgeOutcome.js';
import type { CardEcho } from './openFuzzSession.js';
import type { Outcome } from './sendRawRequest.js';

export type FailureType = ProblemType | 'crash' | 'memory' | 'setup';

/** One distinct failure: the first request that showed it, and how many did. */
export interface Failure {
  /** What makes two failures the same: type, route group, kind of request (or of echo). */
  readonly signature: string;
  readonly type: FailureType;
  readonly detail: string;
  /** The first request that failed this way; absent for whole-run checks. */
  readonly request?: FuzzRequest;
  count: number;
  /** Plan indices of the first few requests that failed this way. */
  readonly examples: number[];
}

export interface GroupStats {
  sent: number;
  passed: number;
  failed: number;
  /** Status codes and other outcomes (`dropped`, `timeout`, `not sent`) with their counts. */
  readonly outcomes: Record<string, number>;
}

export interface MemoryReport {
  readonly metric: 'heapUsed after GC' | 'rss';
  readonly baselineBytes: number;
  readonly lastBytes: number;
  readonly peakGrowthBytes: number;
  readonly limitBytes: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly planned: number;
  /** Requests whose outcome was acceptable. */
  readonly passed: number;
  /** Requests that were not, plus whole-run checks that failed (memory, a card in a replay). */
  readonly failed: number;
  readonly notSent: number;
  readonly restarts: number;
  readonly groups: Readonly<Record<RouteGroup, GroupStats>>;
  readonly failures: readonly Failure[];
  readonly memory?: MemoryReport;
  readonly notes: readonly string[];
  readonly durationMs: number;
}

/** Collects outcomes as a run goes and turns them into a report. */
export function createFuzzRecorder(seed: number, planned: readonly FuzzRequest[]) {
  const groups = Object.fromEntries(ROUTE_GROUPS.map((g) => [g, { sent: 0, passed: 0, failed: 0, outcomes: {} }])) as Record<RouteGroup, GroupStats>;
  const failures = new Map<string, Failure>();
  const failedRequests = new Set<number>();
  const passedRequests = new Set<number>();
  const byIndex = new Map(planned.map((r) => [r.index, r]));
  const notes: string[] = [];
  let notSent = 0;
  let wholeRunFailures = 0;
  let memory: MemoryReport | undefined;

  const fail = (signature: string, type: FailureType, detail: string, request?: FuzzRequest) => {
    const found = failures.get(signature);
    if (found) {
      found.count++;
      if (request && found.examples.length < 8) found.examples.push(request.index);
      return;
    }
    failures.set(signature, { signature, type, detail, ...(request ? { request } : {}), count: 1, examples: request ? [request.index] : [] });
  };
  const failRequest = (request: FuzzRequest, signature: string, type: FailureType, detail: string) => {
    if (passedRequests.delete(request.index)) {
      groups[request.group].passed--;
      groups[request.group].failed++;
    } else if (!failedRequests.has(request.index)) groups[request.group].failed++;
    failedRequests.add(request.index);
    fail(signature, type, detail, request);
  };
  const count = (request: FuzzRequest, label: string) => {
    const stats = groups[request.group];
    stats.outcomes[label] = (stats.outcomes[label] ?? 0) + 1;
  };

  return {
    /** Judges and counts what came back for a request. */
    record(request: FuzzRequest, outcome: Outcome) {
      groups[request.group].sent++;
      count(request, outcomeLabel(outcome));
      const problem = judgeOutcome(request, outcome);
      if (!problem) {
        passedRequests.add(request.index);
        groups[request.group].passed++;
        return;
      }
      // A card is grouped by where it came back; anything else by the kind of request.
      if (problem.where) for (const where of problem.where) failRequest(request, `${problem.type} ${request.group} ${where}`, problem.type, problem.detail);
      else failRequest(request, `${problem.type} ${request.group} ${request.kind}`, problem.type, problem.detail);
    },
    /** The request took the server down (found by sending it alone to a fresh server). */
    crash(request: FuzzRequest, outcome: Outcome, how: string) {
      groups[request.group].sent++;
      count(request, 'crash');
      failRequest(request, `crash ${request.group} ${request.kind}`, 'crash', `the server went down: ${how} (the request itself got: ${outcomeLabel(outcome)})`);
    },
    /**
     * The server went down during a batch and no single request was shown to do it (no restart to
     * try them alone, or none did it again): the requests it dropped are the suspects.
     */
    unexplainedCrash(reached: readonly FuzzRequest[], refused: number, how: string) {
      wholeRunFailures++;
      const first = reached[0];
      fail(
        `crash during batch ${first?.index ?? ''}`,
        'crash',
        `the server went down (${how}); ${reached.length} requests reached it and got no answer (${reached.slice(0, 12).map((r) => `#${r.index}`).join(' ')}), ${refused} were refused after${first ? `; the first: ${describeRequest(first)}` : ''}`,
        first,
      );
    },
    /** Not sent: the server was down, or the request's kind already crashed it. */
    notSent(request: FuzzRequest, why: string, crashedBy?: FuzzRequest) {
      notSent++;
      count(request, 'not sent');
      groups[request.group].failed++;
      failedRequests.add(request.index);
      if (crashedBy) {
        const crash = failures.get(`crash ${crashedBy.group} ${crashedBy.kind}`);
        if (crash) crash.count++;
      } else if (why) fail(`not-sent ${why}`, 'crash', why);
    },
    /** A card number in a stream frame, a replay or an agent's view. */
    cardEcho(echo: CardEcho) {
      const requests = echo.requests.map((i) => byIndex.get(i)).filter((r): r is FuzzRequest => r !== undefined);
      if (requests.length === 0) {
        if (!failures.has(`card-echo ${echo.signature}`)) wholeRunFailures++;
        fail(`card-echo ${echo.signature}`, 'card-echo', echo.detail);
      }
      for (const request of requests) failRequest(request, `card-echo ${echo.signature}`, 'card-echo', echo.detail);
    },
    setupFailure(detail: string) {
      wholeRunFailures++;
      fail(`setup ${detail}`, 'setup', detail);
    },
    memory(report: MemoryReport) {
      memory = report;
      if (report.peakGrowthBytes > report.limitBytes) {
        wholeRunFailures++;
        fail('memory', 'memory', `${report.metric} grew by ${mb(report.peakGrowthBytes)} (limit ${mb(report.limitBytes)}): ${mb(report.baselineBytes)} after the first batch, ${mb(report.lastBytes)} at the end`);
      }
    },
    note(text: string) {
      notes.push(text);
    },
    report({ restarts, durationMs }: { restarts: number; durationMs: number }): FuzzReport {
      const passed = passedRequests.size;
      return {
        seed,
        planned: planned.length,
        passed,
        failed: planned.length - passed + wholeRunFailures,
        notSent,
        restarts,
        groups,
        failures: [...failures.values()],
        ...(memory ? { memory } : {}),
        notes,
        durationMs,
      };
    },
  };
}

export type FuzzRecorder = ReturnType<typeof createFuzzRecorder>;

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A failure in a few lines: what, the request that shows it, how to send it again. */
export function describeFailure(failure: Failure, seed: number): string {
  const lines = [`[${failure.type}] ${failure.signature} ×${failure.count}`, `  got: ${failure.detail}`];
  if (failure.request) {
    lines.push(`  request: ${describeRequest(failure.request)}`);
    lines.push(`  again: --seed ${seed} --only ${failure.examples.slice(0, 3).join(',')}`);
  }
  return lines.join('\n');
}
