import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import cors from 'cors';
import express, { Router, type Request, type Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import multer from 'multer';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeWebSockets } from '../../server/closeWebSockets.js';
import { redact } from '../../privacy/index.js';
import { MEDIA_MAX_BYTES, mediaPath, mediaReferencesOf, StorageError, type MediaStore } from '../../storage/index.js';
import { checkInboundActivity } from '../inboundActivity.js';
import { REPLAY_PAGE_SIZE, type ActivitySet, type DirectLineHub } from './createDirectLineHub.js';
import type { TokenClaims, TokenService } from './createTokenService.js';

export interface DirectLineChannelOptions {
  readonly hub: DirectLineHub;
  readonly tokens: TokenService;
  /** Server-to-server secret for /tokens/generate and full access; unset = only tokens work. */
  readonly secret?: string;
  /** Origins allowed to call from a browser; empty = any (local use). */
  readonly allowedOrigins: readonly string[];
  /** Token requests per IP per minute on /api/webchat/token. */
  readonly tokenRateLimit?: number;
  /** Activities (messages, typing) one conversation may post per minute. Default 60. */
  readonly postRateLimit?: number;
  /** Where the token route's limit counts, by name (shared by every instance); undefined: in this process. */
  readonly rateLimitStore?: (name: string) => Store | undefined;
  /** Told of a failure outside any request (a stream's replay). Default: ignored. */
  readonly onProblem?: (error: unknown) => void;
  /** Idle stream keep-alive interval; a stream that misses two pings in a row is closed. Default 15 s. */
  readonly keepAliveMs?: number;
  /** WebSocket streams open at once per conversation; more are refused with 429. Default 3. */
  readonly maxStreamsPerConversation?: number;
  /** Images users upload (`POST /conversations/{id}/upload`); without it that route answers 501. */
  readonly images?: DirectLineImages;
  /** The clock for when an image was kept. Default: the system clock. */
  readonly now?: () => Date;
}

/** What the upload route needs: where images are kept, and what to do with one. */
export interface DirectLineImages {
  readonly store: Pick<MediaStore, 'save'>;
  /** Whether a person has (or is about to have) the conversation: the image is then passed to them. */
  withPerson(conversationId: string): Promise<boolean>;
  /**
   * The words for an image, in the user's language: the message's text for views that show only
   * text (while a person has the conversation), and the bot's honest answer (while none has).
   */
  wording(locale: string | undefined): { readonly forPerson: string; readonly notUnderstood: string };
}

type Access = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };
const STREAM = /^\/v3\/directline\/conversations\/([^/?]+)\/stream$/;
/** Bytes a stream may have queued for a client that does not read before it is closed. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** A refusal; its message may quote the request (a conversation id), so it is redacted. */
function fail(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ error: { code, message: redact(message).text } });
}

/**
 * Direct Line 3.0 as the official client (botframework-directlinejs, hence Web Chat) speaks it:
 * tokens, conversations, activities by POST and by polling with a watermark, and a WebSocket
 * stream that replays from the watermark. Plus the public token route for the widget.
 */
export function createDirectLineChannel({
  hub,
  tokens,
  secret,
  allowedOrigins,
  tokenRateLimit = 30,
  postRateLimit = 60,
  rateLimitStore = () => undefined,
  keepAliveMs = 15_000,
  maxStreamsPerConversation = 3,
  onProblem = () => undefined,
  images,
  now = () => new Date(),
}: DirectLineChannelOptions) {
  const corsMiddleware = cors({
    origin: allowedOrigins.length === 0 ? true : [...allowedOrigins],
    allowedHeaders: ['Authorization', 'Content-Type', 'x-ms-bot-agent', 'x-requested-with'],
    methods: ['GET', 'POST', 'OPTIONS'],
    maxAge: 600,
  });
  const secretMatches = (given: string) => {
    if (!secret) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const authorize = (header: string | undefined): Access | { error: [number, string, string] } => {
    const bearer = /^Bearer (.+)$/i.exec(header ?? '')?.[1]?.trim();
    if (!bearer) return { error: [401, 'BadArgument', 'Authorization: Bearer <secret or token> is required'] };
    if (secretMatches(bearer)) return { kind: 'secret' };
    const checked = tokens.check(bearer);
    if (!checked.ok) return { error: [403, checked.code, checked.code === 'TokenExpired' ? 'the token has expired; refresh it before it does' : 'the token is not valid'] };
    return { kind: 'token', claims: checked.claims };
  };
  const streamUrl = (req: Request, conversationId: string, token: string, watermark?: number) => {
    const proto = req.protocol === 'https' ? 'wss' : 'ws';
    const from = watermark ? `watermark=${watermark}&` : '';
    return `${proto}://${req.get('host')}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${from}t=${encodeURIComponent(token)}`;
  };
  const conversationFor = (access: Access, id: string): string | undefined => (access.kind === 'secret' || access.claims.conversationId === id ? id : undefined);

  const router = Router();
  router.use(corsMiddleware);
  router.use(express.json({ limit: '256kb' }));

  router.post('/tokens/generate', async function generate(req, res) {
    const access = authorize(req.headers.authorization);
    if ('error' in access) return fail(res, ...access.error);
    if (access.kind !== 'secret') return fail(res, 403, 'Forbidden', 'generating a token needs the Direct Line secret');
    const userId = typeof req.body?.user?.id === 'string' && req.body.user.id ? req.body.user.id : `dl_${randomUUID()}`;
    const conversationId = newConversationId();
    const { token, expiresIn } = tokens.issue(conversationId, userId);
    res.json({ conversationId, token, expires_in: expiresIn });
  });

  router.post('/tokens/refresh', async function refresh(req, res) {
    const access = authorize(req.headers.authorization);
    if ('error' in access) return fail(res, ...access.error);
    if (access.kind !== 'token') return fail(res, 403, 'Forbidden', 'refresh a token with the token itself');
    const { token, expiresIn } = tokens.issue(access.claims.conversationId, access.claims.userId);
    res.json({ conversationId: access.claims.conversationId, token, expires_in: expiresIn });
  });

  router.post('/conversations', async function start(req, res) {
    const access = authorize(req.headers.authorization);
    if ('error' in access) return fail(res, ...access.error);
    const conversationId = access.kind === 'token' ? access.claims.conversationId : newConversationId();
    const userId = access.kind === 'token' ? access.claims.userId : `dl_${randomUUID()}`;
    const existed = await hub.exists(conversationId);
    // The client's language, so the greeting is in it from the start (the widget says its own).
    const locale = firstLanguage(req.headers['accept-language']);
    await hub.start(conversationId, userId, locale ? { locale } : {});
    const { token, expiresIn } = tokens.issue(conversationId, userId);
    res.status(existed ? 200 : 201).json({ conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(req, conversationId, token) });
  });

  /**
   * The conversation a request may use: its credentials are valid, cover this conversation, and
   * the conversation exists. Otherwise the request is answered with the reason and undefined returned.
   */
  const conversationOf = async (req: Request<{ id: string }>, res: Response) => {
    const access = authorize(req.headers.authorization);
    if ('error' in access) return void fail(res, ...access.error);
    const id = conversationFor(access, req.params.id);
    if (!id) return void fail(res, 403, 'Forbidden', 'this token is for another conversation');
    const found = await hub.exists(id);
    if (!found) return void fail(res, 404, 'NotFound', `no conversation "${req.params.id}"`);
    return { id, userId: access.kind === 'token' ? access.claims.userId : found.userId };
  };

  router.get('/conversations/:id', async function reconnect(req, res) {
    const conversation = await conversationOf(req, res);
    if (!conversation) return;
    const { id, userId } = conversation;
    const watermark = parseWatermark(req.query.watermark);
    if (watermark === undefined) return fail(res, 400, 'BadArgument', 'watermark must be a whole number');
    const { token, expiresIn } = tokens.issue(id, userId);
    // The stream resumes after the client's watermark: it gets what it missed and nothing twice.
    res.json({ conversationId: id, token, expires_in: expiresIn, streamUrl: streamUrl(req, id, token, watermark) });
  });

  router.get('/conversations/:id/activities', async function poll(req, res) {
    const conversation = await conversationOf(req, res);
    if (!conversation) return;
    const watermark = parseWatermark(req.query.watermark);
    if (watermark === undefined) return fail(res, 400, 'BadArgument', 'watermark must be a whole number');
    res.json(await hub.since(conversation.id, watermark));
  });

  // Posts are limited per conversation the credentials cover (not per path: a stranger's posts to
  // someone else's conversation are refused before they could use up its allowance).
  const postLimiter = rateLimit({
    windowMs: 60_000,
    limit: postRateLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => String((res.locals as { conversation?: { id: string } }).conversation?.id),
    // Counted by each instance alone: a guard against a runaway client, not a quota, and shared
    // it would cost a statement on every message and every typing indicator.
    message: { error: { code: 'TooManyRequests', message: '消息发送太频繁，请稍后再试 / too many activities in this conversation; slow down' } },
  });
  router.post(
    '/conversations/:id/activities',
    async function authorizePost(req: Request<{ id: string }>, res, next) {
      const conversation = await conversationOf(req, res);
      if (!conversation) return;
      res.locals.conversation = conversation;
      next();
    },
    postLimiter,
    async function post(req, res, next) {
      const conversation = res.locals.conversation as { id: string; userId: string };
      const problem = checkInboundActivity(req.body);
      if (problem) return fail(res, 400, problem.code, problem.message);
      // Only the upload names a kept image: a posted activity pointing at one (another user's, say) is refused.
      if (mediaReferencesOf((req.body as { attachments?: { contentType?: unknown; contentUrl?: unknown }[] }).attachments).length > 0) {
        return fail(res, 400, 'BadArgument', 'send images with /upload / 图片请通过上传发送');
      }
      try {
        res.json({ id: await hub.receive(conversation.id, conversation.userId, req.body as Parameters<DirectLineHub['receive']>[2]) });
      } catch (error) {
        next(error);
      }
    },
  );

  // Direct Line's upload: multipart, one image (any other part but `activity` is refused), with
  // the activity it belongs to as an optional part named `activity` (JSON), as the official client sends it.
  const parseUpload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MEDIA_MAX_BYTES, files: 2, fields: 1, parts: 3, fieldSize: 16 * 1024, headerPairs: 50 } }).any();
  router.post(
    '/conversations/:id/upload',
    async function authorizeUpload(req: Request<{ id: string }>, res, next) {
      if (!images) return fail(res, 501, 'NotImplemented', 'attachment upload is not supported here; send text');
      const conversation = await conversationOf(req, res);
      if (!conversation) return;
      res.locals.conversation = conversation;
      next();
    },
    postLimiter,
    function readUpload(req, res, next) {
      parseUpload(req, res, (error: unknown) => {
        if (error === undefined) return next();
        if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') return fail(res, 413, 'TooLarge', `图片不能超过 5 MB / an image may be at most ${MEDIA_MAX_BYTES} bytes`);
        if (error instanceof multer.MulterError) return fail(res, 400, 'BadArgument', `send one image (and optionally its activity) / 请上传一张图片 (${error.code})`);
        fail(res, 400, 'BadArgument', 'the body is not a well-formed multipart/form-data upload / 上传格式不正确');
      });
    },
    async function upload(req, res, next) {
      const conversation = res.locals.conversation as { id: string; userId: string };
      const parts = (req.files as Express.Multer.File[] | undefined) ?? [];
      const files = parts.filter((part) => part.fieldname !== 'activity');
      if (files.length !== 1) return fail(res, 400, 'BadArgument', 'send exactly one image file / 请上传一张图片');
      const activityPart = parts.find((part) => part.fieldname === 'activity')?.buffer.toString('utf8') ?? (req.body as { activity?: unknown } | undefined)?.activity;
      let activity: Record<string, unknown> = {};
      if (typeof activityPart === 'string') {
        try {
          activity = JSON.parse(activityPart) as Record<string, unknown>;
        } catch {
          return fail(res, 400, 'BadArgument', 'the activity part is not JSON / activity 部分不是 JSON');
        }
        const problem = checkInboundActivity({ type: 'message', ...activity });
        if (problem) return fail(res, 400, problem.code, problem.message);
      }
      try {
        const kept = await images!.store.save({
          channel: 'directline',
          conversationId: conversation.id,
          bytes: files[0]!.buffer,
          uploader: { role: 'user', id: conversation.userId },
          createdAt: now().toISOString(),
        });
        const withPerson = await images!.withPerson(conversation.id);
        const words = images!.wording(typeof activity.locale === 'string' ? activity.locale : undefined);
        const text = typeof activity.text === 'string' ? activity.text.trim() : '';
        // The image only, by reference; anything the client put in `attachments` is not taken.
        const message = { ...activity, type: 'message', text: text || (withPerson ? words.forPerson : ''), attachments: [{ contentType: kept.contentType, contentUrl: mediaPath(kept.id) }] };
        // The bot cannot read a picture: with nobody to pass it to and no words with it, it says so itself.
        const runTurn = withPerson || text !== '';
        const id = await hub.receive(conversation.id, conversation.userId, message, { runTurn });
        if (!runTurn) await hub.deliver(conversation.id, { type: 'message', text: words.notUnderstood });
        res.json({ id });
      } catch (error) {
        if (error instanceof StorageError && error.code === 'STORAGE_NOT_AN_IMAGE') return fail(res, 415, 'UnsupportedMediaType', '只能发送 PNG、JPEG、GIF 或 WebP 图片 / only PNG, JPEG, GIF and WebP images are taken');
        if (error instanceof StorageError && error.code === 'STORAGE_TOO_LARGE') return fail(res, 413, 'TooLarge', `图片不能超过 5 MB / an image may be at most ${MEDIA_MAX_BYTES} bytes`);
        next(error);
      }
    },
  );

  // The widget's token server: a browser cannot hold the secret, so it asks for an anonymous token.
  const tokenRoute = Router();
  const sharedTokenStore = rateLimitStore('directline-token');
  const tokenStore = sharedTokenStore ? { store: sharedTokenStore } : {};
  tokenRoute.use(corsMiddleware);
  tokenRoute.post(
    '/',
    rateLimit({ windowMs: 60_000, limit: tokenRateLimit, standardHeaders: 'draft-7', legacyHeaders: false, ...tokenStore, message: { error: { code: 'TooManyRequests', message: 'too many token requests; try again in a minute' } } }),
    function webchatToken(_req, res) {
      const userId = `dl_${randomUUID()}`;
      const conversationId = newConversationId();
      const { token, expiresIn } = tokens.issue(conversationId, userId);
      res.json({ token, userId, conversationId, expires_in: expiresIn });
    },
  );

  // Users send their activities by POST: a frame from the client is never larger than a ping.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  const streams = new Map<string, Set<WebSocket>>();

  /**
   * Handles `upgrade` for stream URLs; returns false for any other path. A path that is no valid
   * URL or percent-encoding is refused with 400 here, never thrown.
   */
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const [path = '', query = ''] = (req.url ?? '/').split('?', 2);
    const match = STREAM.exec(path);
    if (!match) return false;
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return true;
    };
    let conversationId: string;
    try {
      conversationId = decodeURIComponent(match[1]!);
    } catch {
      return refuse(400, 'Bad Request');
    }
    const params = new URLSearchParams(query);
    const token = params.get('t') ?? /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const access = authorize(token ? `Bearer ${token}` : undefined);
    if ('error' in access) return refuse(access.error[0], access.error[1]);
    if (!conversationFor(access, conversationId)) return refuse(403, 'Forbidden');
    const watermark = parseWatermark(params.get('watermark') ?? undefined);
    if (watermark === undefined) return refuse(400, 'Bad Request');
    if ((streams.get(conversationId)?.size ?? 0) >= maxStreamsPerConversation) return refuse(429, 'Too Many Requests');
    wss.handleUpgrade(req, socket, head, (ws) => void serveStream(ws, conversationId, watermark));
    return true;
  };

  async function serveStream(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    const open = streams.get(conversationId) ?? new Set<WebSocket>();
    streams.set(conversationId, open);
    open.add(ws);
    // Subscribe before replaying; frames wait behind the replay, and each is sent, or read from
    // the log instead, only after the one before: nothing is lost between, nothing sent twice.
    let sent = watermark;
    const write = (frame: ActivitySet) =>
      new Promise<void>((resolve) => {
        if (ws.readyState !== ws.OPEN) return resolve();
        // A client that stops reading is closed rather than buffered for without end.
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          ws.terminate();
          return resolve();
        }
        ws.send(JSON.stringify(frame), () => resolve());
      });
    /** Everything after what was sent, page by page, each sent before the next is read: memory holds one page per stream. */
    const catchUp = async () => {
      for (;;) {
        const page = await hub.since(conversationId, sent);
        if (page.activities.length === 0 || ws.readyState !== ws.OPEN) return;
        sent = Number(page.watermark);
        await write(page);
        if (page.activities.length < REPLAY_PAGE_SIZE) return;
      }
    };
    const take = async (frame: ActivitySet) => {
      // Live only (typing): sent as it comes, with the watermark of what was sent before.
      if (frame.ephemeral) return write({ activities: frame.activities, watermark: String(sent) });
      if (frame.watermark !== '' && Number(frame.watermark) <= sent) return;
      // The next frame after what was sent: as it is. Else (news from another instance, a frame
      // that overtook another, a bus that reconnected): from the log.
      if (!frame.nudge && (frame.after === undefined || Number(frame.after) === sent)) {
        sent = Number(frame.watermark);
        return write({ activities: frame.activities, watermark: frame.watermark });
      }
      return catchUp();
    };
    let turn = Promise.resolve();
    const queue = (work: () => Promise<void>) => {
      turn = turn.then(work).catch((error: unknown) => {
        onProblem(error);
        ws.close(1011, 'replay failed');
      });
    };
    const unsubscribe = hub.subscribe(conversationId, (frame) => queue(() => take(frame)));
    let alive = true;
    ws.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (ws.readyState !== ws.OPEN) return;
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
      ws.send('');
    }, keepAliveMs);
    keepAlive.unref();
    ws.on('error', () => ws.terminate());
    // Nothing is expected from the client; anything it sends is ignored.
    ws.on('message', () => undefined);
    ws.on('close', () => {
      unsubscribe();
      clearInterval(keepAlive);
      open.delete(ws);
      if (open.size === 0 && streams.get(conversationId) === open) streams.delete(conversationId);
    });
    queue(catchUp);
  }

  /** Ends every open stream with 1012 (service restart): clients reconnect, elsewhere or later. */
  const closeStreams = () => closeWebSockets([...streams.values()].flatMap((open) => [...open]), 1012, 'server restarting');

  return {
    router,
    tokenRoute,
    /** The CORS of these routes (WEBCHAT_ALLOWED_ORIGINS), for others the widget calls (its images). */
    cors: corsMiddleware,
    /** The conversations and their logs behind the routes. */
    hub,
    /** The conversation and user a Direct Line token is valid for now; undefined for any other string (the secret too). */
    userOfToken(token: string): { conversationId: string; userId: string } | undefined {
      const checked = tokens.check(token);
      return checked.ok ? { conversationId: checked.claims.conversationId, userId: checked.claims.userId } : undefined;
    },
    handleUpgrade,
    closeStreams,
    /** Users' streams open now, over every conversation. */
    openStreams: () => [...streams.values()].reduce((sum, open) => sum + open.size, 0),
    async close() {
      await closeStreams();
      wss.close();
    },
  };
}

function newConversationId(): string {
  return randomBytes(12).toString('base64url');
}

function parseWatermark(value: unknown): number | undefined {
  if (value === undefined || value === '') return 0;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The first tag of an Accept-Language header (zh-CN,zh;q=0.9 -> zh-CN), when it is a well-formed tag. */
export function firstLanguage(header: string | undefined): string | undefined {
  const tag = header?.split(',')[0]?.split(';')[0]?.trim();
  return tag && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,3}$/.test(tag) ? tag : undefined;
}
