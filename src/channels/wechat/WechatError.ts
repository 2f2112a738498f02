/**
 * Every code a {@link WechatError} may carry. Callers (the `/wechat` route, the outbox worker)
 * branch on these, never on messages.
 */
export const wechatErrorCodes = [
  /** `signature` or `msg_signature` does not verify: a 4xx, nothing else said. */
  'WECHAT_BAD_SIGNATURE',
  /** An EncodingAESKey that is not 43 base64 characters decoding to 32 bytes. */
  'WECHAT_BAD_KEY',
  /** Ciphertext that is not base64 of whole blocks, or decrypts to bad padding or a bad length. */
  'WECHAT_DECRYPT_FAILED',
  /** The message decrypted, but the app id inside is not ours. */
  'WECHAT_WRONG_APP_ID',
  /** A body over the size limit (64 KB): a 413. */
  'WECHAT_TOO_LARGE',
  /** A body declaring a DOCTYPE or an entity, refused unread (XML bomb, external entities). */
  'WECHAT_FORBIDDEN_XML',
  /** A body that is not well-formed `<xml>…</xml>`. */
  'WECHAT_BAD_XML',
  /** Well-formed XML that is not a message of the shape its MsgType promises. */
  'WECHAT_BAD_MESSAGE',
  /** The API answered with an `errcode` (see `errcode`, `errmsg`): a refusal, unless `retryable`. */
  'WECHAT_API_REFUSED',
  /** The API answered 5xx: retryable. */
  'WECHAT_API_SERVER',
  /** The request failed before any answer (connection refused, reset, DNS): retryable. */
  'WECHAT_API_NETWORK',
  /** No answer within the timeout: retryable. */
  'WECHAT_API_TIMEOUT',
  /** An answer the API does not document (not JSON, no media id, a 4xx status). */
  'WECHAT_API_BAD_RESPONSE',
] as const;

export type WechatErrorCode = (typeof wechatErrorCodes)[number];

/** The one error type of the WeChat channel, with a stable code and a message naming what failed. */
export class WechatError extends Error {
  constructor(
    readonly code: WechatErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`kefu wechat: ${message}`, options);
    this.name = 'WechatError';
  }
}

/** WeChat's own errcodes that kefu acts on. */
export const wechatErrcodes = {
  /** -1: system busy; WeChat asks to try again later. */
  SYSTEM_BUSY: -1,
  /** The access_token is invalid (or the AppSecret is wrong when fetching one). */
  INVALID_CREDENTIAL: 40001,
  /** An access_token that is not one (malformed). */
  INVALID_ACCESS_TOKEN: 40014,
  /** The access_token has expired. */
  ACCESS_TOKEN_EXPIRED: 42001,
  /** Too many calls this minute. */
  API_RATE_LIMITED: 45011,
  /** The 48-hour customer-service window is closed: the user has not written for too long. */
  RESPONSE_WINDOW_EXPIRED: 45015,
  /** No customer-service messages left for this user until they write again. */
  OUT_OF_RESPONSE_QUOTA: 45047,
} as const;

/** Errcodes after which a fresh access_token is fetched and the call tried once more. */
const tokenErrcodes: ReadonlySet<number> = new Set([wechatErrcodes.INVALID_CREDENTIAL, wechatErrcodes.INVALID_ACCESS_TOKEN, wechatErrcodes.ACCESS_TOKEN_EXPIRED]);
/** Refusals that pass with time alone, so an outbox may retry them with backoff. */
const transientErrcodes: ReadonlySet<number> = new Set([wechatErrcodes.SYSTEM_BUSY, wechatErrcodes.API_RATE_LIMITED]);

export type WechatApiErrorCode = Extract<WechatErrorCode, `WECHAT_API_${string}`>;

/**
 * A failed call of WeChat's API. `retryable` says whether the same call may succeed later
 * (network, timeout, 5xx, "busy", rate limit) or is a refusal to show to a person (45015: the
 * window closed, 45047: the quota is spent, a bad media id…).
 */
export class WechatApiError extends WechatError {
  declare readonly code: WechatApiErrorCode;
  /** WeChat's errcode, for `WECHAT_API_REFUSED`. */
  readonly errcode?: number;
  /** WeChat's errmsg, for `WECHAT_API_REFUSED`. */
  readonly errmsg?: string;
  /** The HTTP status, when there was an answer. */
  readonly status?: number;
  readonly retryable: boolean;

  constructor(
    code: WechatApiErrorCode,
    message: string,
    details: { errcode?: number; errmsg?: string; status?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.name = 'WechatApiError';
    this.errcode = details.errcode;
    this.errmsg = details.errmsg;
    this.status = details.status;
    this.retryable = code === 'WECHAT_API_REFUSED' ? transientErrcodes.has(details.errcode ?? 0) : code !== 'WECHAT_API_BAD_RESPONSE';
  }

  /** True when a fresh access_token may cure it. */
  get isTokenProblem(): boolean {
    return this.code === 'WECHAT_API_REFUSED' && tokenErrcodes.has(this.errcode ?? 0);
  }
}
