import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const root = new URL('..', import.meta.url).pathname;

/** Starts `src/main.ts` as its own process, the way `npm start` runs the built file. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, KNOWLEDGE_WATCH: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, any>[] = [];
  const waiters: { test: (l: Record<string, any>) => boolean; resolve: (l: Record<string, any>) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, any>;
    lines.push(line);
    for (const w of waiters.filter((w) => w.test(line))) w.resolve(line);
  });
  const logLine = (test: (l: Record<string, any>) => boolean) =>
    new Promise<Record<string, any>>((resolve) => {
      const seen = lines.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  return { child, lines, logLine };
}

describe('main', () => {
  it('starts with embedded defaults, serves, and stops cleanly on SIGTERM', async () => {
    const { child, logLine, lines } = start({ PORT: '0', DATA_DIR: `${root}data/test-main` });
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

  it('with a user\'s stream open, SIGTERM closes it with 1012 and exits 0 without an error line', async () => {
    const { child, logLine, lines } = start({ PORT: '0', DATA_DIR: `${root}data/test-main-ws` });
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

  it('refuses to start with a bad variable, naming it', async () => {
    const { child } = start({ PORT: 'not-a-port' });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(78);
    expect(stderr).toMatch(/PORT="not-a-port" is invalid/);
  });
});
