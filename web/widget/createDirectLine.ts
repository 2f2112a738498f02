import type { ConnectSocket } from '../shared/connectWebSocket.js';
import { toActivitySet, type Activity, type ActivitySet } from './Activity.js';
import { isMediaPath } from './isMediaPath.js';

/** What the widget needs of `fetch` (the browser's, or any other in tests). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | FormData },
) => Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown>; blob?(): Promise<Blob> }>;

/** Web Storage's three methods. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface DirectLineOptions {
  /** The kefu server's origin, e.g. https://kefu.example.com. */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** Without it, the client polls. */
  readonly connectSocket?: ConnectSocket;
  /** Where the conversation is kept so a reload resumes it (sessionStorage in the browser). */
  readonly storage: StorageLike;
  readonly storageKey?: string;
  /**
   * The widget's language (zh-CN, en-US), so the bot answers in it: sent as Accept-Language when
   * a conversation starts, with every activity, and in the `webchat/join` event that opens each
   * conversation this client starts. Without it no join event is sent.
   */
  readonly locale?: string;
  /**
   * The page the widget is on, origin and path only (never the query, which may hold anything):
   * sent in the join event, so agents see where a visitor came from.
   */
  readonly page?: string;
  /** Activities as they arrive; the same one may come twice after a reconnect. */
  readonly onActivities: (set: ActivitySet) => void;
  readonly onStatus?: (status: ConnectionStatus) => void;
  /** The stored conversation could not be resumed (its token expired): a new one begins. */
  readonly onNewConversation?: () => void;
  /** Polling interval when there is no WebSocket. */
  readonly pollMs?: number;
  /** Tokens live 30 minutes; renewing at 15 leaves a second chance. */
  readonly refreshMs?: number;
  /** A stream silent this long (the server sends keep-alives every 15 s) is taken as dead. */
  readonly staleMs?: number;
  /** Waits between attempts after a failure, the last one repeating. */
  readonly retryMs?: readonly number[];
}

export interface DirectLine {
  /** Resumes the stored conversation, or starts one; retries on its own until closed. */
  start(): Promise<void>;
  /** Posts an activity as the user; resolves with its id. */
  post(activity: Activity): Promise<string>;
  /**
   * Uploads an image as the user (Direct Line's multipart upload, with its activity); resolves
   * with the activity's id. A refusal rejects with the server's status (413 too large, 415 no image).
   */
  upload(file: Blob, fileName: string, activity: Activity): Promise<string>;
  /** An image kept on the server (an attachment's contentUrl path), fetched with this conversation's token. */
  fetchMedia(path: string): Promise<Blob>;
  /**
   * The browser says the network went away or came back. Offline shows at once (a dead socket
   * may not notice for a while); back online, it reconnects now, from the watermark, instead of
   * trusting a socket that may have died meanwhile or waiting out a backoff.
   */
  networkChanged(online: boolean): void;
  close(): void;
  readonly userId: string | undefined;
}

/** A failed call to the server; `lost` means the stored conversation can no longer be used. */
export class DirectLineError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly lost: boolean,
  ) {
    super(`kefu widget: ${message}`);
    this.name = 'DirectLineError';
  }
}

/** Web Chat's welcome event: the user's client has joined, and says its language. */
const JOIN = 'webchat/join';
const isJoin = (a: Activity) => a.type === 'event' && a.name === JOIN;

interface Session {
  token: string;
  conversationId: string;
  userId: string;
  watermark: number;
  /** false from the start of a conversation until its webchat/join event has been posted. */
  joined?: boolean;
}

/** Reads the stored session; anything malformed counts as none. */
export function parseSession(raw: string | null): Session | undefined {
  try {
    const s = JSON.parse(raw ?? 'null') as Partial<Session> | null;
    if (s && typeof s.token === 'string' && typeof s.conversationId === 'string' && typeof s.userId === 'string' && Number.isInteger(s.watermark) && s.watermark! >= 0) {
      return { token: s.token, conversationId: s.conversationId, userId: s.userId, watermark: s.watermark!, ...(s.joined === false && { joined: false }) };
    }
  } catch {
    // fall through: start afresh
  }
  return undefined;
}

/**
 * A small Direct Line 3.0 client for the widget (botframework-directlinejs, with rxjs, is
 * about 300 KB minified; this whole widget is under 25).
 * Gets a token from /api/webchat/token, starts the conversation, and reads the WebSocket
 * stream, falling back to polling when the socket cannot open. Keeps {token, conversationId,
 * userId, watermark} in storage: after a drop or a reload it resumes from the watermark with
 * GET /conversations/{id}?watermark=, so it gets what it missed. Renews the token before it expires.
 * Once the stream of a conversation it started is connected, it posts Web Chat's welcome event
 * (`webchat/join` with the language), once: a resumed conversation has already been greeted.
 */
export function createDirectLine({
  baseUrl,
  fetch,
  connectSocket,
  storage,
  storageKey = 'kefu-w:session',
  locale,
  page,
  onActivities,
  onStatus = () => {},
  onNewConversation = () => {},
  pollMs = 1_000,
  refreshMs = 15 * 60_000,
  staleMs = 45_000,
  retryMs = [1_000, 2_000, 5_000, 10_000, 30_000],
}: DirectLineOptions): DirectLine {
  let session = parseSession(storage.getItem(storageKey));
  let polling = !connectSocket;
  let socket: { close(): void } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let status: ConnectionStatus | undefined;
  let closed = false;
  // Bumped whenever the connection is replaced, so late answers of an old one are ignored.
  let generation = 0;
  let firstAttempt: Promise<void> | undefined;
  let joining = false;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    onStatus(next);
  };
  const save = () => {
    try {
      if (session) storage.setItem(storageKey, JSON.stringify(session));
      else storage.removeItem(storageKey);
    } catch {
      // Storage full or blocked: the chat works, it just will not survive a reload.
    }
  };
  const backoff = () => retryMs[Math.min(failures++, retryMs.length - 1)] ?? 1_000;
  const later = (fn: () => void, ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  const path = (s: Session, rest = '') => `/v3/directline/conversations/${encodeURIComponent(s.conversationId)}${rest}`;

  async function call(method: string, url: string, token?: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<unknown> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await fetch(baseUrl + url, body === undefined ? { method, headers } : { method, headers, body: JSON.stringify(body) });
    } catch {
      throw new DirectLineError(`${method} ${url.split('?')[0]} failed: no network`, 0, false);
    }
    if (!res.ok) {
      // 401/403: the token expired or is not for this conversation; 404: the conversation is gone.
      const lost = res.status === 401 || res.status === 403 || res.status === 404;
      throw new DirectLineError(`${method} ${url.split('?')[0]} answered ${res.status}`, res.status, lost);
    }
    return res.json();
  }

  function receive(value: unknown) {
    const set = toActivitySet(value);
    const watermark = Number(set.watermark);
    if (set.activities.length > 0) onActivities(set);
    if (!session) return;
    let changed = false;
    // The join's echo can come before the answer to its POST: a reload in between must not send it again.
    if (session.joined === false && set.activities.some((a) => isJoin(a) && a.from?.id === session!.userId)) {
      session.joined = true;
      changed = true;
    }
    // Stored after the activities are handled: a reload in between replays them, never skips them.
    if (Number.isInteger(watermark) && watermark > session.watermark) {
      session.watermark = watermark;
      changed = true;
    }
    if (changed) save();
  }

  function stop() {
    generation += 1;
    clearTimeout(timer);
    const s = socket;
    socket = undefined;
    s?.close();
  }

  /** Resumes or starts the conversation and opens the stream; on failure, tries again later. */
  async function connect(): Promise<void> {
    stop();
    const mine = generation;
    setStatus(status === 'offline' ? 'offline' : 'connecting');
    try {
      const streamUrl = await open();
      if (mine !== generation || closed) return;
      failures = 0;
      scheduleRefresh(refreshMs);
      if (polling) void poll(mine);
      else stream(streamUrl, mine);
    } catch {
      // No network, a 5xx, a 429 from the token route, an odd answer: all pass, so try again.
      if (mine !== generation || closed) return;
      setStatus('offline');
      later(() => void connect(), backoff());
    }
  }

  /** A usable conversation, and its stream URL. */
  async function open(): Promise<string> {
    if (session) {
      try {
        const resumed = (await call('GET', path(session, `?watermark=${session.watermark}`), session.token)) as { token: string; streamUrl: string };
        session.token = resumed.token;
        save();
        return resumed.streamUrl;
      } catch (error) {
        if (!(error instanceof DirectLineError && error.lost)) throw error;
        session = undefined;
        save();
        onNewConversation();
      }
    }
    const issued = (await call('POST', '/api/webchat/token')) as { token: string; userId: string };
    // The bot greets as the conversation starts: it learns the language from this header.
    const started = (await call('POST', '/v3/directline/conversations', issued.token, undefined, locale ? { 'accept-language': locale } : {})) as { token: string; conversationId: string; streamUrl: string };
    session = { token: started.token, conversationId: started.conversationId, userId: issued.userId, watermark: 0, ...(locale && { joined: false }) };
    save();
    return started.streamUrl;
  }

  function stream(url: string, mine: number) {
    let opened = false;
    let done = false;
    let stale: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(stale);
      // A half-open connection (sleep, a Wi-Fi change) may never report closing: stop waiting.
      stale = setTimeout(() => {
        handle.close();
        closedNow();
      }, staleMs);
    };
    const closedNow = () => {
      clearTimeout(stale);
      if (done) return;
      done = true;
      if (mine !== generation || closed) return;
      socket = undefined;
      if (!opened) {
        // Blocked by a proxy or not supported: poll instead, for the rest of the page's life.
        polling = true;
        void poll(mine);
      } else {
        setStatus('connecting');
        later(() => void connect(), backoff());
      }
    };
    const handle = connectSocket!(url, {
      open() {
        opened = true;
        failures = 0;
        if (mine === generation) {
          setStatus('online');
          join();
        }
        watch();
      },
      message(data) {
        if (mine !== generation) return;
        watch();
        if (typeof data !== 'string' || data === '') return; // keep-alive
        try {
          receive(JSON.parse(data));
        } catch {
          // Not JSON: nothing to show.
        }
      },
      closed: closedNow,
    });
    socket = {
      close() {
        clearTimeout(stale);
        done = true;
        handle.close();
      },
    };
  }

  async function poll(mine: number) {
    if (mine !== generation || closed || !session) return;
    try {
      const set = await call('GET', path(session, `/activities?watermark=${session.watermark}`), session.token);
      if (mine !== generation || closed) return;
      failures = 0;
      setStatus('online');
      join();
      receive(set);
      later(() => void poll(mine), pollMs);
    } catch (error) {
      if (mine !== generation || closed) return;
      setStatus('offline');
      // A lost conversation is found and replaced by connect().
      if (error instanceof DirectLineError && error.lost) later(() => void connect(), 0);
      else later(() => void poll(mine), backoff());
    }
  }

  /** The answer to a call that reads something else than JSON (an upload's multipart, an image). */
  async function send(method: string, url: string, token: string, body?: FormData) {
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await fetch(baseUrl + url, { method, headers: { authorization: `Bearer ${token}` }, ...(body && { body }) });
    } catch {
      throw new DirectLineError(`${method} ${url.split('?')[0]} failed: no network`, 0, false);
    }
    if (!res.ok) throw new DirectLineError(`${method} ${url.split('?')[0]} answered ${res.status}`, res.status, res.status === 401 || res.status === 403 || res.status === 404);
    return res;
  }

  /** Posts an activity as the user of this session; resolves with its id. */
  async function postAs(s: Session, activity: Activity): Promise<string> {
    const body = { ...activity, from: { id: s.userId, role: 'user' }, ...(locale && { locale }) };
    const { id } = (await call('POST', path(s, '/activities'), s.token, body)) as { id: string };
    return id;
  }

  /**
   * Tells the bot the widget's language, as Web Chat's welcome event does, once per conversation
   * this client started; a failed attempt is made again when the stream next connects.
   */
  function join() {
    const s = session;
    if (!s || s.joined !== false || joining || !locale) return;
    joining = true;
    postAs(s, { type: 'event', name: JOIN, value: { language: locale, ...(page ? { page } : {}) } }).then(
      () => {
        joining = false;
        s.joined = true;
        if (session === s) save();
      },
      () => {
        joining = false;
      },
    );
  }

  function scheduleRefresh(ms: number) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      const s = session;
      if (!s || closed) return;
      try {
        const renewed = (await call('POST', '/v3/directline/tokens/refresh', s.token)) as { token: string };
        if (session !== s) return;
        s.token = renewed.token;
        save();
        scheduleRefresh(refreshMs);
      } catch (error) {
        if (error instanceof DirectLineError && error.lost) void connect();
        else scheduleRefresh(Math.min(60_000, refreshMs));
      }
    }, ms);
  }

  return {
    start() {
      closed = false;
      firstAttempt ??= connect();
      return firstAttempt;
    },
    async post(activity) {
      await firstAttempt;
      const s = session;
      if (!s) throw new DirectLineError('not connected yet', 0, false);
      try {
        return await postAs(s, activity);
      } catch (error) {
        if (error instanceof DirectLineError && error.lost && session === s && !closed) void connect();
        throw error;
      }
    },
    async upload(file, fileName, activity) {
      await firstAttempt;
      const s = session;
      if (!s) throw new DirectLineError('not connected yet', 0, false);
      const form = new FormData();
      form.append('file', file, fileName);
      const described = { ...activity, from: { id: s.userId, role: 'user' }, ...(locale && { locale }) };
      form.append('activity', new Blob([JSON.stringify(described)], { type: 'application/vnd.microsoft.activity' }), 'blob');
      const res = await send('POST', path(s, `/upload?userId=${encodeURIComponent(s.userId)}`), s.token, form);
      return ((await res.json()) as { id: string }).id;
    },
    async fetchMedia(mediaPath) {
      // The token goes to kefu's own image paths, never to a URL a message names.
      if (!isMediaPath(mediaPath)) throw new DirectLineError(`${mediaPath} is not an image kept by kefu`, 0, false);
      await firstAttempt;
      const s = session;
      if (!s) throw new DirectLineError('not connected yet', 0, false);
      const res = await send('GET', mediaPath, s.token);
      if (!res.blob) throw new DirectLineError(`GET ${mediaPath} cannot be read here`, 0, false);
      return res.blob();
    },
    networkChanged(online) {
      if (closed || !firstAttempt) return;
      if (!online) {
        setStatus('offline');
        return;
      }
      failures = 0;
      if (polling && session) later(() => void poll(generation), 0);
      else void connect();
    },
    close() {
      closed = true;
      stop();
      clearTimeout(refreshTimer);
    },
    get userId() {
      return session?.userId;
    },
  };
}
