import { Router, type Request } from 'express';
import { z } from 'zod';
import { pickLocale, type Messages, type TurnExplanation } from '../../conversation/index.js';
import { redact } from '../../privacy/index.js';
import type { LiveKnowledge } from '../../search/index.js';
import { HttpError } from '../HttpError.js';
import { requireCapability, type RoleOf } from './requireCapability.js';

export interface WorkspaceRoutesOptions {
  readonly knowledge: LiveKnowledge;
  readonly messages: Readonly<Record<string, Messages>>;
  /** The bot's own recognition and policy (conversation/explainTurn.ts). */
  readonly explain: (text: string, m: Messages) => TurnExplanation;
  readonly roleOf: RoleOf;
}

const MAX_TRY = 2000;
const tryBody = z.object({
  text: z
    .string({ error: '请填写要试的问题 / text is required' })
    .trim()
    .min(1, '问题不能为空 / text must not be empty')
    .max(MAX_TRY, `问题最多 ${MAX_TRY} 字 / text must be at most ${MAX_TRY} characters`),
  locale: z.string().max(35).optional(),
});

function parseBody<T>(schema: z.ZodType<T>, req: Request): T {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/**
 * The editors' workspace API, under /api/agent/workspace (one sign-in with the console): try a
 * question as the bot would take it, and the articles and flows serving now.
 */
export function workspaceRoutes({ knowledge, messages, explain, roleOf }: WorkspaceRoutesOptions): Router {
  const router = Router();
  router.use(requireCapability('knowledge', roleOf));

  router.post('/try', function tryQuestion(req, res) {
    const { text, locale } = parseBody(tryBody, req);
    // An editor pasting a merchant's message may paste a card number: it is hidden before anything reads it.
    res.json(explain(redact(text).text, messages[pickLocale(locale)]!));
  });

  router.get('/articles', function articles(_req, res) {
    const { snapshot, flows } = knowledge.current();
    res.json({
      version: knowledge.status().loadedAt,
      articles: snapshot.articles.map((a) => ({ id: a.id, title: a.title, category: a.category, questions: a.questions.length, updated: a.updated })),
      flows: flows.flows.map((f) => ({ id: f.id, title: f.title })),
    });
  });

  return router;
}
