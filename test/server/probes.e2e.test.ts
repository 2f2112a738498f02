import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createHttpServer, type HttpServer } from '../../src/app/createHttpServer.js';
import { createRuntime, type Runtime } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';
import { listen, type Listening } from '../../src/server/index.js';
import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { sharedKnowledge } from '../support/sharedKnowledge.js';

const root = new URL('../..', import.meta.url).pathname;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<{ url: string; runtime: Runtime; http: HttpServer; listening: Listening }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-probes-'));
  const logger = createLogger({ level: 'silent' });
  const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', SERVICE_HOURS: 'always' }, root), logger, { watch: false, passwordCost: TEST_PASSWORD_COST, knowledge: (await sharedKnowledge())! });
  const http = createHttpServer(runtime, logger);
  const listening = await listen(http.server, 0, '127.0.0.1');
  cleanups.push(async () => {
    await http.close();
    await listening.close();
    await runtime.close(); // closing the database twice does nothing
    await rm(dataDir, { recursive: true, force: true });
  });
  return { url: `http://127.0.0.1:${listening.port}`, runtime, http, listening };
}

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, boolean>; failed?: string[] } };
};

describe('GET /readyz', () => {
  it('is ready when the knowledge is loaded, the database answers and kefu is not shutting down', async () => {
    const { url } = await start();
    expect(await readyz(url)).toEqual({ status: 200, body: { status: 'ready', checks: { knowledge: true, database: true, notShuttingDown: true } } });
  });

  it('says 503 from the moment shutdown begins, while it still answers', async () => {
    const { url, http } = await start();
    http.drain();
    const { status, body } = await readyz(url);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'not ready', failed: ['notShuttingDown'] });
    // Alive all the same: requests in flight and new ones are still answered until the listener closes.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('says 503 naming the database when it does not answer', async () => {
    const { url, runtime } = await start();
    await runtime.database.close();
    const { status, body } = await readyz(url);
    expect(status).toBe(503);
    expect(body.failed).toEqual(['database']);
  });
});
