import WebSocket from 'ws';
import { createArrivals } from '../support/arrivals.js';

/*
 * A widget user speaking Direct Line 3.0 over plain HTTP and a plain WebSocket, so that a test
 * chooses the instance of every request: the conversation started on one, the stream opened on
 * another, each message posted through a third.
 */

/** An activity as the stream or a poll delivers it. */
export interface StreamActivity {
  readonly id: string;
  readonly type: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly from: { readonly id: string; readonly role?: string };
}

/** A conversation's credentials: what the widget keeps. */
export interface RawConversation {
  readonly conversationId: string;
  readonly token: string;
  /** Where the stream is, on the host that answered (an instance, or the proxy). */
  readonly streamUrl: string;
}

export interface RawStream {
  /** Every activity that arrived, in order (typing included). */
  readonly activities: readonly StreamActivity[];
  /** The watermark of the last kept frame: where a reconnect resumes. */
  readonly watermark: string | undefined;
  /** The first arrival not yet returned that passes `test`; waits for it. */
  next(test: (activity: StreamActivity) => boolean): Promise<StreamActivity>;
  /** The bot's (or a person's) message answering the user's activity `id`. */
  replyTo(id: string): Promise<StreamActivity>;
  /** Resolves with the close code when the stream ends, however it ends. */
  readonly closed: Promise<number>;
  close(): Promise<void>;
}

const fromBotSide = (activity: StreamActivity) => activity.from.role !== 'user';

async function call<T>(method: 'GET' | 'POST', url: string, authorization: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${authorization}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

const conversationPath = (base: string, id: string) => `${base}/v3/directline/conversations/${encodeURIComponent(id)}`;

/** Starts a conversation at `base` as a widget's own server does, with the Direct Line secret. */
export function startConversation(base: string, secret: string): Promise<RawConversation> {
  return call<RawConversation>('POST', `${base}/v3/directline/conversations`, secret);
}

/** Posts the user's message through `base`; resolves with the id the log gave it. */
export async function say(base: string, conversation: RawConversation, text: string): Promise<string> {
  const { id } = await call<{ id: string }>('POST', `${conversationPath(base, conversation.conversationId)}/activities`, conversation.token, {
    type: 'message',
    text,
    from: { id: 'user', role: 'user' },
    locale: 'zh-CN',
  });
  return id;
}

/** Direct Line's reconnect: a new stream URL (on `base`) that resumes after `watermark`. */
export function reconnect(base: string, conversation: RawConversation, watermark: string | undefined): Promise<RawConversation> {
  return call<RawConversation>('GET', `${conversationPath(base, conversation.conversationId)}?watermark=${watermark ?? ''}`, conversation.token);
}

/** The whole log of the conversation, by polling from watermark 0 page by page. */
export async function transcript(base: string, conversation: RawConversation): Promise<StreamActivity[]> {
  const all: StreamActivity[] = [];
  for (let watermark = '0'; ; ) {
    const page = await call<{ activities: StreamActivity[]; watermark: string }>('GET', `${conversationPath(base, conversation.conversationId)}/activities?watermark=${watermark}`, conversation.token);
    if (page.activities.length === 0) return all;
    all.push(...page.activities);
    watermark = page.watermark;
  }
}

/** Opens the stream at `streamUrl`; activities are collected from the first frame on. */
export async function openStream(streamUrl: string): Promise<RawStream> {
  const ws = new WebSocket(streamUrl);
  const arrivals = createArrivals<StreamActivity>();
  let watermark: string | undefined;
  ws.on('message', (data) => {
    const text = String(data);
    // An empty frame is the server's keep-alive.
    if (!text) return;
    const frame = JSON.parse(text) as { activities: StreamActivity[]; watermark?: string };
    // A typing frame carries the watermark the stream had already sent: keeping it changes nothing.
    if (frame.watermark !== undefined) watermark = frame.watermark;
    for (const activity of frame.activities) arrivals.add(activity);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  // A refused or failed stream ends in 'close' too; the error itself is reported by the open below.
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    activities: arrivals.seen,
    get watermark() {
      return watermark;
    },
    next: (test) => arrivals.waitFor(test),
    replyTo: (id) => arrivals.waitFor((a) => fromBotSide(a) && a.type === 'message' && a.replyToId === id),
    closed,
    async close() {
      if (ws.readyState !== ws.CLOSED) ws.close();
      await closed;
    },
  };
}

/** Messages only, as `id text` lines: what a failure shows of a stream or a log. */
export function describeMessages(activities: readonly StreamActivity[]): string {
  const lines = activities.filter((a) => a.type === 'message').map((a) => `  ${a.id} ${a.from.role ?? a.from.id}: ${(a.text ?? '').slice(0, 40).replace(/\s+/g, ' ')}`);
  return lines.length === 0 ? '  (nothing)' : lines.join('\n');
}
