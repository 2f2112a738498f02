import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentDirectory, type HandoffDesk } from '../../src/handoff/index.js';
import { createErrorHandler } from '../../src/server/errorHandler.js';
import { agentRoutes } from '../../src/server/routes/agentRoutes.js';
import { createAgentSessionStore, createAgentStore } from '../../src/storage/index.js';
import { useTempDatabases } from '../storage/tempDatabases.js';
import { capturedLogger } from '../support/capturedLogger.js';

/*
 * POST /api/agent/login as a client sees it: the agent routes and the error handler over a real
 * SQLite file, behind a trusted proxy (so X-Forwarded-For says which address a request is from)
 * and with a clock the test moves.
 */

const temp = useTempDatabases();
const PASSWORD = 'correct-horse-1';
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function start() {
  const database = await temp.open();
  let time = Date.parse('2026-03-02T01:00:00.000Z');
  const directory = createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db), now: () => new Date(time) , passwordCost: TEST_PASSWORD_COST });
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(express.json());
  // The per-address limit per minute is not what these tests are about.
  app.use('/api/agent', agentRoutes({ desk: {} as HandoffDesk, directory, loginRateLimit: 1000 }));
  app.use(createErrorHandler(capturedLogger().logger));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/agent/login`;

  async function login(username: string, password: string, from: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ username, password, kind: 'bearer' }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error?: { code: string; message: string } } };
  }
  return {
    directory,
    login,
    advanceSeconds: (seconds: number) => {
      time += seconds * 1000;
    },
  };
}

describe('POST /api/agent/login', () => {
  it('answers an unknown username, a disabled agent and a real one with the same status, body and Retry-After, attempt after attempt', async () => {
    const { directory, login, advanceSeconds } = await start();
    await directory.add({ username: 'wang', password: PASSWORD });
    await directory.add({ username: 'zhao', password: PASSWORD });
    await directory.setDisabled('zhao', true);

    const answers = async (username: string) => {
      const seen = [];
      for (let i = 0; i < 7; i++) seen.push(await login(username, 'wrong-password', '203.0.113.9'));
      advanceSeconds(1);
      for (let i = 0; i < 2; i++) seen.push(await login(username, 'wrong-password', '203.0.113.9'));
      return seen;
    };
    const wang = await answers('wang');

    expect(wang.map((a) => [a.status, a.retryAfter])).toEqual([...Array.from({ length: 6 }, () => [401, null]), [429, '1'], [401, null], [429, '2']]);
    expect(wang[0]?.body).toEqual({ error: { code: 'BAD_CREDENTIALS', message: '用户名或密码错误 / wrong username or password' } });
    expect(wang[6]?.body).toEqual({ error: { code: 'THROTTLED', message: '登录尝试过多，请 1 秒后再试 / too many login attempts: try again in 1 second', params: { retryAfterSeconds: 1 } } });
    expect(await answers('nobody')).toEqual(wang);
    expect(await answers('zhao')).toEqual(wang);
  });

  it('keeps the guessing address waiting while the real agent signs in from another', async () => {
    const { directory, login } = await start();
    await directory.add({ username: 'wang', password: PASSWORD });
    for (let i = 0; i < 6; i++) await login('wang', 'wrong-password', '203.0.113.9');

    expect((await login('wang', PASSWORD, '203.0.113.9')).status).toBe(429);
    expect((await login('wang', PASSWORD, '198.51.100.7')).status).toBe(200);
    expect(await directory.failures({ since: new Date(0) })).toMatchObject([
      { username: 'wang', address: '203.0.113.9', reason: 'throttled' },
      ...Array.from({ length: 6 }, () => ({ username: 'wang', address: '203.0.113.9', reason: 'bad_password' })),
    ]);
  });
});
