import http from 'node:http';
import WebSocket from 'ws';

/*
 * The widget's side of a load benchmark, against any base URL (one instance, or a proxy in front
 * of several): conversations started with the Direct Line secret, their streams on real
 * WebSockets, messages by POST over kept-alive connections (node:http: the client's own CPU
 * counts on a 2-core machine, and fetch costs more of it). A turn is timed from its POST to the
 * reply on the stream, matched by the id the POST returned, since behind a balancer the reply can
 * come before the POST's answer.
 */

/**
 * Questions the knowledge base answers, as merchants type them (typos and all); none starts a
 * walkthrough or asks for a person, so every turn is the same kind: a question and its answer.
 */
export const WIDGET_QUESTIONS: readonly string[] = ['刷卡提示密码错误怎么办', '余额不足怎么办', '卡过期了咋整', '客服几点上班', '刷卡提示无效卡号', '机器连不上网络', '打印不出小票了', '电签机押金多少', '钱什么时候到账', '手续费怎么算的'];

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** POSTs `body` as JSON to `url`; resolves with the status and the parsed answer. */
export function postJson(url: string, body: unknown, authorization?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...(authorization ? { authorization } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // A proxy's plain-text 502 stays text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

export interface WidgetConversation {
  readonly id: string;
  /**
   * Posts `text` and resolves with the ms from the POST to its reply on the stream, or undefined
   * when the reply had not come `timeoutMs` after the POST was answered (lost: the bot answered
   * where the stream is not, and nothing carried the reply across).
   */
  turn(text: string, timeoutMs: number): Promise<number | undefined>;
  close(): Promise<void>;
}

/**
 * Starts a conversation at `base` with the Direct Line secret, opens its stream (the URL the
 * server gave, so through the same host) and resolves once the greeting has arrived on it.
 */
export async function openWidgetConversation(base: string, secret: string, { greetingTimeoutMs = 30_000 }: { greetingTimeoutMs?: number } = {}): Promise<WidgetConversation> {
  const started = await postJson(`${base}/v3/directline/conversations`, {}, `Bearer ${secret}`);
  if (started.status >= 300) throw new Error(`starting a conversation: ${started.status} ${JSON.stringify(started.body)}`);
  const { conversationId, token, streamUrl } = started.body as { conversationId: string; token: string; streamUrl: string };
  const ws = new WebSocket(streamUrl);
  // When each reply arrived, by the id of the user's message it answers.
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  let greeted!: () => void;
  const greeting = new Promise<void>((resolve) => (greeted = resolve));
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text) return;
    for (const a of (JSON.parse(text) as { activities: { type: string; replyToId?: string; from?: { role?: string } }[] }).activities) {
      if (a.type !== 'message' || a.from?.role === 'user') continue;
      // The first of the bot's messages is the greeting (a reply to the conversation's start).
      greeted();
      if (!a.replyToId || arrived.has(a.replyToId)) continue;
      const at = performance.now();
      arrived.set(a.replyToId, at);
      waiting.get(a.replyToId)?.(at);
    }
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('error', () => ws.terminate());
  if (!(await unlessLate(greeting.then(() => true), greetingTimeoutMs))) throw new Error(`conversation ${conversationId}: no greeting on the stream within ${greetingTimeoutMs} ms`);
  return {
    id: conversationId,
    async turn(text, timeoutMs) {
      const t0 = performance.now();
      const sent = await postJson(`${base}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, { type: 'message', text, from: { id: 'user', role: 'user' }, locale: 'zh-CN' }, `Bearer ${token}`);
      if (sent.status !== 200) throw new Error(`POST answered ${sent.status} ${JSON.stringify(sent.body)}`);
      const id = (sent.body as { id: string }).id;
      const at = arrived.get(id) ?? (await unlessLate(new Promise<number>((resolve) => waiting.set(id, resolve)), timeoutMs));
      waiting.delete(id);
      return at === undefined ? undefined : at - t0;
    },
    async close() {
      if (ws.readyState !== ws.CLOSED) ws.close();
      await closed;
    },
  };
}

/** `promise`'s value, or undefined once `ms` have passed without it: a guard, never a pause. */
function unlessLate<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** `make(0..count-1)`, `size` at a time: opening a thousand sockets at once overflows accept queues. */
export async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)))));
  return out;
}

/** The `p` quantile (0..1) of `values` by nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
