import { timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { Router, type Request, type RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import multer from 'multer';
import { z } from 'zod';
import { can, capabilitiesOf, ROLES, type Capability } from '../../access/index.js';
import type { AgentDirectory, AgentSession, HandoffDesk, TicketNotes } from '../../handoff/index.js';
import type { CannedReply } from '../../knowledge/index.js';
import { redact } from '../../privacy/index.js';
import { MEDIA_MAX_BYTES, type MediaStore } from '../../storage/index.js';
import { HttpError } from '../HttpError.js';
import { sendMedia } from './mediaRoutes.js';
import { forbidden, requireCapability } from './requireCapability.js';

export const AGENT_COOKIE = 'kefu_agent';

export interface AgentRoutesOptions {
  readonly desk: HandoffDesk;
  readonly directory: AgentDirectory;
  /** Login attempts per address per minute, on top of the per-account throttle. Default 10. */
  readonly loginRateLimit?: number;
  /** Where the login limit counts (shared by every instance); undefined: in this process. */
  readonly loginRateLimitStore?: Store;
  /**
   * Routes of other parts of the staff's workspace (knowledge, reports), mounted after sign-in
   * checks under /api/agent, so one login serves them all. Each guards its own capability with
   * `requireCapability(…, roleOf)`.
   */
  readonly mount?: (router: Router) => void;
  /** Private notes, tags and the search over past tickets. */
  readonly notes?: TicketNotes;
  /** Agents' canned replies serving now (`canned-replies.yaml`). */
  readonly cannedReplies?: () => readonly CannedReply[];
  /** Kept images, shown to agents at `/media/{id}` (where the console's cookie goes). */
  readonly media?: Pick<MediaStore, 'get'>;
  /**
   * What a ticket's channel still lets agents send (WeChat: 48 hours after the user's last message,
   * a few messages); undefined for channels without limits.
   */
  readonly channelLimits?: (ticket: { readonly channel: string; readonly conversationId: string }) => Promise<ChannelLimits | undefined>;
}

/** A channel's sending limits for one conversation, as the console shows them. */
export interface ChannelLimits {
  readonly open: boolean;
  readonly closesAt?: string;
  readonly remaining: number;
  readonly quota: number;
}

const loginBody = z.object({
  username: z.string({ error: '请填写用户名 / username is required' }).trim().min(1, '请填写用户名 / username must not be empty').max(64, '用户名过长 / username is too long'),
  password: z.string({ error: '请填写密码 / password is required' }).min(1, '请填写密码 / password must not be empty').max(200, '密码过长 / password is too long'),
  kind: z.enum(['cookie', 'bearer'], { error: 'kind 只能是 "cookie" 或 "bearer" / kind must be "cookie" or "bearer"' }).default('cookie'),
});
const messageBody = z.object({ text: z.string({ error: '请填写消息 / text is required' }).trim().min(1, '消息不能为空 / text must not be empty').max(4000, '消息过长（最多 4000 字） / text must be at most 4000 characters') });
const transferBody = z.object({ agent: z.union([z.string().trim().min(1), z.number().int().positive()], { error: '请指定要转接的客服 / agent (a username or id) is required' }) });
const ticketStates = ['waiting', 'assigned', 'closed', 'cancelled', 'expired'] as const;
const listQuery = z.object({
  state: z.enum(ticketStates, { error: `state 只能是 / must be one of ${ticketStates.join(', ')}` }).optional(),
  mine: z.enum(['1', 'true', '0', 'false']).optional(),
});
const roleBody = z.object({ role: z.enum(ROLES, { error: `role 只能是 / must be one of ${ROLES.join(', ')}` }) });
const noteBody = z.object({ text: z.string({ error: '请填写备注 / text is required' }).max(4000, '备注过长 / text is too long') });
const tagsBody = z.object({ tags: z.array(z.string().max(100), { error: 'tags 应为标签列表 / tags must be a list of texts' }).max(50, '标签过多 / too many tags') });
const statusBody = z.object({ away: z.boolean({ error: 'away 应为 true 或 false / away must be true or false' }) });
const searchQuery = z.object({
  text: z.string().trim().max(100, '搜索词最多 100 字 / text must be at most 100 characters').optional(),
  user: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(40).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'from 应为日期 / from must be a date').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'to 应为日期 / to must be a date').optional(),
});
const cannedQuery = z.object({ q: z.string().trim().max(100).optional(), ticket: z.coerce.number().int().positive().optional() });
const ticketId = z.coerce.number({ error: '会话编号必须是数字 / ticket id must be a number' }).int('会话编号必须是整数 / ticket id must be a whole number').positive('会话编号必须是正数 / ticket id must be a positive number');

function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** The session token a request carries: `Authorization: Bearer`, else the console's cookie. */
export function agentTokenOf(req: { headers: Request['headers'] }): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = req.headers.cookie ? parseCookies(req.headers.cookie)[AGENT_COOKIE] : undefined;
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

type AuthedRequest = Request & { agentSession?: AgentSession; agentToken?: string };

const session = (req: Request): AgentSession => {
  const found = (req as AuthedRequest).agentSession;
  if (!found) throw new HttpError(401, 'UNAUTHENTICATED', '请先登录 / log in first');
  return found;
};
/** The signed-in account, for routes that attribute what it does. */
export const accountOf = (req: Request) => {
  const { id, username, displayName } = session(req).agent;
  return { id, username, displayName };
};
/** The signed-in account's role; for `requireCapability`. */
export const roleOf = (req: Request) => session(req).agent.role;
const acting = (req: Request) => {
  const { agent } = session(req);
  return { id: agent.id, displayName: agent.displayName };
};

/**
 * The agent API under /api/agent: login (rate-limited per address, throttled per account and address with growing waits), the
 * ticket queue and the takeover actions. A cookie session must send its CSRF token on every POST;
 * a bearer token needs none (browsers never attach it on their own).
 */
export function agentRoutes({ desk, directory, loginRateLimit = 10, loginRateLimitStore, media, channelLimits, mount, notes, cannedReplies = () => [] }: AgentRoutesOptions): Router {
  const router = Router();
  // One image per upload, as the form field `image`; its type is read from its bytes by the store.
  const parseImage = multer({ storage: multer.memoryStorage(), limits: { fileSize: MEDIA_MAX_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 50 } }).single('image');
  const readImage: RequestHandler = function readImage(req, res, next) {
    parseImage(req, res, (error: unknown) => {
      if (error === undefined) return next();
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, 'TOO_LARGE', `图片不能超过 5 MB / an image may be at most ${MEDIA_MAX_BYTES} bytes`));
      next(new HttpError(400, 'BAD_REQUEST', '请以 multipart/form-data 上传一张图片（字段 image） / upload one image as the multipart field "image"'));
    });
  };

  const authenticate: RequestHandler = async function authenticateAgent(req, _res, next) {
    const carried = agentTokenOf(req);
    const found = carried && (await directory.authenticate(carried.token));
    if (!carried || !found) return next(new HttpError(401, 'UNAUTHENTICATED', '请先登录 / log in first'));
    if (carried.via === 'cookie' && req.method !== 'GET' && req.method !== 'HEAD') {
      const given = req.get('x-csrf-token') ?? '';
      if (!found.csrfToken || !sameText(given, found.csrfToken)) return next(new HttpError(403, 'CSRF', '安全校验失败，请刷新页面 / missing or wrong X-CSRF-Token header'));
    }
    (req as AuthedRequest).agentSession = found;
    (req as AuthedRequest).agentToken = carried.token;
    next();
  };

  const cookieOptions = (req: Request, maxAgeSeconds: number) =>
    ({ httpOnly: true, sameSite: 'strict', path: '/api/agent', secure: req.secure, maxAge: maxAgeSeconds }) as const;

  router.post(
    '/login',
    rateLimit({
      windowMs: 60_000,
      limit: loginRateLimit,
      ...(loginRateLimitStore ? { store: loginRateLimitStore } : {}),
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError(429, 'TOO_MANY_ATTEMPTS', '登录尝试过于频繁，请一分钟后再试 / too many login attempts from this address; wait a minute')),
    }),
    async function login(req, res) {
      const { username, password, kind } = parseBody(loginBody, req.body);
      // req.ip honours TRUST_PROXY: behind a proxy it is the client's address, not the proxy's.
      const { token, session: created } = await directory.login(username, password, kind, { address: req.ip });
      const agent = publicAgent(created.agent);
      if (kind === 'bearer') {
        res.json({ agent, token, expiresAt: created.expiresAt });
        return;
      }
      const maxAge = Math.max(0, Math.floor((Date.parse(created.expiresAt) - Date.now()) / 1000));
      res.setHeader('Set-Cookie', serializeCookie(AGENT_COOKIE, token, cookieOptions(req, maxAge)));
      res.json({ agent, csrfToken: created.csrfToken, expiresAt: created.expiresAt });
    },
  );

  router.use(authenticate);

  router.post('/logout', async function logout(req, res) {
    await directory.logout((req as AuthedRequest).agentToken!);
    res.setHeader('Set-Cookie', serializeCookie(AGENT_COOKIE, '', cookieOptions(req, 0)));
    res.status(204).end();
  });

  router.get('/me', function me(req, res) {
    const found = session(req);
    res.json({ agent: publicAgent(found.agent), capabilities: capabilitiesOf(found.agent.role), csrfToken: found.csrfToken, expiresAt: found.expiresAt });
  });

  const needs = (capability: Capability) => requireCapability(capability, roleOf);

  // Accounts: admins give roles here or with `npm run agent -- role`.
  router.get('/accounts', needs('accounts'), async function accounts(_req, res) {
    res.json({ accounts: (await directory.list()).map((a) => ({ ...publicAgent(a), disabled: a.disabled, lastLoginAt: a.lastLoginAt })) });
  });
  router.post('/accounts/:username/role', needs('accounts'), async function setRole(req, res) {
    const { role } = parseBody(roleBody, req.body);
    res.json({ account: publicAgent(await directory.setRole(String(req.params.username), role)) });
  });

  mount?.(router);

  // Everything below is the hand-over desk: agents and supervisors.
  router.use(['/agents', '/tickets', '/media', '/status', '/canned'], needs('tickets'));

  router.get('/agents', async function agents(_req, res) {
    const online = new Set(desk.online());
    const all = await directory.list();
    const away = new Set(desk.away());
    res.json({ agents: all.filter((a) => !a.disabled).map((a) => ({ ...publicAgent(a), online: online.has(a.id), away: away.has(a.id) })) });
  });

  router.get('/tickets', async function tickets(req, res) {
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'BAD_QUERY', query.error.issues.map((i) => i.message).join('; '));
    const me = session(req).agent;
    const mine = query.data.mine === '1' || query.data.mine === 'true';
    const states = query.data.state ? [query.data.state] : (['waiting', 'assigned'] as const);
    const tagged = async <T extends { readonly id: number }>(list: readonly T[]) => (notes ? notes.withTags(list) : list);
    if (mine || can(me.role, 'allTickets')) {
      res.json({ tickets: await tagged(await desk.list({ states, ...(mine ? { agentId: me.id } : {}) })) });
      return;
    }
    // An agent sees the queue and their own tickets; a supervisor sees everyone's.
    const queue = states.includes('waiting') ? await desk.list({ states: ['waiting'] }) : [];
    const others = states.filter((s) => s !== 'waiting');
    res.json({ tickets: await tagged([...queue, ...(others.length > 0 ? await desk.list({ states: others, agentId: me.id }) : [])]) });
  });

  // Away: still signed in, not counted as available for the queue's wait estimate.
  router.post('/status', function status(req, res) {
    const { away } = parseBody(statusBody, req.body);
    desk.setAway(session(req).agent.id, away);
    res.json({ away: desk.away() });
  });

  router.get('/canned', async function canned(req, res) {
    const query = cannedQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'BAD_QUERY', query.error.issues.map((i) => i.message).join('; '));
    const words = (query.data.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const ticket = query.data.ticket ? visible(req, await desk.get(query.data.ticket)).ticket : undefined;
    const fill = (text: string) => text.replaceAll('{agent}', session(req).agent.displayName).replaceAll('{user}', ticket?.userName ?? '您');
    const replies = cannedReplies().filter((r) => words.every((w) => `${r.title} ${r.text} ${r.tags.join(' ')}`.toLowerCase().includes(w)));
    res.json({ replies: replies.map((r) => ({ id: r.id, title: r.title, text: fill(r.text), tags: r.tags })) });
  });

  // Past tickets by text, user, tag and date: an agent's own, everyone's for supervisors.
  router.get('/tickets/search', async function search(req, res) {
    if (!notes) throw new HttpError(404, 'NOT_FOUND', '不支持搜索 / search is not available');
    const query = searchQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'BAD_QUERY', query.error.issues.map((i) => i.message).join('; '));
    const me = session(req).agent;
    const { text, user, tag, from, to } = query.data;
    if (!text && !user && !tag && !from && !to) throw new HttpError(400, 'BAD_QUERY', '请至少给一个搜索条件 / give at least one of text, user, tag, from, to');
    const ids = await notes.search({
      ...(text ? { text: redact(text).text } : {}),
      ...(user ? { user } : {}),
      ...(tag ? { tag } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(can(me.role, 'allTickets') ? {} : { agentId: me.id }),
      limit: 50,
    });
    res.json({ tickets: await notes.withTags(await desk.views(ids)) });
  });

  const id = (req: Request) => {
    const parsed = ticketId.safeParse(req.params.id);
    if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
    return parsed.data;
  };

  /** A ticket the account may see: in the queue, theirs, or any (supervisors). */
  const visible = <T extends { ticket: { state: string; agent: { id: number } | null } }>(req: Request, found: T): T => {
    const me = session(req).agent;
    if (found.ticket.state === 'waiting' || found.ticket.agent?.id === me.id || can(me.role, 'allTickets')) return found;
    throw forbidden('allTickets');
  };

  router.get('/tickets/:id', async function ticket(req, res) {
    const detail = visible(req, await desk.get(id(req)));
    const limits = await channelLimits?.(detail.ticket);
    const extras = notes ? { notes: await notes.notes(detail.ticket.id), tags: await notes.tags(detail.ticket.id) } : {};
    res.json({ ...detail, ...extras, ...(limits ? { limits } : {}) });
  });
  router.post('/tickets/:id/notes', async function note(req, res) {
    if (!notes) throw new HttpError(404, 'NOT_FOUND', '不支持备注 / notes are not available');
    const { text } = parseBody(noteBody, req.body);
    const { ticket } = visible(req, await desk.get(id(req)));
    res.status(201).json({ note: await notes.add(ticket.id, acting(req), text) });
  });
  router.put('/tickets/:id/tags', async function tag(req, res) {
    if (!notes) throw new HttpError(404, 'NOT_FOUND', '不支持标签 / tags are not available');
    const { tags } = parseBody(tagsBody, req.body);
    const { ticket } = visible(req, await desk.get(id(req)));
    res.json({ tags: await notes.setTags(ticket.id, tags) });
  });
  router.get('/tickets/:id/limits', async function limits(req, res) {
    const { ticket } = visible(req, await desk.get(id(req)));
    res.json({ limits: (await channelLimits?.(ticket)) ?? null });
  });
  router.post('/tickets/:id/accept', async function accept(req, res) {
    res.json({ ticket: await desk.accept(id(req), acting(req)) });
  });
  router.post('/tickets/:id/messages', async function message(req, res) {
    const { text } = parseBody(messageBody, req.body);
    res.status(201).json({ message: await desk.sendMessage(id(req), acting(req), text) });
  });
  router.post('/tickets/:id/images', readImage, async function image(req, res) {
    const file = req.file;
    if (!file) throw new HttpError(400, 'BAD_REQUEST', '请选择一张图片（字段 image） / the multipart field "image" is required');
    res.status(201).json({ message: await desk.sendImage(id(req), acting(req), file.buffer) });
  });
  router.get('/media/:id', async function image(req, res) {
    const found = media && (await media.get(String(req.params.id)));
    if (!found) throw new HttpError(404, 'NOT_FOUND', '没有这张图片 / no such image');
    sendMedia(res, found);
  });
  router.post('/tickets/:id/typing', async function typing(req, res) {
    await desk.agentTyping(id(req), acting(req));
    res.status(204).end();
  });
  router.post('/tickets/:id/transfer', async function transfer(req, res) {
    const { agent } = parseBody(transferBody, req.body);
    res.json({ ticket: await desk.transfer(id(req), acting(req), agent) });
  });
  router.post('/tickets/:id/release', async function release(req, res) {
    res.json({ ticket: await desk.release(id(req), acting(req)) });
  });
  router.post('/tickets/:id/close', async function close(req, res) {
    res.json({ ticket: await desk.close(id(req), acting(req)) });
  });

  return router;
}

/** An agent as the API shows it: never the hash or the sign-in bookkeeping. */
export function publicAgent(agent: { id: number; username: string; displayName: string; role?: string }) {
  return { id: agent.id, username: agent.username, displayName: agent.displayName, ...(agent.role ? { role: agent.role } : {}) };
}
