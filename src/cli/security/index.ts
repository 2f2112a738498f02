/**
 * The security fuzz engine behind `npm run check:security` and test/security/fuzz.test.ts.
 *
 * A seed makes a plan (generateRequests): the essential requests, then rounds over every route
 * group, valid requests mixed with mutated ones, each written as raw bytes. runFuzz sends the plan
 * with bounded concurrency and a timeout per request, checks `/healthz` after every batch, judges
 * each answer (no 5xx, no test card echoed), reads back what the server kept (replays, streams,
 * the agents' views), and samples memory when the caller can. When the server goes down, a caller
 * that can restart it gets the request that did it; otherwise the run stops and says so.
 *
 * Not goals: finding slow paths (no timing is judged beyond the timeout), authenticated fuzzing of
 * the Bot Framework endpoint, or fuzzing anything but kefu's own HTTP surface.
 */
export { createRandom, MAX_SEED, type Random } from './createRandom.js';
export { describeFailure, mb, type Failure, type FuzzReport, type GroupStats, type MemoryReport } from './createFuzzRecorder.js';
export { encodeRequest, fillPlaceholders } from './encodeRequest.js';
export { formatReport } from './formatReport.js';
export { ROUTE_GROUPS, describeRequest, type FuzzRequest, type RouteGroup } from './FuzzRequest.js';
export { ROUTE_BUILDERS, generateRequests } from './generateRequests.js';
export { ALLOWED_5XX, judgeOutcome } from './judgeOutcome.js';
export { FuzzError, parseTarget, runFuzz, type FuzzOptions, type MemorySample } from './runFuzz.js';
export { sendRawRequest, type Outcome } from './sendRawRequest.js';
export { TEST_CARDS, cardPaths, findCard, isLuhnValid } from './testCards.js';
