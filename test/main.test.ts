import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, type TestContext } from 'vitest';
import WebSocket from 'ws';
import { createArrivals } from './support/arrivals.js';

const root = new URL('..', import.meta.url).pathname;

/** A data folder of its own, outside the repository, removed after the test. */
async function dataDir({ onTestFinished }: Pick<TestContext, 'onTestFinished'>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kefu-main-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts `src/main.ts` as its own process, the way `npm start` runs the built file. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, KNOWLEDGE_WATCH: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createArrivals<Record<string, any>>();
  createInterface({ input: child.stdout }).on('line', (text) => log.add(JSON.parse(text) as Record<string, any>));
  return { child, lines: log.seen, logLine: log.waitFor };
}

describe('main', () => {
  it('starts with embedded defaults, serves, and stops cleanly on SIGTERM', async (context) => {
    const { child, logLine, lines } = start({ PORT: '0', DATA_DIR: await dataDir(context) });
    const listening = await logLine((l) => l.msg?.startsWith('kefu listening'));
    const res = await fetch(`http://127.0.0.1:${listening.port}/api/kb/search?q=${encodeURIComponent('刷卡密码错误')}`);
    expect(((await res.json()) as { best: string }).best).toBe('pin-wrong');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toContain('stopped');
    // Every line is structured JSON with a level and the service name.
    expect(lines.every((l) => typeof l.level === 'number' && l.service === 'kefu')).toBe(true);
  });

  it('with a user\'s stream open, SIGTERM closes it with 1012 and exits 0 without an error line', async (context) => {
    const { child, logLine, lines } = start({ PORT: '0', DATA_DIR: await dataDir(context) });
    const { port } = await logLine((l) => l.msg?.startsWith('kefu listening'));
    const base = `http://127.0.0.1:${port}`;
    const { token } = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
    const { streamUrl } = (await (await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { streamUrl: string };
    const ws = new WebSocket(streamUrl);
    await once(ws, 'open');
    const closed = once(ws, 'close');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [closeCode] = (await closed) as [number];
    expect(closeCode).toBe(1012);
    const [code] = await exited;
    expect(code).toBe(0);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('refuses to start with a bad variable, naming it', async (context) => {
    const { child } = start({ PORT: 'not-a-port', DATA_DIR: await dataDir(context) });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(78);
    expect(stderr).toMatch(/PORT="not-a-port" is invalid/);
  });
});
