import { Router, type RequestHandler, type Response } from 'express';
import type { AgentDirectory } from '../../handoff/index.js';
import type { MediaStore, StoredMedia } from '../../storage/index.js';
import { HttpError } from '../HttpError.js';
import { agentTokenOf } from './agentRoutes.js';

export interface MediaRoutesOptions {
  readonly media: Pick<MediaStore, 'get'>;
  /**
   * The conversation a user's token is valid for (a Direct Line token), or undefined when the
   * string is no such token.
   */
  readonly userOfToken: (token: string) => { readonly channel: string; readonly conversationId: string } | undefined;
  /** Signed-in agents see every image. */
  readonly directory: Pick<AgentDirectory, 'authenticate'>;
  /** CORS for the widget, which fetches images from the provider's page (Direct Line's own). */
  readonly cors?: RequestHandler;
}

/**
 * Sends a kept image as it is: its own type (read from its bytes when it was kept), never sniffed
 * by the browser, never cached by a shared cache, shown and not run (a sandboxing CSP, should it
 * be opened as a page).
 */
export function sendMedia(res: Response, media: StoredMedia & { readonly bytes: Buffer }): void {
  res.set({
    'Content-Type': media.contentType,
    'Content-Length': String(media.bytes.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=86400',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': 'inline',
  });
  res.end(media.bytes);
}

/**
 * `GET /media/{id}`: an image, for the user of its conversation (with their Direct Line token
 * as `Authorization: Bearer`) and for signed-in agents (a bearer session; the console, whose
 * cookie is scoped to /api/agent, reads them at `/api/agent/media/{id}`). Never public: no
 * credentials 401, a user of another conversation 403, an unknown id 404, each with a JSON reason.
 */
export function mediaRoutes({ media, userOfToken, directory, cors }: MediaRoutesOptions): Router {
  const router = Router();
  if (cors) router.use(cors);
  router.get('/:id', async function image(req, res) {
    const carried = agentTokenOf(req);
    if (!carried) throw new HttpError(401, 'UNAUTHENTICATED', '请先登录或提供会话令牌 / Authorization: Bearer <conversation token or agent token> is required');
    // A user's token is checked by its signature alone; only what is not one is looked up as an agent's.
    const user = carried.via === 'bearer' ? userOfToken(carried.token) : undefined;
    const agent = user ? undefined : await directory.authenticate(carried.token);
    if (!user && !agent) throw new HttpError(401, 'UNAUTHENTICATED', '令牌无效或已过期 / the token is not valid or has expired');
    const found = await media.get(String(req.params.id));
    if (!found) throw new HttpError(404, 'NOT_FOUND', '没有这张图片 / no such image');
    if (user && (found.channel !== user.channel || found.conversationId !== user.conversationId)) {
      throw new HttpError(403, 'FORBIDDEN', '这张图片属于另一个会话 / this image belongs to another conversation');
    }
    sendMedia(res, found);
  });
  return router;
}
