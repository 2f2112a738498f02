import express, { type Request, type Response, type Router } from 'express';
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { redact } from '../../privacy/index.js';
import { renderAsText, splitForLimit, type Messages, type Reply } from '../../conversation/index.js';
import type { UserNotice } from '../../handoff/index.js';
import { mediaPath, type MediaStore, type WechatStore } from '../../storage/index.js';
import { buildEncryptedReply, buildTextReply } from './buildWechatXml.js';
import type { WechatApi } from './createWechatApi.js';
import type { WechatCrypto, WechatKeySlot } from './createWechatCrypto.js';
import { createWechatOutbox, type WechatOutbox, type WechatOutgoing } from './createWechatOutbox.js';
import { parseWechatMessage, type WechatInboundMessage } from './parseWechatMessage.js';
import { parseWechatXml, WECHAT_XML_MAX_BYTES } from './parseWechatXml.js';
import { dedupKey, readWechatMessage, WECHAT_CHANNEL_ID } from './readWechatMessage.js';
import { WechatAdapter, WECHAT_REPLIES } from './WechatAdapter.js';
import { checkWechatSignature } from './wechatSignature.js';
import { createWechatWindow, type WechatWindowStatus } from './createWechatWindow.js';

/** How long a turn that went on past WeChat's wait keeps its message from being taken over. */
const LATE_TURN_HOLD_MS = 2 * 60_000;
import { WechatApiError, WechatError } from './WechatError.js';

export interface WechatChannelOptions {
  /** The Token of the account's server settings. */
  readonly token: string;
  /** Safe and compatible modes; without it only plaintext messages are taken. */
  readonly crypto?: WechatCrypto;
  readonly api: Pick<WechatApi, 'sendCustomMessage' | 'typing' | 'getMedia' | 'uploadMedia'>;
  /**
   * Where images are kept: a user's picture is fetched into it (while a person has the
   * conversation, who then sees it), and an agent's is read from it to upload to WeChat.
   * Without it, a person reads only "[图片]" and agents' images are not sent.
   */
  readonly media?: Pick<MediaStore, 'save' | 'get'>;
  readonly store: WechatStore;
  readonly middleware: readonly Middleware[];
  readonly run: (context: TurnContext) => Promise<void>;
  /** The Chinese messages: WeChat users are answered in Chinese. */
  readonly messages: Messages;
  /** Whether a person has (or is about to have) the user's conversation. */
  readonly withPerson: (openId: string) => Promise<boolean>;
  /** What a menu tap's EventKey asks, as a user would type it; undefined for an unknown key. */
  readonly menu?: (eventKey: string) => string | undefined;
  readonly now?: () => Date;
  /** A turn not finished by then is answered through customer-service messages. Default 4 s (WeChat waits 5). */
  readonly lateAfterMs?: number;
  /** Requests whose timestamp is further than this from now are refused (replays). Default 5 minutes. */
  readonly maxClockSkewMs?: number;
  readonly onProblem?: (error: unknown, what: string) => void;
  readonly onRefused?: (reason: string) => void;
  /** A message that cannot reach the user (window closed, quota spent, refused): `reason` in Chinese, for agents. */
  readonly onUndelivered?: (openId: string, text: string, reason: string) => void;
}

export interface WechatChannel {
  /** `GET` and `POST /wechat`. */
  readonly router: Router;
  /** The desk's way to a WeChat user: agents' messages through the outbox, typing best effort. */
  deliver(openId: string, notice: UserNotice): Promise<void>;
  readonly outbox: WechatOutbox;
  /** How long customer-service messages can still reach the user, and how many. */
  window(openId: string): Promise<WechatWindowStatus>;
  close(): void;
}

/** WeChat's passive reply may hold 2,048 bytes of text; a customer-service text 2,048 characters. */
const PASSIVE_MAX_BYTES = 2048;
const CUSTOM_MAX_CHARS = 2048;
const SUCCESS = 'success';
const PERSON_KINDS: ReadonlySet<WechatInboundMessage['kind']> = new Set(['image', 'location', 'link']);
/** Typing is shown at most this often per user (WeChat limits the calls). */
const TYPING_EVERY_MS = 10_000;

const WINDOW_CLOSED = '用户超过 48 小时没有发消息，微信不允许再主动发送，等用户再发消息后才能回复';
const QUOTA_SPENT = '用户上次发消息后已发满条数，等用户再发消息后才能继续回复';

/** Why WeChat did not take a message, for agents. */
function refusalReason(error: unknown): string {
  if (error instanceof WechatApiError) {
    if (error.errcode === 45015) return WINDOW_CLOSED;
    if (error.errcode === 45047) return QUOTA_SPENT;
    if (error.errcode === 45011) return '微信接口调用太频繁，请稍后再发';
    if (error.errcode !== undefined) return `微信拒绝了这条消息（错误码 ${error.errcode}）`;
  }
  return '多次重试后仍未送达微信';
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * The WeChat Official Account channel: WeChat's server calls `/wechat` with XML, in plaintext,
 * compatible or safe mode; each message runs the same turn as every channel, once (retries are
 * recognised by MsgId), and is answered passively when the turn ends in time and fits one reply,
 * otherwise through the outbox of customer-service messages.
 */
export function createWechatChannel(options: WechatChannelOptions): WechatChannel {
  const { token, crypto, api, store, middleware, run, messages: m, withPerson, menu = () => undefined, now = () => new Date(), lateAfterMs = 4000, maxClockSkewMs = 5 * 60_000, onProblem, onRefused } = options;
  const adapter = new WechatAdapter(middleware);
  const sendWindow = createWechatWindow({ store, now });
  const outbox = createWechatOutbox({
    store,
    api,
    now,
    onProblem: (error) => onProblem?.(error, 'WeChat outbox'),
    onUndelivered: ({ openId, message, error }) => {
      onProblem?.(error, 'WeChat message not delivered');
      options.onUndelivered?.(openId, message.kind === 'text' ? message.content : '[图片]', refusalReason(error));
    },
  });
  // Turns running in this process, by dedup key: a retry of one waits for it.
  const running = new Map<string, Promise<string>>();
  const lastTyping = new Map<string, number>();

  /** The bot's replies as WeChat texts: Markdown as plain text, options numbered. */
  const textsOf = (activities: readonly Partial<Activity>[]): string[] =>
    activities
      .filter((a) => (a.type ?? 'message') === 'message' && (a.text || a.suggestedActions?.actions?.length))
      .map((a) => renderAsText({ text: a.text ?? '', actions: a.suggestedActions?.actions?.map((x) => String(x.title ?? x.value)) } satisfies Reply, m));
  const asCustom = (texts: readonly string[]): WechatOutgoing[] => texts.flatMap((t) => splitForLimit(t, { maxChars: CUSTOM_MAX_CHARS })).map((content) => ({ kind: 'text', content }));

  /**
   * A user's picture, fetched from WeChat (`media/get`) into the media store, as an attachment to
   * pass to a person; undefined when it cannot be had (the person still reads "[图片]").
   */
  const fetchImage = async (message: Extract<WechatInboundMessage, { kind: 'image' }>) => {
    if (!options.media) return undefined;
    try {
      const { bytes } = await api.getMedia(message.mediaId);
      const kept = await options.media.save({ channel: WECHAT_CHANNEL_ID, conversationId: message.fromUserName, bytes, uploader: { role: 'user', id: message.fromUserName }, createdAt: now().toISOString() });
      return { contentType: kept.contentType, contentUrl: mediaPath(kept.id) };
    } catch (error) {
      onProblem?.(error, 'WeChat image could not be fetched');
      return undefined;
    }
  };

  const runTurn = async (message: WechatInboundMessage): Promise<string[]> => {
    // Only what a person must see (a picture, a place, a link) depends on whether one is there:
    // text, speech and events need no ticket read here (the turn reads the desk itself).
    const person = PERSON_KINDS.has(message.kind) && (await withPerson(message.fromUserName));
    // Only a person can look at a picture: without one, it is answered (and not fetched) at once.
    const image = message.kind === 'image' && person ? await fetchImage(message) : undefined;
    const reading = readWechatMessage(message, { withPerson: person, m, menu, ...(image ? { image } : {}) });
    if (reading.kind === 'nothing') return [];
    if (reading.kind === 'reply') return [reading.text];
    const replies: Partial<Activity>[] = [];
    await adapter.process(reading.activity, run, new Map([[WECHAT_REPLIES, replies]]));
    return textsOf(replies);
  };

  /**
   * Handles a message once: the passive reply's XML (unsealed), or '' when the answer goes (or
   * went) through customer-service messages. A late turn answers '' at once and queues its
   * replies when it ends.
   */
  const handle = (message: WechatInboundMessage, key: string): Promise<string> => {
    const reply = (content: string) => buildTextReply({ toUser: message.fromUserName, fromUser: message.toUserName, createTime: Math.floor(now().getTime() / 1000), content });
    let late = false;
    const turn = runTurn(message)
      .catch((error: unknown) => {
        onProblem?.(error, 'WeChat turn failed');
        return [m.turnFailed];
      })
      .then(async (texts) => {
        const passive = texts.length === 1 && splitForLimit(texts[0]!, { maxBytes: PASSIVE_MAX_BYTES }).length === 1;
        const xml = passive && !late ? reply(texts[0]!) : '';
        const queued = xml ? [] : asCustom(texts);
        await store.finish(key, { reply: xml, outbox: queued.map((q) => ({ openId: message.fromUserName, payload: JSON.stringify(q) })) }, now());
        if (queued.length > 0) outbox.kick();
        return xml;
      });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => {
        late = true;
        // Still at work: held for as long as a turn may take.
        store.hold(key, now().getTime() + LATE_TURN_HOLD_MS).catch((error: unknown) => onProblem?.(error, 'WeChat: holding a late turn failed'));
        resolve('');
      }, lateAfterMs);
    });
    const answer = Promise.race([turn, deadline]).finally(() => clearTimeout(timer));
    // The turn itself is awaited by nobody once late: its errors are handled above.
    turn.catch((error: unknown) => onProblem?.(error, 'WeChat turn failed'));
    return answer;
  };

  const receive = (message: WechatInboundMessage): Promise<string> => {
    const key = dedupKey(message);
    const mine = running.get(key);
    if (mine) return mine;
    // Registered before the claim is even asked: retries arriving meanwhile wait for this one
    // rather than claim too and, finding it running, answer nothing.
    const answer = (async () => {
      const at = now();
      // Held until just past the moment this instance answers anyway (late, with ''): WeChat
      // retries only a message nobody answered within 5 s, which is then an instance that died.
      const claim = await store.claim(key, at.toISOString(), message.fromUserName, { nowMs: at.getTime(), untilMs: at.getTime() + lateAfterMs + 500 });
      if (claim.kind === 'done') return claim.reply;
      // Another instance runs it: it answers (late, through the outbox) and this retry says nothing.
      if (claim.kind === 'running') return '';
      return handle(message, key);
    })().finally(() => running.delete(key));
    running.set(key, answer);
    return answer;
  };

  const checkRequest = (req: Request) => {
    const q = req.query as Record<string, unknown>;
    const [signature, timestamp, nonce] = [q.signature, q.timestamp, q.nonce].map((v) => (typeof v === 'string' ? v : undefined));
    if (!timestamp || !nonce || !/^\d{1,12}$/.test(timestamp) || nonce.length > 64) throw new Refusal(400, 'missing or malformed timestamp or nonce');
    if (!checkWechatSignature(signature, { token, timestamp, nonce })) throw new Refusal(401, 'bad signature');
    if (Math.abs(now().getTime() - Number(timestamp) * 1000) > maxClockSkewMs) throw new Refusal(403, 'timestamp too old or in the future');
    return { timestamp, nonce, encrypted: q.encrypt_type === 'aes', msgSignature: typeof q.msg_signature === 'string' ? q.msg_signature : undefined };
  };

  const refuse = (res: Response, error: unknown) => {
    const status = error instanceof Refusal ? error.status : error instanceof WechatError ? (error.code === 'WECHAT_TOO_LARGE' ? 413 : 400) : undefined;
    if (status === undefined) throw error;
    // The reason, never the body: it may hold what a merchant typed.
    // A parser's message may quote a piece of the body: redacted like every other error text.
    const reason = redact(error instanceof Error ? error.message.replace(/^kefu wechat: /, '') : String(error)).text;
    onRefused?.(reason);
    res.status(status).type('text/plain').send(reason);
  };

  const router = express.Router();
  router.get('/', function verify(req, res) {
    try {
      checkRequest(req);
      const echostr = req.query.echostr;
      if (typeof echostr !== 'string' || echostr.length === 0 || echostr.length > 128) throw new Refusal(400, 'missing echostr');
      res.type('text/plain').send(echostr);
    } catch (error) {
      refuse(res, error);
    }
  });
  router.post('/', express.text({ type: () => true, limit: WECHAT_XML_MAX_BYTES }), async function message(req, res) {
    let xml: string;
    let slot: WechatKeySlot | undefined;
    let request: ReturnType<typeof checkRequest>;
    try {
      request = checkRequest(req);
      const body = typeof req.body === 'string' ? req.body : '';
      if (request.encrypted) {
        if (!crypto) throw new Refusal(400, 'encrypted message but no EncodingAESKey configured');
        const outer = parseWechatXml(body);
        const encrypt = typeof outer.Encrypt === 'string' ? outer.Encrypt : undefined;
        if (!encrypt) throw new Refusal(400, 'encrypted message without Encrypt');
        const opened = crypto.open({ msgSignature: request.msgSignature, timestamp: request.timestamp, nonce: request.nonce, encrypt });
        ({ message: xml, key: slot } = opened);
      } else {
        xml = body;
      }
    } catch (error) {
      refuse(res, error);
      return;
    }
    let parsed: WechatInboundMessage;
    try {
      parsed = parseWechatMessage(xml);
    } catch (error) {
      refuse(res, error);
      return;
    }
    const reply = await receive(parsed);
    if (!reply) {
      res.type('text/plain').send(SUCCESS);
      return;
    }
    if (request.encrypted && crypto) {
      res.type('application/xml').send(buildEncryptedReply(crypto.seal(reply, { timestamp: request.timestamp, nonce: request.nonce, ...(slot ? { key: slot } : {}) })));
      return;
    }
    res.type('application/xml').send(reply);
  });

  return {
    router,
    outbox,
    window: (openId) => sendWindow.status(openId),
    async deliver(openId, notice) {
      if (notice.kind === 'text') {
        // WeChat would refuse it: say so to the agents now rather than after the outbox tries.
        const status = await sendWindow.status(openId);
        if (!status.open || status.remaining === 0) {
          options.onUndelivered?.(openId, notice.text, status.open ? QUOTA_SPENT : WINDOW_CLOSED);
          return;
        }
        const numbered = renderAsText({ text: notice.text, ...(notice.suggestions ? { actions: notice.suggestions } : {}) }, m);
        // Options (the rating after a person's chat) as a menu message to tap, numbered if refused.
        const fits = notice.suggestions && notice.suggestions.length > 0 && Array.from(numbered).length <= CUSTOM_MAX_CHARS;
        const queued: WechatOutgoing[] = fits
          ? [{ kind: 'menu', head: notice.text, options: notice.suggestions!.map((content, i) => ({ id: String(i + 1), content })), fallback: { kind: 'text', content: numbered } }]
          : asCustom([numbered]);
        await store.enqueue(queued.map((q) => ({ openId, payload: JSON.stringify(q) })), now());
        outbox.kick();
        return;
      }
      if (notice.kind === 'image') {
        const status = await sendWindow.status(openId);
        if (!status.open || status.remaining === 0) {
          options.onUndelivered?.(openId, '[图片]', status.open ? QUOTA_SPENT : WINDOW_CLOSED);
          return;
        }
        // WeChat sends images it holds: the agent's is uploaded as temporary media (kept 3 days), then sent by its MediaId.
        const kept = await options.media?.get(notice.mediaId);
        if (!kept) throw new Error(`WeChat: no kept image ${notice.mediaId} to send`);
        const { mediaId } = await api.uploadMedia({ bytes: kept.bytes, contentType: kept.contentType, type: 'image' });
        const queued: WechatOutgoing = { kind: 'image', mediaId };
        await store.enqueue([{ openId, payload: JSON.stringify(queued) }], now());
        outbox.kick();
        return;
      }
      if (notice.kind === 'typing') {
        // Best effort, and not on every keystroke: WeChat counts the calls.
        const at = now().getTime();
        if (at - (lastTyping.get(openId) ?? 0) < TYPING_EVERY_MS) return;
        lastTyping.set(openId, at);
        await api.typing(openId, 'Typing').catch((error: unknown) => onProblem?.(error, 'WeChat typing'));
      }
      // Status events (accepted, ended) reach the user as the text notices that come with them.
    },
    close() {
      outbox.stop();
    },
  };
}


