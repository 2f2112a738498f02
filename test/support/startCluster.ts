/**
 * kefu as a deployment with several instances runs it: N processes of `src/main.ts` on one
 * PostgreSQL database (a fresh schema of the test server), each with its own DATA_DIR and port,
 * sharing DIRECTLINE_SECRET, behind a round-robin reverse proxy that balances WebSocket upgrades
 * too. A test reaches the proxy (`cluster.url`) or one instance (`cluster.instances[i].url`),
 * kills an instance with SIGKILL, brings it back, and stops everything with SIGTERM.
 *
 * Used by test/cluster/ and by bench/cluster.bench.ts (so nothing here needs vitest's runner).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
// http-proxy-3, not http-proxy: http-proxy's last release (1.18.1) is from 2020 and it leaks
// sockets on WebSocket errors; http-proxy-3 is its API-compatible TypeScript rewrite, maintained,
// and the proxy Vite ships since Vite 7. Its 2.x needs Node 22; kefu runs on Node 20, hence ^1.23.
import { ProxyServer } from 'http-proxy-3';
import type { Role } from '../../src/access/index.js';
import { runAgentCli } from '../../src/cli/runAgentCli.js';
import { createTestSchema, dropTestSchema, testPostgresUrl, withSearchPath } from '../storage/tempDatabases.js';
import { createArrivals, type Arrivals } from './arrivals.js';
import { TEST_PASSWORD_COST } from './passwordCost.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A line kefu logged (pino's JSON); a line that is not JSON is kept as `{ msg }`. */
export type LogLine = Record<string, any>;

/** An account created before the instances start, as `npm run agent -- add` would. */
export interface ClusterAgent {
  readonly username: string;
  readonly password: string;
  readonly role?: Role;
}

export interface ClusterOptions {
  /** How many instances. Default 3. */
  readonly instances?: number;
  /** `postgres` (default): one fresh schema for all. `sqlite`: a file in the one instance's DATA_DIR. */
  readonly database?: 'postgres' | 'sqlite';
  /** Environment for every instance, on top of the cluster's own (SERVICE_HOURS=always, ...). */
  readonly env?: Record<string, string>;
  readonly agents?: readonly ClusterAgent[];
  /** How long an instance may take to say it is listening before start-up fails. Default 60 s. */
  readonly startTimeoutMs?: number;
}

export interface ClusterInstance {
  /** A, B, C...: the name failures and the proxy's routes use. */
  readonly name: string;
  /** `http://127.0.0.1:<port>` of the running process (a restart changes the port). */
  readonly url: string;
  readonly running: boolean;
  /** The running process's id (benchmarks read its CPU time); undefined when it is not running. */
  readonly pid: number | undefined;
  /** What the running process has logged so far, in order. */
  readonly logs: readonly LogLine[];
  /** The first line of the running process not yet returned that passes `test`; waits for it. */
  logLine(test: (line: LogLine) => boolean): Promise<LogLine>;
  /**
   * SIGKILL, as a crash or an OOM kill ends a process: no shutdown, sockets cut. The proxy stops
   * routing to it first (as a balancer's health check would); resolves once it has exited.
   */
  kill(): Promise<void>;
  /** Starts the instance again (same DATA_DIR, a new port) and returns it to the proxy's rotation. */
  restart(): Promise<void>;
  /** SIGTERM and its exit code (0 for a clean stop); undefined when it was not running. */
  stop(): Promise<number | null | undefined>;
}

/** Where the proxy sent a request or an upgrade. */
export interface ProxyRoute {
  readonly kind: 'http' | 'upgrade';
  readonly method: string;
  /** The path without its query (which may hold a token). */
  readonly path: string;
  readonly instance: string;
}

export interface Cluster {
  /** The proxy: requests and upgrades go to the running instances in turn. */
  readonly url: string;
  readonly instances: readonly ClusterInstance[];
  /** DIRECTLINE_SECRET of every instance. */
  readonly secret: string;
  /** DATABASE_URL of every instance (undefined on SQLite). */
  readonly databaseUrl: string | undefined;
  /** Everything the proxy routed, in order. */
  readonly routes: Arrivals<ProxyRoute>;
  /** SIGTERM to every running instance, awaits their exits, closes the proxy, drops the schema and the folders. Exit codes by instance name. */
  stop(): Promise<Record<string, number | null | undefined>>;
}

export const CLUSTER_SECRET = 'cluster-test-secret-0123456789abcdef';

/**
 * Starts the cluster: the schema, the agents (through `runAgentCli`, which also migrates the
 * schema), then every instance at once, then the proxy. Rejects naming the instance that failed
 * to start, with its stderr; whatever did start is stopped first.
 */
export async function startCluster({ instances: count = 3, database = 'postgres', env = {}, agents = [], startTimeoutMs = 60_000 }: ClusterOptions = {}): Promise<Cluster> {
  if (database === 'sqlite' && count !== 1) throw new Error(`startCluster: SQLite serves one instance only (its DATA_DIR is locked), not ${count}`);
  const schema = database === 'postgres' ? await createTestSchema() : undefined;
  const databaseUrl = schema === undefined ? undefined : withSearchPath(testPostgresUrl, schema);
  const dataDirs: string[] = [];
  const instances: Instance[] = [];
  let proxy: Proxy | undefined;

  async function stop(): Promise<Record<string, number | null | undefined>> {
    const codes = Object.fromEntries(await Promise.all(instances.map(async (instance) => [instance.name, await instance.stop()] as const)));
    await proxy?.close();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    if (schema !== undefined) await dropTestSchema(schema);
    return codes;
  }

  try {
    for (let i = 0; i < count; i++) dataDirs.push(await mkdtemp(path.join(tmpdir(), `kefu-cluster-${instanceName(i)}-`)));
    const shared: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      DIRECTLINE_SECRET: CLUSTER_SECRET,
      KNOWLEDGE_WATCH: 'false',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      // Child processes do not share the test's pinned Date (test/support/pinClock.ts): with service
      // hours always open, a hand-over to a person works whatever the hour of the run.
      SERVICE_HOURS: 'always',
      // The proxy says who the client is (X-Forwarded-For), as a real balancer does; rate limits key on it.
      TRUST_PROXY: 'loopback',
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      ...env,
    };
    for (const agent of agents) await addAgent(agent, { ...shared, DATA_DIR: dataDirs[0]! });
    for (let i = 0; i < count; i++) instances.push(createInstance(instanceName(i), { ...shared, DATA_DIR: dataDirs[i]! }, startTimeoutMs));
    await Promise.all(instances.map((instance) => instance.start()));
    proxy = await startProxy(instances);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const started = proxy;
  return { url: started.url, instances, secret: CLUSTER_SECRET, databaseUrl, routes: started.routes, stop };
}

/** A, B, ..., Z, then I26, I27... */
function instanceName(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `I${i}`;
}

/** `npm run agent -- add <username> --password-stdin`, in this process, against the cluster's database. */
async function addAgent({ username, password, role }: ClusterAgent, env: Record<string, string>): Promise<void> {
  const stdin = new PassThrough();
  stdin.end(`${password}\n`);
  let said = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      said += chunk.toString();
      done();
    },
  });
  const args = ['add', username, '--password-stdin', ...(role ? ['--role', role] : [])];
  const code = await runAgentCli(args, { env: { ...process.env, ...env }, cwd: root, stdin, stdout: output, stderr: output }, { passwordCost: TEST_PASSWORD_COST });
  if (code !== 0) throw new Error(`startCluster: adding agent ${username} failed (exit ${code}): ${said.trim()}`);
}

interface Instance extends ClusterInstance {
  start(): Promise<void>;
  /** The port of the running process; undefined when it is not running. */
  readonly port: number | undefined;
}

interface KefuProcess {
  readonly child: ChildProcess;
  readonly log: Arrivals<LogLine>;
  readonly exited: Promise<number | null>;
  port?: number;
}

function createInstance(name: string, env: Record<string, string>, startTimeoutMs: number): Instance {
  let current: KefuProcess | undefined;
  let running = false;

  async function start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createArrivals<LogLine>();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout! }).on('line', (text) => log.add(parseLine(text)));
    const exited = once(child, 'exit').then(([code]) => code as number | null);
    current = { child, log, exited };
    let timer: NodeJS.Timeout | undefined;
    const listening = await Promise.race([
      log.waitFor((line) => typeof line.msg === 'string' && line.msg.startsWith('kefu listening')),
      exited.then((code) => Promise.reject(new Error(`startCluster: instance ${name} exited with ${code} before listening:\n${stderr.trim()}`))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`startCluster: instance ${name} did not say "kefu listening" within ${startTimeoutMs} ms:\n${stderr.trim()}`)), startTimeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    current.port = Number(listening.port);
    running = true;
    void exited.then(() => {
      if (current?.child === child) running = false;
    });
  }

  async function signal(kind: NodeJS.Signals): Promise<number | null | undefined> {
    const ending = current;
    if (!ending || ending.child.exitCode !== null || ending.child.signalCode !== null) return undefined;
    running = false;
    ending.child.kill(kind);
    return ending.exited;
  }

  return {
    name,
    get url() {
      if (current?.port === undefined) throw new Error(`instance ${name} has not started`);
      return `http://127.0.0.1:${current.port}`;
    },
    get port() {
      return running ? current?.port : undefined;
    },
    get running() {
      return running;
    },
    get pid() {
      return running ? current?.child.pid : undefined;
    },
    get logs() {
      return current?.log.seen ?? [];
    },
    logLine: (test) => {
      if (!current) throw new Error(`instance ${name} has not started`);
      return current.log.waitFor(test);
    },
    start,
    async kill() {
      await signal('SIGKILL');
    },
    async restart() {
      await signal('SIGTERM');
      await start();
    },
    stop: () => signal('SIGTERM'),
  };
}

function parseLine(text: string): LogLine {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as LogLine) : { msg: text };
  } catch {
    return { msg: text };
  }
}

interface Proxy {
  readonly url: string;
  readonly routes: Arrivals<ProxyRoute>;
  close(): Promise<void>;
}

/**
 * The balancer: each request and each upgrade goes to the next running instance. Not sticky, so
 * a user's stream and their posts land on different instances, as behind most balancers.
 */
async function startProxy(instances: readonly Instance[]): Promise<Proxy> {
  const proxy = new ProxyServer({ xfwd: true, ws: true });
  // Kept-alive connections to the instances, as a balancer keeps them (upgrades get their own).
  const agent = new http.Agent({ keepAlive: true });
  const routes = createArrivals<ProxyRoute>();
  let turn = 0;
  const next = (kind: ProxyRoute['kind'], req: http.IncomingMessage) => {
    const live = instances.filter((instance) => instance.port !== undefined);
    if (live.length === 0) return undefined;
    const instance = live[turn++ % live.length]!;
    routes.add({ kind, method: req.method ?? '', path: (req.url ?? '/').split('?')[0]!, instance: instance.name });
    return `http://127.0.0.1:${instance.port}`;
  };
  const server = http.createServer((req, res) => {
    const target = next('http', req);
    if (!target) return void res.writeHead(503).end('no instance running');
    proxy.web(req, res, { target, agent }, () => {
      // The instance died under the request (a kill): what a balancer answers.
      if (!res.headersSent) res.writeHead(502).end('bad gateway');
      else res.destroy();
    });
  });
  const clientSockets = new Set<Socket>();
  server.on('connection', (socket) => {
    clientSockets.add(socket);
    socket.once('close', () => clientSockets.delete(socket));
  });
  server.on('upgrade', (req, socket: Socket, head) => {
    socket.on('error', () => socket.destroy());
    const target = next('upgrade', req);
    if (!target) return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    proxy.ws(req, socket, head, { target }, () => socket.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    async close() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of clientSockets) socket.destroy();
      agent.destroy();
      await closed;
    },
  };
}
