import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { MemorySample } from '../../src/cli/security/index.js';

const root = new URL('../..', import.meta.url).pathname;

export interface KefuProcess {
  readonly url: string;
  readonly agent: { readonly username: string; readonly password: string };
  /** Heap used after a full GC in the server process. */
  memory(): Promise<MemorySample>;
  /**
   * Ends the process if it still runs (it did not answer, so it is killed) and says how it went
   * down: the exit code and the error it printed, or that it had to be killed.
   */
  end(): Promise<string>;
  /** Kills the process if it still runs. */
  stop(): Promise<void>;
  /** Everything the process wrote on stderr: crash stacks, and its error-level log lines. */
  readonly stderr: () => string;
}

/**
 * kefu (`startServer`, every route and upgrade) in a child process on a free port, with the data
 * kept in `dataDir` so a second process started on it finds the same tokens, conversations and
 * agent. A crash ends the child, not the test worker.
 */
export async function startKefuProcess({ dataDir, script = new URL('./serveKefu.ts', import.meta.url).pathname }: { dataDir: string; script?: string }): Promise<KefuProcess> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null }));
  const pending = new Map<number, (reply: any) => void>();
  let nextId = 0;
  child.on('message', (reply: { id: number }) => pending.get(reply.id)?.(reply));
  const ask = <T>(type: 'memory'): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve);
      void exited.then(() => reject(new Error(`the kefu process ended before answering ${type}`)));
      child.send({ id, type });
    });

  const firstLine = new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const started = await Promise.race([firstLine, exited.then((how) => ({ how }))]);
  if (typeof started !== 'string') throw new Error(`kefu did not start (exit ${started.how.code ?? started.how.signal}):\n${stderr}`);
  const { url, agent } = JSON.parse(started) as { url: string; agent: KefuProcess['agent'] };

  return {
    url,
    agent,
    stderr: () => stderr,
    async memory() {
      const reply = await ask<{ heapUsed: number; rss: number; gc: boolean }>('memory');
      return reply.gc ? { bytes: reply.heapUsed, metric: 'heapUsed after GC' } : { bytes: reply.rss, metric: 'rss' };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async end() {
      // A crash closes the port before the process is gone: give it the time to finish dying.
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([exited, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 5000)))]);
      clearTimeout(timer);
      if (ended) return `exited with ${ended.code ?? ended.signal}: ${crashSummary(stderr)}`;
      child.kill('SIGKILL');
      await exited;
      return 'it stopped answering /healthz and was killed';
    },
  };
}

/** The thrown error and where, from a Node crash on stderr: `URIError: URI malformed at …(file:line)`. */
export function crashSummary(stderr: string): string {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => /^\w*(Error|Exception)\b.*:|^\w+Error\b/.test(l));
  if (at === -1) return stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300) || 'nothing on stderr';
  const frames = lines
    .slice(at + 1)
    .filter((l) => l.trim().startsWith('at '))
    .slice(0, 3)
    .map((l) => l.trim().replace(root, ''));
  return [lines[at]!.trim(), ...frames].join(' ');
}
