import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createHttpServer } from '../../src/app/createHttpServer.js';
import { createRuntime, type Runtime } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';
import { listen } from '../../src/server/index.js';
import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { sharedKnowledge } from '../support/sharedKnowledge.js';

const root = new URL('../..', import.meta.url).pathname;
const TOKEN = 'prometheus-scrape-token-1';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(metricsToken?: string): Promise<{ url: string; runtime: Runtime }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-metrics-'));
  const logger = createLogger({ level: 'silent' });
  const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', SERVICE_HOURS: 'always' }, root), logger, { watch: false, passwordCost: TEST_PASSWORD_COST, knowledge: (await sharedKnowledge())! });
  const http = createHttpServer(runtime, logger, metricsToken ? { metricsToken } : {});
  const listening = await listen(http.server, 0, '127.0.0.1');
  cleanups.push(async () => {
    await http.close();
    await listening.close();
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { url: `http://127.0.0.1:${listening.port}`, runtime };
}

describe('GET /metrics', () => {
  it('is off (404, saying how to turn it on) without METRICS_TOKEN, and refuses a scrape without the token', async () => {
    const off = await start();
    const response = await fetch(`${off.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('METRICS_TOKEN');
    const on = await start(TOKEN);
    expect((await fetch(`${on.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${on.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
  });

  it('counts turns by channel and outcome, hand-overs by reason, the queue and the open streams, and names no user', async () => {
    const { url } = await start(TOKEN);
    const { token } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = (await (await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers })).json()) as { conversationId: string; streamUrl: string };
    const ws = new WebSocket(started.streamUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    cleanups.push(async () => ws.close());
    const say = (text: string) => fetch(`${url}/v3/directline/conversations/${started.conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text, from: { id: 'u' } }) });
    await say('余额不足怎么办');
    await say('转人工');
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toContain('kefu_turns_total{channel="directline",outcome="answer"} 1');
    expect(body).toMatch(/kefu_turns_total\{channel="directline",outcome="handOver"\} 1/);
    expect(body).toMatch(/kefu_handovers_total\{reason="[^"]+"\} 1/);
    expect(body).toContain('kefu_queue_length 1');
    expect(body).toContain('kefu_websocket_connections{kind="directline"} 1');
    expect(body).toContain('kefu_websocket_connections{kind="agent"} 0');
    expect(body).toMatch(/kefu_turn_duration_seconds_count\{channel="directline"\} [3-9]/);
    expect(body).not.toContain(started.conversationId);
    expect(body).not.toContain('dl_');
  });
});
