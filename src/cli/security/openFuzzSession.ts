/**
 * What a fuzz run needs before it starts and checks after it ends: real widget tokens with their
 * conversations (so valid requests are valid), an agent's sessions when credentials are given,
 * live streams that collect every frame, and a read-back of what the server kept.
 */
import WebSocket from 'ws';
import { SESSIONS } from './FuzzRequest.js';
import { cardEchoInText } from './judgeOutcome.js';
import { cardPaths, findCard } from './testCards.js';

export interface AgentCredentials {
  readonly username: string;
  readonly password: string;
}

/** A test card found in something the server sent or kept. */
export interface CardEcho {
  /** Where it was read, e.g. `directline stream 0`, `GET /api/agent/tickets/3`. */
  readonly source: string;
  /** Groups echoes of the same kind: the source's kind and the JSON paths with indices dropped. */
  readonly signature: string;
  readonly detail: string;
  /** Plan indices of the requests whose activities came back with a card, when known. */
  readonly requests: readonly number[];
}

export interface FuzzSession {
  /** Placeholder values (see PLACEHOLDERS) for this run. */
  readonly values: Map<string, string>;
  /** What could not be set up (valid requests then go out without it). */
  readonly notes: string[];
  /** Opens the live streams again on a new address (after a restart). */
  reconnect(baseUrl: string): Promise<void>;
  /** Card numbers in the collected frames, the replays and the agents' views. */
  readBack(): Promise<CardEcho[]>;
  close(): Promise<void>;
}

interface Stream {
  readonly source: string;
  readonly socket: WebSocket;
}

/** Paths without their indices, once each: one failure per field, however many items held it. */
const patterns = (paths: readonly string[]) => [...new Set(paths.map((p) => p.replace(/\[\d+\]/g, '[]')))];

/** Sets up sessions against `baseUrl`; never throws for a refusal, it notes it instead. */
export async function openFuzzSession({ baseUrl, agent, timeoutMs = 10_000 }: { baseUrl: string; agent?: AgentCredentials; timeoutMs?: number }): Promise<FuzzSession> {
  let base = baseUrl.replace(/\/$/, '');
  const values = new Map<string, string>([['host', new URL(base).host]]);
  const notes: string[] = [];
  const frames: { source: string; text: string }[] = [];
  let streams: Stream[] = [];

  const call = async (method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };

  for (let i = 0; i < SESSIONS; i++) {
    const issued = await call('POST', '/api/webchat/token');
    if (issued.status !== 200) {
      notes.push(`setup: POST /api/webchat/token answered ${issued.status}; session ${i} has no token (its valid requests are refused)`);
      continue;
    }
    const started = await call('POST', '/v3/directline/conversations', { token: issued.json.token });
    const token: string = started.status < 300 ? started.json.token : issued.json.token;
    if (started.status >= 300) notes.push(`setup: POST /v3/directline/conversations answered ${started.status} for session ${i}`);
    values.set(`token:${i}`, token);
    values.set(`conv:${i}`, issued.json.conversationId);
    values.set(`user:${i}`, issued.json.userId);
    values.set(`tampered:${i}`, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'));
  }
  if (agent) {
    values.set('agentUser', agent.username);
    values.set('agentPassword', agent.password);
    for (const name of ['agent', 'agentSpare']) {
      const login = await call('POST', '/api/agent/login', { body: { ...agent, kind: 'bearer' } });
      if (login.status === 200) values.set(name, login.json.token);
      else notes.push(`setup: agent login answered ${login.status}; agent requests go out unauthenticated`);
    }
  } else {
    notes.push('setup: no agent credentials; agent routes are fuzzed without a session');
  }

  const ws = (path: string) => `${base.replace(/^http/, 'ws')}${path}`;
  const open = (source: string, url: string, headers: Record<string, string> = {}) =>
    new Promise<Stream | undefined>((resolve) => {
      const socket = new WebSocket(url, { headers, handshakeTimeout: timeoutMs });
      socket.on('message', (data) => frames.push({ source, text: String(data) }));
      socket.once('open', () => resolve({ source, socket }));
      socket.on('error', () => resolve(undefined));
      socket.once('unexpected-response', (_req, res) => {
        notes.push(`setup: ${source} refused with ${res.statusCode}`);
        resolve(undefined);
      });
    });
  const openStreams = async () => {
    const opened = await Promise.all([
      ...Array.from({ length: SESSIONS }, (_, i) => (values.has(`token:${i}`) ? open(`directline stream ${i}`, ws(`/v3/directline/conversations/${values.get(`conv:${i}`)}/stream?t=${values.get(`token:${i}`)}`)) : undefined)),
      values.has('agent') ? open('agent stream', ws('/api/agent/stream'), { authorization: `Bearer ${values.get('agent')}` }) : undefined,
    ]);
    streams = opened.filter((s): s is Stream => s !== undefined);
  };
  await openStreams();

  const closeStreams = async () => {
    await Promise.all(
      streams.map(({ socket }) => {
        if (socket.readyState === WebSocket.CLOSED) return undefined;
        const closed = new Promise((resolve) => socket.once('close', resolve));
        socket.terminate();
        return closed;
      }),
    );
    streams = [];
  };

  /** The first frame of a new stream from watermark 0: the replay of the whole conversation. */
  const replayFrame = (i: number) =>
    new Promise<string | undefined>((resolve) => {
      const socket = new WebSocket(ws(`/v3/directline/conversations/${values.get(`conv:${i}`)}/stream?t=${values.get(`token:${i}`)}`), { handshakeTimeout: timeoutMs });
      const done = (text: string | undefined) => {
        clearTimeout(timer);
        socket.terminate();
        resolve(text);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      socket.on('message', (data) => String(data) && done(String(data)));
      socket.on('error', () => done(undefined));
    });

  const echoesIn = (source: string, kind: string, text: string): CardEcho[] => {
    if (!findCard(text)) return [];
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      return [{ source, signature: `${kind} (not JSON)`, detail: cardEchoInText(text)!.detail, requests: [] }];
    }
    const activities: any[] = Array.isArray(parsed?.activities) ? parsed.activities : Array.isArray(parsed?.transcript) ? parsed.transcript : [];
    const found = activities.flatMap((activity) => {
      const paths = cardPaths(activity, 'activity');
      if (paths.length === 0) return [];
      const request = typeof activity?.fuzzRequest === 'number' ? [activity.fuzzRequest as number] : [];
      const who = String(activity?.from?.role ?? activity?.fromRole ?? activity?.from ?? 'someone');
      const detail = `${source}: an activity from ${who}${request.length ? ` (sent by request #${request[0]})` : ''} holds a card at ${paths.join(', ')}`;
      return patterns(paths).map((where) => ({ source, signature: `${kind} ${who} ${where}`, detail, requests: request }));
    });
    if (found.length > 0) return found;
    const detail = `${source}: ${cardEchoInText(text)!.detail}`;
    return patterns(cardPaths(parsed, '$')).map((where) => ({ source, signature: `${kind} ${where}`, detail, requests: [] }));
  };

  return {
    values,
    notes,
    async reconnect(baseUrl) {
      base = baseUrl.replace(/\/$/, '');
      values.set('host', new URL(base).host);
      await closeStreams();
      await openStreams();
    },
    async readBack() {
      const echoes = frames.flatMap((f) => echoesIn(f.source, f.source.replace(/ \d+$/, ''), f.text));
      for (let i = 0; i < SESSIONS; i++) {
        if (!values.has(`token:${i}`)) continue;
        const polled = await call('GET', `/v3/directline/conversations/${values.get(`conv:${i}`)}/activities`, { token: values.get(`token:${i}`) }).catch(() => undefined);
        if (polled) echoes.push(...echoesIn(`GET activities of conversation ${i}`, 'directline replay (GET activities)', polled.text));
        const replay = await replayFrame(i);
        if (replay) echoes.push(...echoesIn(`directline stream ${i} from watermark 0`, 'directline replay (stream)', replay));
      }
      const agentToken = values.get('agent');
      if (agentToken) {
        const ids = new Set<number>();
        for (const state of ['waiting', 'assigned', 'closed', 'cancelled', 'expired']) {
          const list = await call('GET', `/api/agent/tickets?state=${state}`, { token: agentToken }).catch(() => undefined);
          if (!list) continue;
          echoes.push(...echoesIn(`GET /api/agent/tickets?state=${state}`, 'agent ticket list', list.text));
          for (const ticket of list.json?.tickets ?? []) ids.add(ticket.id);
        }
        for (const id of [...ids].slice(0, 20)) {
          const detail = await call('GET', `/api/agent/tickets/${id}`, { token: agentToken }).catch(() => undefined);
          if (detail) echoes.push(...echoesIn(`GET /api/agent/tickets/${id}`, 'agent ticket detail', detail.text));
        }
      }
      return echoes;
    },
    close: closeStreams,
  };
}
