/**
 * kefu in its own process for the fuzz suite, so that a crash ends this process and not the test
 * worker. Started by `startKefuProcess`: prints one JSON line `{url, agent}` once it listens, then
 * answers the IPC message `{id, type: 'memory'}` with the heap used after a full GC (run it with
 * --expose-gc). Error-level log lines go to stderr, where the test reads them.
 *
 * argv: <dataDir>. The data folder is kept, so a restart after a crash finds the same signing
 * key, conversations and agent.
 */
import { startServer } from '../support/startServer.js';

const FUZZ_AGENT = { username: 'fuzz-agent', password: 'fuzz-agent-password-1' } as const;

const dataDir = process.argv[2];
if (!dataDir) throw new Error('serveKefu: the data folder is required as the first argument');

const server = await startServer({ dataDir });
await server.addAgent(FUZZ_AGENT.username, FUZZ_AGENT.password, 'Fuzz').catch((error: { code?: string }) => {
  // A restart finds the agent already there.
  if (error.code !== 'HANDOFF_AGENT_EXISTS') throw error;
});

/** The captured log would grow with every request and read as a leak: errors go to stderr, the rest is dropped. */
const drainLogs = () => {
  for (const line of server.logs.splice(0)) if ((JSON.parse(line) as { level: number }).level >= 50) process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
};

process.on('message', (message: { id: number; type: 'memory' }) => {
  drainLogs();
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ id: message.id, heapUsed, rss, gc: typeof globalThis.gc === 'function' });
});

// The test went away (or is done): so does this server.
process.on('disconnect', () => process.exit(0));

process.stdout.write(`${JSON.stringify({ url: server.url, agent: FUZZ_AGENT })}\n`);
