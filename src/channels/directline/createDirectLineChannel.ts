import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import cors from 'cors';
import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DirectLineHub } from './createDirectLineHub.js';
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
  /** Idle stream keep-alive interval. */
  readonly keepAliveMs?: number;
}

type Access = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };
const STREAM = /^\/v3\/directline\/conversations\/([^/?]+)\/stream$/;

function fail(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ error: { code, message } });
}

/**
 * Direct Line 3.0 as the official client (botframework-directlinejs, hence Web Chat) speaks it:
 * tokens, conversations, activities by POST and by polling with a watermark, and a WebSocket
 * stream that replays from the watermark. Plus the public token route for the widget.
 */
export function createDirectLineChannel({ hub, tokens, secret, allowedOrigins, tokenRateLimit = 30, keepAliveMs = 15_000 }: DirectLineChannelOptions) {
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
    await hub.start(conversationId, userId);
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

  router.post('/conversations/:id/activities', async function post(req, res, next) {
    const conversation = await conversationOf(req, res);
    if (!conversation) return;
    const activity = req.body as { type?: unknown };
    if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') return fail(res, 400, 'BadArgument', 'the body must be an activity with a type');
    try {
      res.json({ id: await hub.receive(conversation.id, conversation.userId, activity as Parameters<DirectLineHub['receive']>[2]) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/conversations/:id/upload', function upload(_req, res) {
    fail(res, 501, 'NotImplemented', 'attachment upload is not supported yet; send text');
  });

  // The widget's token server: a browser cannot hold the secret, so it asks for an anonymous token.
  const tokenRoute = Router();
  tokenRoute.use(corsMiddleware);
  tokenRoute.post(
    '/',
    rateLimit({ windowMs: 60_000, limit: tokenRateLimit, standardHeaders: 'draft-7', legacyHeaders: false, message: { error: { code: 'TooManyRequests', message: 'too many token requests; try again in a minute' } } }),
    function webchatToken(_req, res) {
      const userId = `dl_${randomUUID()}`;
      const conversationId = newConversationId();
      const { token, expiresIn } = tokens.issue(conversationId, userId);
      res.json({ token, userId, conversationId, expires_in: expiresIn });
    },
  );

  const wss = new WebSocketServer({ noServer: true });
  /** Handles `upgrade` for stream URLs; returns false for any other path. */
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM.exec(url.pathname);
    if (!match) return false;
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return true;
    };
    const conversationId = decodeURIComponent(match[1]!);
    const token = url.searchParams.get('t') ?? /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const access = authorize(token ? `Bearer ${token}` : undefined);
    if ('error' in access) return refuse(access.error[0], access.error[1]);
    if (!conversationFor(access, conversationId)) return refuse(403, 'Forbidden');
    const watermark = parseWatermark(url.searchParams.get('watermark') ?? undefined) ?? 0;
    wss.handleUpgrade(req, socket, head, (ws) => void serveStream(ws, conversationId, watermark));
    return true;
  };

  async function serveStream(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    // Subscribe before replaying, and skip what the replay already sent: nothing is lost between.
    let sent = watermark;
    const pending: { activities: Record<string, unknown>[]; watermark: string }[] = [];
    let replaying = true;
    const send = (frame: { activities: Record<string, unknown>[]; watermark: string }) => {
      if (Number(frame.watermark) <= sent) return;
      sent = Number(frame.watermark);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = hub.subscribe(conversationId, (frame) => (replaying ? pending.push(frame) : send(frame)));
    const keepAlive = setInterval(() => ws.readyState === ws.OPEN && ws.send(''), keepAliveMs);
    ws.on('close', () => {
      unsubscribe();
      clearInterval(keepAlive);
    });
    const missed = await hub.since(conversationId, watermark);
    if (missed.activities.length > 0) send(missed);
    replaying = false;
    for (const frame of pending.splice(0)) send(frame);
  }

  return { router, tokenRoute, handleUpgrade, close: () => wss.close() };
}

function newConversationId(): string {
  return randomBytes(12).toString('base64url');
}

function parseWatermark(value: unknown): number | undefined {
  if (value === undefined || value === '') return 0;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
