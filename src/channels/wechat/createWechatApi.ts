import { z } from 'zod';
import { WechatApiError, type WechatApiErrorCode } from './WechatError.js';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

export interface WechatApiOptions {
  readonly appId: string;
  readonly appSecret: string;
  /** Where the API lives (`WECHAT_API_BASE`): a proxy, or a fake in tests. Default WeChat's host. */
  readonly baseUrl?: string;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch, for the token's expiry. Default `Date.now`. */
  readonly now?: () => number;
  /** How long one HTTP call may take, answer read included. Default 10 s. */
  readonly timeoutMs?: number;
  /** How long before its `expires_in` a token is replaced. Default 5 minutes, as WeChat does. */
  readonly refreshBeforeMs?: number;
  /** Largest media file `getMedia` reads. Default 10 MB, WeChat's limit for temporary images. */
  readonly maxMediaBytes?: number;
  /** Told every failed call: WeChat's errcode when it refused, else the kind of failure (`WECHAT_API_TIMEOUT`...). For metrics. */
  readonly onFailure?: (code: string) => void;
}

/** A customer-service message (`/cgi-bin/message/custom/send`). */
export type WechatCustomMessage =
  | { readonly toUser: string; readonly kind: 'text'; readonly content: string }
  | { readonly toUser: string; readonly kind: 'image'; readonly mediaId: string }
  /** A menu message: each option is tappable and comes back as a text with `bizmsgmenuid`. */
  | { readonly toUser: string; readonly kind: 'menu'; readonly head: string; readonly options: ReadonlyArray<{ readonly id: string; readonly content: string }>; readonly tail?: string };

/** A button of the account's custom menu (`/cgi-bin/menu/create`), in WeChat's own field names. */
export interface WechatMenuButton {
  readonly name: string;
  readonly type?: 'click' | 'view' | 'miniprogram' | 'scancode_push' | 'scancode_waitmsg' | 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin' | 'location_select';
  readonly key?: string;
  readonly url?: string;
  readonly appid?: string;
  readonly pagepath?: string;
  readonly sub_button?: readonly WechatMenuButton[];
}

export interface WechatMedia {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

export interface WechatCallOptions {
  /** Aborts the call (with the timeout, whichever comes first). */
  readonly signal?: AbortSignal;
}

export interface WechatApi {
  /** A valid access_token: the cached one, or one fetched (one fetch at a time). */
  accessToken(): Promise<string>;
  sendCustomMessage(message: WechatCustomMessage, options?: WechatCallOptions): Promise<void>;
  /** Shows or hides "typing…" to the user; best effort for the caller. */
  typing(toUser: string, command: 'Typing' | 'CancelTyping', options?: WechatCallOptions): Promise<void>;
  /** Downloads temporary media (a user's image or voice) by its MediaId. */
  getMedia(mediaId: string, options?: WechatCallOptions): Promise<WechatMedia>;
  /** Uploads temporary media (valid 3 days) for an image message; returns its MediaId. */
  uploadMedia(media: { readonly bytes: Uint8Array; readonly contentType: string; readonly fileName?: string; readonly type?: 'image' | 'voice' | 'thumb' }, options?: WechatCallOptions): Promise<{ readonly mediaId: string; readonly createdAt: number }>;
  createMenu(menu: { readonly button: readonly WechatMenuButton[] }, options?: WechatCallOptions): Promise<void>;
}

const answerSchema = z.looseObject({ errcode: z.number().optional(), errmsg: z.string().optional() });
const tokenSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive() });
const uploadSchema = z.looseObject({ media_id: z.string().min(1), created_at: z.number().optional() });

const EXTENSIONS: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/bmp': 'bmp', 'audio/amr': 'amr', 'audio/mpeg': 'mp3' };

interface ApiCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: FormData;
  readonly signal?: AbortSignal;
}

/**
 * A client of WeChat's server API for one Official Account. Tokens come from the stable-token
 * call, are cached until `refreshBeforeMs` before they expire and fetched one at a time; a call
 * refused for its token (40001, 40014, 42001) gets a fresh one (force_refresh) and is tried once
 * more. Every failure is a {@link WechatApiError}: `retryable` for the network, timeouts, 5xx,
 * "busy" and rate limits; a refusal (45015 window closed, 45047 quota spent) is not.
 */
export function createWechatApi({
  appId,
  appSecret,
  baseUrl = WECHAT_API_BASE,
  fetch: fetchImpl = globalThis.fetch,
  now = Date.now,
  timeoutMs = 10_000,
  refreshBeforeMs = 5 * 60_000,
  maxMediaBytes = 10 * 1024 * 1024,
  onFailure,
}: WechatApiOptions): WechatApi {
  const base = baseUrl.replace(/\/+$/, '');
  let cached: { readonly token: string; readonly refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  /** The renewal after WeChat rejected a token, shared by every call it rejected. */
  let renewal: { readonly rejected: string; readonly token: Promise<string> } | undefined;

  function fail(code: WechatApiErrorCode, request: ApiCall, why: string, details: ConstructorParameters<typeof WechatApiError>[2] = {}): WechatApiError {
    onFailure?.(details.errcode !== undefined ? String(details.errcode) : code);
    // The path names the call; the URL is never shown, for it carries the access_token.
    return new WechatApiError(code, `${request.method} ${request.path} ${why}`, details);
  }

  /** One HTTP exchange, every failure turned into a WechatApiError; the answer is read by `read`. */
  async function exchange<T>(request: ApiCall, token: string | undefined, read: (response: Response) => Promise<T>): Promise<T> {
    const url = new URL(`${base}${request.path}`);
    if (token !== undefined) url.searchParams.set('access_token', token);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    try {
      const response = await fetchImpl(url, {
        method: request.method,
        signal,
        ...(request.json !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.json) }),
        ...(request.form !== undefined && { body: request.form }),
      });
      if (response.status >= 500) {
        await response.body?.cancel();
        throw fail('WECHAT_API_SERVER', request, `answered ${response.status}`, { status: response.status });
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw fail('WECHAT_API_BAD_RESPONSE', request, `answered ${response.status}`, { status: response.status });
      }
      return await read(response);
    } catch (error) {
      if (error instanceof WechatApiError) throw error;
      if (timeout.aborted) throw fail('WECHAT_API_TIMEOUT', request, `had no answer within ${timeoutMs} ms`, { cause: error });
      if (request.signal?.aborted) throw fail('WECHAT_API_TIMEOUT', request, 'was aborted by the caller', { cause: error });
      throw fail('WECHAT_API_NETWORK', request, `failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async function readJson(request: ApiCall, response: Response): Promise<Record<string, unknown>> {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw fail('WECHAT_API_BAD_RESPONSE', request, 'answered with something that is not JSON', { status: response.status });
    }
    const answer = answerSchema.safeParse(body);
    if (!answer.success) throw fail('WECHAT_API_BAD_RESPONSE', request, 'answered with JSON that is not an object', { status: response.status });
    const { errcode, errmsg } = answer.data;
    if (errcode !== undefined && errcode !== 0) {
      throw fail('WECHAT_API_REFUSED', request, `was refused: ${errcode} ${errmsg ?? ''}`.trimEnd(), { errcode, errmsg, status: response.status });
    }
    return answer.data;
  }

  function fetchToken(forceRefresh: boolean): Promise<string> {
    // Single flight: whoever asks while a fetch runs waits for that one.
    inflight ??= (async () => {
      const request: ApiCall = { method: 'POST', path: '/cgi-bin/stable_token', json: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: forceRefresh } };
      const body = await exchange(request, undefined, (response) => readJson(request, response));
      const parsed = tokenSchema.safeParse(body);
      if (!parsed.success) throw fail('WECHAT_API_BAD_RESPONSE', request, 'answered without access_token and expires_in');
      cached = { token: parsed.data.access_token, refreshAt: now() + parsed.data.expires_in * 1000 - refreshBeforeMs };
      return parsed.data.access_token;
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  function accessToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
    return fetchToken(false);
  }

  /**
   * After WeChat rejected `rejected`: a newer token if another call already got one; else the
   * stable token as WeChat has it now (another instance may have refreshed it); forced only when
   * that is the rejected one still. Forcing invalidates every other instance's token and is
   * limited (20 a day, 30 s apart): once per rejected token, not per call, and not first.
   */
  function renewToken(rejected: string): Promise<string> {
    if (cached && cached.token !== rejected && now() < cached.refreshAt) return Promise.resolve(cached.token);
    // Calls refused with the same token share one renewal.
    if (renewal?.rejected === rejected) return renewal.token;
    const token = (async () => {
      if (inflight) await inflight.catch(() => undefined);
      cached = undefined;
      const current = await fetchToken(false);
      if (current !== rejected) return current;
      cached = undefined;
      return fetchToken(true);
    })();
    renewal = { rejected, token };
    void token.catch(() => undefined).finally(() => {
      if (renewal?.token === token) renewal = undefined;
    });
    return token;
  }

  /** A call with a token, renewed and tried once more when WeChat rejects the token. */
  async function call<T>(request: ApiCall, read: (response: Response) => Promise<T>): Promise<T> {
    const token = await accessToken();
    try {
      return await exchange(request, token, read);
    } catch (error) {
      if (!(error instanceof WechatApiError) || !error.isTokenProblem) throw error;
      return exchange(request, await renewToken(token), read);
    }
  }

  const callJson = (request: ApiCall) => call(request, (response) => readJson(request, response));

  async function readMedia(request: ApiCall, response: Response): Promise<WechatMedia> {
    const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
    // Errors come back as JSON (some as text/plain); media as its own type.
    if (/json|text\/plain/i.test(contentType)) {
      await readJson(request, response);
      throw fail('WECHAT_API_BAD_RESPONSE', request, 'answered JSON instead of the file (video media is not downloadable here)');
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    const tooLarge = () => fail('WECHAT_API_BAD_RESPONSE', request, `answered a file over ${maxMediaBytes} bytes`);
    if (declared > maxMediaBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        total += chunk.value.byteLength;
        if (total > maxMediaBytes) {
          await reader.cancel();
          throw tooLarge();
        }
        chunks.push(chunk.value);
      }
    }
    return { bytes: new Uint8Array(Buffer.concat(chunks)), contentType: contentType.split(';')[0]!.trim() };
  }

  return {
    accessToken,

    async sendCustomMessage(message, { signal } = {}) {
      const payload =
        message.kind === 'text'
          ? { touser: message.toUser, msgtype: 'text', text: { content: message.content } }
          : message.kind === 'image'
            ? { touser: message.toUser, msgtype: 'image', image: { media_id: message.mediaId } }
            : { touser: message.toUser, msgtype: 'msgmenu', msgmenu: { head_content: message.head, list: message.options.map(({ id, content }) => ({ id, content })), tail_content: message.tail ?? '' } };
      await callJson({ method: 'POST', path: '/cgi-bin/message/custom/send', json: payload, signal });
    },

    async typing(toUser, command, { signal } = {}) {
      await callJson({ method: 'POST', path: '/cgi-bin/message/custom/typing', json: { touser: toUser, command }, signal });
    },

    getMedia(mediaId, { signal } = {}) {
      const request: ApiCall = { method: 'GET', path: '/cgi-bin/media/get', query: { media_id: mediaId }, signal };
      return call(request, (response) => readMedia(request, response));
    },

    async uploadMedia({ bytes, contentType, fileName, type = 'image' }, { signal } = {}) {
      const form = new FormData();
      form.append('media', new Blob([bytes], { type: contentType }), fileName ?? `${type}.${EXTENSIONS[contentType] ?? 'bin'}`);
      const request: ApiCall = { method: 'POST', path: '/cgi-bin/media/upload', query: { type }, form, signal };
      const body = await callJson(request);
      const parsed = uploadSchema.safeParse(body);
      if (!parsed.success) throw fail('WECHAT_API_BAD_RESPONSE', request, 'answered without a media_id');
      return { mediaId: parsed.data.media_id, createdAt: parsed.data.created_at ?? Math.floor(now() / 1000) };
    },

    async createMenu(menu, { signal } = {}) {
      await callJson({ method: 'POST', path: '/cgi-bin/menu/create', json: menu, signal });
    },
  };
}
