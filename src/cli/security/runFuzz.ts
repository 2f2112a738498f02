import { createFuzzRecorder, type FuzzReport, type MemoryReport } from './createFuzzRecorder.js';
import { encodeRequest } from './encodeRequest.js';
import type { FuzzRequest } from './FuzzRequest.js';
import { generateRequests } from './generateRequests.js';
import { openFuzzSession, type AgentCredentials } from './openFuzzSession.js';
import { sendRawRequest, type Outcome } from './sendRawRequest.js';

/** The server's memory, measured by whoever runs it (an in-process test can force a GC first). */
export interface MemorySample {
  readonly bytes: number;
  readonly metric: MemoryReport['metric'];
}

export interface FuzzOptions {
  /** Base URL of a running kefu, http or https. */
  readonly url: string;
  readonly seed: number;
  /** Size of the plan. Default 2000. */
  readonly requests?: number;
  /** Send only these plan indices (after setup), one at a time: to repeat a failure. */
  readonly only?: readonly number[];
  /** Requests in flight at once. Default 12. */
  readonly concurrency?: number;
  /** Requests between two `/healthz` checks. Default 100. */
  readonly batchSize?: number;
  /** How long one request may take. Default 10 s. */
  readonly timeoutMs?: number;
  /** Valid agent routes need an agent; without one they are fuzzed unauthenticated. */
  readonly agent?: AgentCredentials;
  /** Samples the server's memory after each batch; without it, memory is not checked. */
  readonly memory?: () => Promise<MemorySample>;
  /** How much memory may grow from the first batch on. Default 200 MB. */
  readonly maxMemoryGrowthBytes?: number;
  /**
   * Brings a server that went down back (same data) and says how it went down. With it, the run
   * finds the request that did it and goes on; without it (a deployed instance), the run stops.
   */
  readonly restart?: () => Promise<{ url: string; how: string }>;
  /** Restarts allowed before the run gives up. Default 12. */
  readonly maxRestarts?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Clock for the report's duration; injected so tests need not read the wall clock. */
  readonly now?: () => number;
}

export class FuzzError extends Error {
  constructor(
    readonly code: 'FUZZ_BAD_URL' | 'FUZZ_BAD_OPTION',
    message: string,
  ) {
    super(`security fuzz: ${message}`);
    this.name = 'FuzzError';
  }
}

/** Parses the target; only http and https are fuzzed. */
export function parseTarget(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FuzzError('FUZZ_BAD_URL', `--url ${JSON.stringify(url)} is not a URL; give one like http://127.0.0.1:3978`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FuzzError('FUZZ_BAD_URL', `--url ${JSON.stringify(url)} must be http:// or https://, not ${parsed.protocol}`);
  return parsed;
}

/** Runs `items` through `work` with at most `limit` in flight; results in the order of `items`. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Sends a seeded plan of requests (see generateRequests) to a running kefu and checks after every
 * batch that it still answers `/healthz`; judges every answer (no 5xx, no test card echoed), reads
 * back what the server kept, and samples memory when it can. Never throws for what the server
 * does: every problem is in the report.
 * @throws FuzzError for a URL that is not http(s) or an option out of range.
 */
export async function runFuzz({
  url,
  seed,
  requests = 2000,
  only,
  concurrency = 12,
  batchSize = 100,
  timeoutMs = 10_000,
  agent,
  memory,
  maxMemoryGrowthBytes = 200 * 1024 * 1024,
  restart,
  maxRestarts = 12,
  log = () => undefined,
  now = () => performance.now(),
}: FuzzOptions): Promise<FuzzReport> {
  let target = parseTarget(url);
  if (!Number.isInteger(requests) || requests < 1) throw new FuzzError('FUZZ_BAD_OPTION', `requests must be a positive whole number, got ${requests}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new FuzzError('FUZZ_BAD_OPTION', `concurrency must be a positive whole number, got ${concurrency}`);
  const started = now();
  const plan = only ? generateRequests({ seed, count: Math.max(...only) + 1 }).filter((r) => only.includes(r.index)) : generateRequests({ seed, count: requests });
  const recorder = createFuzzRecorder(seed, plan);
  let restarts = 0;

  const send = (request: FuzzRequest, values: Map<string, string>): Promise<Outcome> =>
    sendRawRequest(encodeRequest(request, values), {
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
      tls: target.protocol === 'https:',
      timeoutMs,
      head: request.method === 'HEAD',
      halfClose: request.halfClose,
    });
  const healthz = async (): Promise<string | undefined> => {
    const outcome = await sendRawRequest(Buffer.from(`GET /healthz HTTP/1.1\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`), {
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
      tls: target.protocol === 'https:',
      timeoutMs,
    });
    if (outcome.kind === 'response' && outcome.status === 200) return undefined;
    return outcome.kind === 'response' ? `/healthz answered ${outcome.status}` : `/healthz got ${outcome.kind}`;
  };
  const done = () => recorder.report({ restarts, durationMs: now() - started });

  const down = await healthz();
  if (down) {
    recorder.setupFailure(`the target is not healthy before the run: ${down}`);
    for (const request of plan) recorder.notSent(request, '');
    return done();
  }
  const session = await openFuzzSession({ baseUrl: target.origin, ...(agent ? { agent } : {}), timeoutMs });
  for (const note of session.notes) recorder.note(note);
  log(`seed ${seed}: ${plan.length} requests to ${target.origin}, ${concurrency} at a time`);

  const bringBack = async (): Promise<string | undefined> => {
    if (!restart || restarts >= maxRestarts) return undefined;
    restarts++;
    try {
      const back = await restart();
      target = parseTarget(back.url);
      await session.reconnect(target.origin);
      return back.how;
    } catch (error) {
      recorder.note(`the server could not be brought back: ${(error as Error).message}`);
      return undefined;
    }
  };

  const quarantined = new Map<string, FuzzRequest>();
  let stopped: string | undefined;
  let baseline: MemorySample | undefined;
  let last: MemorySample | undefined;
  let peakGrowth = 0;
  const batchCount = only ? 1 : Math.ceil(plan.length / batchSize);
  for (let b = 0; b < batchCount; b++) {
    const batch = only ? plan : plan.slice(b * batchSize, (b + 1) * batchSize);
    if (stopped) {
      for (const request of batch) recorder.notSent(request, stopped);
      continue;
    }
    const toSend = batch.filter((request) => {
      const crashedBy = quarantined.get(request.kind);
      if (crashedBy) recorder.notSent(request, '', crashedBy);
      return !crashedBy;
    });
    const outcomes = await inPool(toSend, only ? 1 : concurrency, (request) => send(request, session.values));
    const wentDown = await healthz();
    if (!wentDown) {
      toSend.forEach((request, i) => recorder.record(request, outcomes[i]!));
      // A sample the server cannot give (it is going down) is skipped; the next check will tell.
      const sample = memory && (await memory().catch(() => undefined));
      if (sample) {
        last = sample;
        baseline ??= sample;
        peakGrowth = Math.max(peakGrowth, sample.bytes - baseline.bytes);
      }
      log(`batch ${b + 1}/${batchCount}: ok`);
      continue;
    }

    // The server went down during this batch. Answered requests are judged as usual; the others
    // are suspects, each sent alone to a fresh server until one takes it down again.
    log(`batch ${b + 1}/${batchCount}: the server went down (${wentDown})`);
    // Those the server dropped had reached it; those refused came after it was gone. A crash
    // drops what is in flight, so requests that merely timed out are suspects only of a hang.
    const dropped: FuzzRequest[] = [];
    const timedOut: FuzzRequest[] = [];
    const refused: FuzzRequest[] = [];
    toSend.forEach((request, i) => {
      const outcome = outcomes[i]!;
      if (outcome.kind === 'response') recorder.record(request, outcome);
      else (outcome.kind === 'refused' ? refused : outcome.kind === 'timeout' ? timedOut : dropped).push(request);
    });
    const reached = dropped.length > 0 ? dropped : timedOut;
    if (dropped.length > 0) timedOut.forEach((request) => recorder.record(request, outcomes[toSend.indexOf(request)]!));
    const suspects = [...reached, ...refused];
    baseline = undefined;
    const how = await bringBack();
    if (how === undefined) {
      stopped = restart ? `not sent: the server went down more than ${maxRestarts} times` : `not sent: the server went down (${wentDown}) and the run stopped`;
      suspects.forEach((request) => recorder.notSent(request, stopped!));
      if (!restart) recorder.unexplainedCrash(reached, refused.length, wentDown);
      continue;
    }
    let found = false;
    for (const suspect of suspects) {
      const crashedBy = quarantined.get(suspect.kind);
      if (crashedBy) {
        recorder.notSent(suspect, '', crashedBy);
        continue;
      }
      if (stopped) {
        recorder.notSent(suspect, stopped);
        continue;
      }
      const outcome = await send(suspect, session.values);
      const again = await healthz();
      if (!again) {
        recorder.record(suspect, outcome);
        continue;
      }
      found = true;
      const afterCulprit = await bringBack();
      recorder.crash(suspect, outcome, afterCulprit ?? again);
      quarantined.set(suspect.kind, suspect);
      log(`  #${suspect.index} ${suspect.group}/${suspect.kind} takes it down`);
      if (afterCulprit === undefined) stopped = `not sent: the server went down more than ${maxRestarts} times`;
    }
    if (!found) recorder.unexplainedCrash(reached, refused.length, how);
  }

  if (!stopped && !(await healthz())) for (const echo of await session.readBack()) recorder.cardEcho(echo);
  await session.close();
  if (memory && baseline && !stopped) {
    last = (await memory().catch(() => undefined)) ?? last!;
    peakGrowth = Math.max(peakGrowth, last.bytes - baseline.bytes);
    recorder.memory({ metric: last.metric, baselineBytes: baseline.bytes, lastBytes: last.bytes, peakGrowthBytes: peakGrowth, limitBytes: maxMemoryGrowthBytes });
  }
  return done();
}
