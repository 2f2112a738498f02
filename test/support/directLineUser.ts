import { createRequire } from 'node:module';
import { createArrivals } from './arrivals.js';

// botframework-directlinejs is written for browsers: Node needs XMLHttpRequest and WebSocket.
const require = createRequire(import.meta.url);
const g = globalThis as Record<string, unknown>;
g.XMLHttpRequest ??= require('xhr2');
// Node 20's own WebSocket is experimental and absent by default; the client needs one.
g.WebSocket ??= require('ws');

/** An activity as the user's client receives it. */
export interface UserActivity {
  readonly id?: string;
  readonly type: string;
  readonly text?: string;
  readonly name?: string;
  readonly value?: unknown;
  readonly from: { readonly id: string; readonly name?: string; readonly role?: string };
  readonly suggestedActions?: { readonly actions: readonly { readonly title?: string; readonly value?: unknown }[] };
  readonly channelData?: Record<string, unknown>;
}
type Match = string | RegExp | ((activity: UserActivity) => boolean);

interface DirectLineClient {
  activity$: { subscribe(next: (a: UserActivity) => void, error?: (e: unknown) => void): { unsubscribe(): void } };
  postActivity(a: Record<string, unknown>): { subscribe(next: (id: string) => void, error?: (e: unknown) => void): void };
  end(): void;
}
const { DirectLine } = require('botframework-directlinejs') as { DirectLine: new (options: Record<string, unknown>) => DirectLineClient };

export interface DirectLineUser {
  readonly conversationId: string;
  readonly userId: string;
  /** The token, to come back to the same conversation later (after a restart, say). */
  readonly token: string;
  /** Everything received so far (the user's own echoes included). */
  readonly seen: readonly UserActivity[];
  say(text: string): Promise<void>;
  typing(): Promise<void>;
  /** Posts an event activity (webchat/join, say) with its value. */
  event(name: string, value: unknown): Promise<void>;
  /**
   * The first activity from the bot's side (bot or agent) not yet returned by an earlier call
   * that matches: a string is looked for in a message's text, a RegExp tests it, a function
   * decides on any activity. Waits for it when it has not arrived.
   */
  waitFor(match: Match): Promise<UserActivity>;
  close(): Promise<void>;
}

/**
 * A merchant on the web widget's path: an anonymous token, then the official Direct Line client
 * over WebSocket. With `resume`, the same user comes back to their conversation (from the start
 * of its log, as a reloaded page without a watermark would).
 */
export async function connectUser(
  server: { readonly url: string },
  { resume }: { resume?: Pick<DirectLineUser, 'token' | 'userId' | 'conversationId'> } = {},
): Promise<DirectLineUser> {
  let credentials = resume;
  if (!credentials) {
    const response = await fetch(`${server.url}/api/webchat/token`, { method: 'POST' });
    if (!response.ok) throw new Error(`token request failed: ${response.status}`);
    credentials = (await response.json()) as { token: string; userId: string; conversationId: string };
  }
  const { token, userId, conversationId } = credentials;
  const client = new DirectLine({ domain: `${server.url}/v3/directline`, token, webSocket: true, ...(resume ? { conversationId } : {}) });
  const arrived = createArrivals<UserActivity>();
  const fromBotSide = (a: UserActivity) => a.from.role !== 'user' && a.from.id !== userId;
  const testOf = (match: Match) => (a: UserActivity) =>
    fromBotSide(a) &&
    (typeof match === 'function' ? match(a) : a.type === 'message' && (typeof match === 'string' ? (a.text ?? '').includes(match) : match.test(a.text ?? '')));
  client.activity$.subscribe(
    (a) => arrived.add(a),
    () => undefined, // the client errors its stream with "conversation ended" when it is ended
  );
  const post = (activity: Record<string, unknown>) =>
    new Promise<void>((resolve, reject) => client.postActivity({ from: { id: userId, role: 'user' }, locale: 'zh-CN', ...activity }).subscribe(() => resolve(), reject));
  return {
    conversationId,
    userId,
    token,
    seen: arrived.seen,
    say: (text) => post({ type: 'message', text }),
    typing: () => post({ type: 'typing' }),
    event: (name, value) => post({ type: 'event', name, value }),
    waitFor: (match) => arrived.waitFor(testOf(match)),
    async close() {
      client.end();
    },
  };
}
