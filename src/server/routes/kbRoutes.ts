import { Router } from 'express';
import { z } from 'zod';
import type { LiveKnowledge } from '../../content/index.js';
import { redact } from '../../privacy/index.js';
import { HttpError } from '../HttpError.js';

const searchQuery = z.object({
  q: z.string({ error: 'q is required and must be given once' }).trim().min(1, 'q must not be empty'),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(50, 'limit must be at most 50')
    .default(5),
});

/** Knowledge-base search, article lookup and reload status. */
export function kbRoutes(knowledge: LiveKnowledge): Router {
  const router = Router();

  router.get('/search', function search(req, res) {
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new HttpError(400, 'BAD_QUERY', parsed.error.issues.map((i) => i.message).join('; '));
    }
    // A card number typed into the search box is neither searched for nor echoed back.
    const result = knowledge.current().index.search(redact(parsed.data.q).text, { limit: parsed.data.limit });
    res.json(result);
  });

  router.get('/articles', function articles(_req, res) {
    res.json({ articles: knowledge.current().snapshot.articles.map((a) => ({ id: a.id, title: a.title, category: a.category, tags: a.tags, updated: a.updated })) });
  });

  router.get('/articles/:id', function article(req, res) {
    const found = knowledge.current().snapshot.byId.get(req.params.id);
    if (!found) throw new HttpError(404, 'ARTICLE_NOT_FOUND', `no article with id "${req.params.id}"`);
    res.json(found);
  });

  router.get('/status', function status(_req, res) {
    res.json(knowledge.status());
  });

  return router;
}
