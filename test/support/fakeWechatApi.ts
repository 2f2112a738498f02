import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received, as WeChat would read it. */
export interface FakeWechatRequest {
  readonly method: string;
  /** The path without the query, e.g. `/cgi-bin/message/custom/send`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body, when there was one. */
  readonly json?: unknown;
  /** The `media` part of a multipart upload. */
  readonly file?: { readonly fileName: string; readonly contentType: string; readonly bytes: Buffer };
}

/** What the fake answers instead of the real thing, once per `failNext`. */
export type FakeWechatFailure =
  /** A WeChat refusal: HTTP 200 with `{ errcode, errmsg }`. */
  | { readonly errcode: number; readonly errmsg?: string }
  /** An HTTP status, e.g. 503. */
  | { readonly status: number }
  /** The connection is cut without an answer. */
  | { readonly drop: true };

export interface FakeWechatApiOptions {
  readonly appId?: string;
  readonly appSecret?: string;
  /** The `expires_in` of issued tokens, in seconds. Default 7200. */
  readonly expiresIn?: number;
}

export interface FakeWechatApi {
  /** For `WECHAT_API_BASE` / `baseUrl`. */
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  /** Every request received, in order. */
  readonly requests: readonly FakeWechatRequest[];
  requestsTo(path: string): FakeWechatRequest[];
  /** The token that calls must carry now. */
  readonly currentToken: string | undefined;
  /** The next `times` requests to `path` get `failure`. */
  failNext(path: string, failure: FakeWechatFailure, times?: number): void;
  /**
   * The next request to `path` waits until `release()`: `arrived` resolves when it is in, so a
   * test can line up concurrent calls or outlast a timeout without sleeping.
   */
  hold(path: string): { readonly arrived: Promise<void>; release(): void };
  /** The current token answers 42001 (expired) from now on. */
  expireToken(): void;
  /** Media that `media/get` serves; uploads land here too. */
  addMedia(mediaId: string, bytes: Buffer, contentType: string): void;
  readonly media: ReadonlyMap<string, { readonly bytes: Buffer; readonly contentType: string }>;
  close(): Promise<void>;
}

const PATHS = ['/cgi-bin/stable_token', '/cgi-bin/message/custom/send', '/cgi-bin/message/custom/typing', '/cgi-bin/media/get', '/cgi-bin/media/upload', '/cgi-bin/menu/create'];

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, body: unknown, status = 200): void {
  // WeChat answers its JSON as text/plain on some endpoints; the client must not care.
  response.writeHead(status, { 'content-type': 'application/json; encoding=utf-8' }).end(JSON.stringify(body));
}

/**
 * A local stand-in for WeChat's API (stable_token, custom/send, typing, media/get, media/upload,
 * menu/create) over real HTTP on a free port of 127.0.0.1. It checks tokens as WeChat does
 * (40001 for one that is not the latest, 42001 for an expired one), records every request, and
 * fails or holds requests on demand.
 */
export async function startFakeWechatApi({ appId = 'wx0123456789abcdef', appSecret = 'fake-app-secret', expiresIn = 7200 }: FakeWechatApiOptions = {}): Promise<FakeWechatApi> {
  const requests: FakeWechatRequest[] = [];
  const failures = new Map<string, FakeWechatFailure[]>();
  const holds = new Map<string, Array<{ arrived: () => void; released: Promise<void> }>>();
  const releases = new Set<() => void>();
  const media = new Map<string, { bytes: Buffer; contentType: string }>();
  let issued = 0;
  let currentToken: string | undefined;
  let expired = false;
  let uploads = 0;

  function issueToken(): string {
    issued += 1;
    currentToken = `FAKE_ACCESS_TOKEN_${issued}`;
    expired = false;
    return currentToken;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    let json: unknown;
    let file: FakeWechatRequest['file'];
    if (contentType.startsWith('application/json') && raw.length > 0) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendJson(response, { errcode: 47001, errmsg: 'data format error' });
      }
    } else if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      const part = form.get('media');
      if (part instanceof File) file = { fileName: part.name, contentType: part.type, bytes: Buffer.from(await part.arrayBuffer()) };
    }
    const path = url.pathname;
    requests.push({ method: request.method ?? 'GET', path, query: Object.fromEntries(url.searchParams), json, file });

    const held = holds.get(path)?.shift();
    if (held) {
      held.arrived();
      await held.released;
    }
    const failure = failures.get(path)?.shift();
    if (failure) {
      if ('drop' in failure) return void request.socket.destroy();
      if ('status' in failure) return void response.writeHead(failure.status, { 'content-type': 'text/html' }).end('<html>upstream error</html>');
      return sendJson(response, { errcode: failure.errcode, errmsg: failure.errmsg ?? `fake errcode ${failure.errcode}` });
    }
    if (!PATHS.includes(path)) return sendJson(response, { errcode: 48001, errmsg: 'api unauthorized' }, 404);

    if (path === '/cgi-bin/stable_token') {
      const body = (json ?? {}) as { grant_type?: unknown; appid?: unknown; secret?: unknown; force_refresh?: unknown };
      if (request.method !== 'POST' || body.grant_type !== 'client_credential') return sendJson(response, { errcode: 40002, errmsg: 'invalid grant_type' });
      if (body.appid !== appId) return sendJson(response, { errcode: 40013, errmsg: 'invalid appid' });
      if (body.secret !== appSecret) return sendJson(response, { errcode: 40125, errmsg: 'invalid appsecret' });
      const token = body.force_refresh === true || currentToken === undefined || expired ? issueToken() : currentToken;
      return sendJson(response, { access_token: token, expires_in: expiresIn });
    }

    const token = url.searchParams.get('access_token');
    if (token === currentToken && expired) return sendJson(response, { errcode: 42001, errmsg: 'access_token expired' });
    if (!token || token !== currentToken) return sendJson(response, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });

    switch (path) {
      case '/cgi-bin/message/custom/send': {
        const body = (json ?? {}) as Record<string, unknown>;
        const type = body.msgtype;
        if (typeof body.touser !== 'string' || !body.touser) return sendJson(response, { errcode: 40003, errmsg: 'invalid openid' });
        if (typeof type !== 'string' || typeof body[type] !== 'object') return sendJson(response, { errcode: 40008, errmsg: 'invalid message type' });
        return sendJson(response, { errcode: 0, errmsg: 'ok' });
      }
      case '/cgi-bin/message/custom/typing': {
        const body = (json ?? {}) as Record<string, unknown>;
        if (body.command !== 'Typing' && body.command !== 'CancelTyping') return sendJson(response, { errcode: 40001, errmsg: 'invalid command' });
        return sendJson(response, { errcode: 0, errmsg: 'ok' });
      }
      case '/cgi-bin/media/get': {
        const found = media.get(url.searchParams.get('media_id') ?? '');
        if (!found) return sendJson(response, { errcode: 40007, errmsg: 'invalid media_id' });
        response.writeHead(200, { 'content-type': found.contentType, 'content-disposition': 'attachment; filename="media"', 'content-length': found.bytes.length });
        return void response.end(found.bytes);
      }
      case '/cgi-bin/media/upload': {
        const type = url.searchParams.get('type');
        if (!type || !['image', 'voice', 'video', 'thumb'].includes(type)) return sendJson(response, { errcode: 40004, errmsg: 'invalid media type' });
        if (!file || file.bytes.length === 0) return sendJson(response, { errcode: 41005, errmsg: 'media data missing' });
        uploads += 1;
        const mediaId = `FAKE_MEDIA_${uploads}`;
        media.set(mediaId, { bytes: file.bytes, contentType: file.contentType });
        return sendJson(response, { type, media_id: mediaId, created_at: 1_700_000_000 + uploads });
      }
      case '/cgi-bin/menu/create': {
        const body = (json ?? {}) as { button?: unknown };
        if (!Array.isArray(body.button) || body.button.length === 0) return sendJson(response, { errcode: 40016, errmsg: 'invalid button size' });
        return sendJson(response, { errcode: 0, errmsg: 'ok' });
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    get currentToken() {
      return currentToken;
    },
    failNext(path, failure, times = 1) {
      const queue = failures.get(path) ?? [];
      for (let i = 0; i < times; i++) queue.push(failure);
      failures.set(path, queue);
    },
    hold(path) {
      let arrived!: () => void;
      let release!: () => void;
      const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      releases.add(release);
      const queue = holds.get(path) ?? [];
      queue.push({ arrived, released });
      holds.set(path, queue);
      return { arrived: arrivedPromise, release };
    },
    expireToken() {
      expired = true;
    },
    addMedia(mediaId, bytes, contentType) {
      media.set(mediaId, { bytes, contentType });
    },
    media,
    async close() {
      for (const release of releases) release();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
