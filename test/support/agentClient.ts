import WebSocket from 'ws';
import { createArrivals } from './arrivals.js';

/** A frame of the agent stream. */
export interface StreamFrame {
  readonly type: string;
  readonly [key: string]: any;
}

export interface AgentClient {
  readonly agent: { id: number; username: string; displayName: string };
  /** Calls the agent API with this agent's credentials (and the CSRF token for a cookie session). */
  call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Opens `/api/agent/stream`; frames are collected from then on. */
  stream(): Promise<AgentStream>;
  /** The same credentials against another server (the same data, restarted on a new port). */
  on(server: { url: string }): AgentClient;
}

export interface AgentStream {
  readonly frames: readonly StreamFrame[];
  /** The first frame not yet returned that matches; waits for it when it has not arrived. */
  waitFor(test: (frame: StreamFrame) => boolean): Promise<StreamFrame>;
  /** Settles when the server (or `close`) ends the stream, with the close code and reason. */
  readonly ended: Promise<{ readonly code: number; readonly reason: string }>;
  close(): Promise<void>;
}

/** Logs in through the API as an integration (`bearer`) or as the console does (`cookie` + CSRF). */
export async function loginAgent(server: { url: string }, username: string, password: string, kind: 'cookie' | 'bearer' = 'bearer'): Promise<AgentClient> {
  const response = await fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, kind }) });
  const body = (await response.json()) as any;
  if (!response.ok) throw new Error(`login failed: ${response.status} ${JSON.stringify(body)}`);
  const cookie = kind === 'cookie' ? (response.headers.get('set-cookie') ?? '').split(';')[0]! : undefined;
  const auth: Record<string, string> = cookie ? { cookie, 'x-csrf-token': body.csrfToken } : { authorization: `Bearer ${body.token}` };
  return clientFor(server, body.agent, auth);
}

function clientFor(server: { url: string }, agent: AgentClient['agent'], auth: Record<string, string>): AgentClient {
  return {
    agent,
    on: (other) => clientFor(other, agent, auth),
    async call(method, path, payload) {
      const res = await fetch(`${server.url}/api/agent${path}`, {
        method,
        headers: { ...auth, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async stream() {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/agent/stream`, { headers: { ...auth, origin: server.url } });
      const frames = createArrivals<StreamFrame>();
      ws.on('message', (data) => frames.add(JSON.parse(String(data)) as StreamFrame));
      const ended = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
        ws.once('error', reject);
      });
      return {
        frames: frames.seen,
        waitFor: (test) => frames.waitFor(test),
        ended,
        async close() {
          if (ws.readyState === ws.CLOSED) return;
          const closed = new Promise((resolve) => ws.once('close', resolve));
          ws.close();
          await closed;
        },
      };
    },
  };
}
