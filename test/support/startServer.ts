import { TEST_PASSWORD_COST } from './passwordCost.js';
import type { Role } from '../../src/access/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createHttpServer } from '../../src/app/createHttpServer.js';
import { createRuntime, webDistDir, type Runtime } from '../../src/app/createRuntime.js';
import { listen, type ConnectionLimits } from '../../src/server/index.js';
import { capturedLogger } from './capturedLogger.js';
import type { Coordination } from '../../src/coordination/index.js';
import { databaseEnv, dropDatabase } from './testDatabase.js';
import { sharedKnowledge } from './sharedKnowledge.js';

const root = new URL('../..', import.meta.url).pathname;

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly runtime: Runtime;
  /** Everything the logger wrote, as JSON lines. */
  readonly logs: string[];
  /** Adds an account; `role` defaults to 'agent'. */
  addAgent(username: string, password: string, displayName?: string, role?: Role): Promise<void>;
  /** Stops listening and closes the runtime; with `keepData`, the data folder stays for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * kefu as `main.ts` runs it (runtime, every route, WebSocket upgrades, the built web pages) on a
 * free port of 127.0.0.1, with its own data folder. Service hours default to `always` so tests do
 * not depend on the time of day; pass `env` to change that.
 */
export interface StartServerOptions {
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  /** The runtime's clock. Default: the system clock (service hours are \`always\` unless \`env\` says otherwise). */
  readonly now?: () => Date;
  /** Connection timeouts, for tests of slow clients. Default: kefu's own. */
  readonly limits?: ConnectionLimits;
  /** What the instance shares with others (test/support/memoryCluster.ts joins several). Default: its own. */
  readonly coordination?: Coordination;
}

export async function startServer({ dataDir, env = {}, now, limits, coordination }: StartServerOptions = {}): Promise<TestServer> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'kefu-server-')));
  const config = loadConfig({ DATA_DIR: dir, KNOWLEDGE_WATCH: 'false', SERVICE_HOURS: 'always', ...(await databaseEnv(dir)), ...env }, root);
  const { logger, logs } = capturedLogger();
  const knowledge = await sharedKnowledge(env);
  const runtime = await createRuntime(config, logger, { watch: false, passwordCost: TEST_PASSWORD_COST, ...(now ? { now } : {}), ...(knowledge ? { knowledge } : {}), ...(coordination ? { coordination } : {}) });
  const http = createHttpServer(runtime, logger, { webDir: webDistDir, trustProxy: config.trustProxy, limits });
  const listening = await listen(http.server, 0, '127.0.0.1');
  let closed = false;
  return {
    url: `http://127.0.0.1:${listening.port}`,
    dataDir: dir,
    runtime,
    logs,
    async addAgent(username, password, displayName, role) {
      await runtime.agents.add({ username, password, displayName, ...(role ? { role } : {}) });
    },
    async close({ keepData = false } = {}) {
      if (closed) return;
      closed = true;
      await http.close();
      await listening.close();
      await runtime.close();
      if (keepData) return;
      await rm(dir, { recursive: true, force: true });
      await dropDatabase(dir);
    },
  };
}
