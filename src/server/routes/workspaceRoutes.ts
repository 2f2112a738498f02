import { Router, type Request } from 'express';
import { z } from 'zod';
import { pickLocale, type Messages, type TurnExplanation } from '../../conversation/index.js';
import { redact } from '../../privacy/index.js';
import type { LiveKnowledge } from '../../content/index.js';
import { articleTemplate, type Editor, type KnowledgeEditor, type MissInbox } from '../../workspace/index.js';
import type { Reports } from '../../reports/index.js';
import { HttpError } from '../HttpError.js';
import { periodOf, sendCsv } from './periodQuery.js';
import { requireCapability, type RoleOf } from './requireCapability.js';

export interface WorkspaceRoutesOptions {
  readonly knowledge: LiveKnowledge;
  /** The misses inbox and the knowledge editor (src/workspace/). */
  readonly inbox: MissInbox;
  readonly editor: KnowledgeEditor;
  /** The signed-in account, who every change is attributed to. */
  readonly editorOf: (req: Request) => Editor;
  /** Article and flow figures (src/reports/). */
  readonly reports: Reports;
  /** Today, as a service day (YYYY-MM-DD). */
  readonly today: () => string;
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

const statuses = ['open', 'resolved', 'ignored'] as const;
const missQuery = z.object({ status: z.enum(statuses, { error: `status 只能是 / must be one of ${statuses.join(', ')}` }).default('open') });
const groupId = z.coerce.number({ error: '编号必须是数字 / the id must be a number' }).int().positive('编号必须是正整数 / the id must be a positive whole number');
const question = z.string().trim().min(1, '问法不能为空 / a question must not be empty').max(200, '问法最多 200 字 / a question must be at most 200 characters');
const addBody = z.object({
  articleId: z.string({ error: '请选择文章 / articleId is required' }).min(1).max(100),
  questions: z.array(question).max(50, '一次最多 50 个问法 / at most 50 questions at once').optional(),
  version: z.string().max(64).optional(),
});
const ignoreBody = z.object({
  reason: z.string({ error: '请填写忽略的原因 / reason is required' }).trim().min(1, '请填写忽略的原因 / reason must not be empty').max(500, '原因最多 500 字 / reason must be at most 500 characters'),
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
export function workspaceRoutes({ knowledge, messages, explain, roleOf, inbox, editor, editorOf, reports, today }: WorkspaceRoutesOptions): Router {
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

  const articleText = z.object({
    text: z.string({ error: '请填写文章内容 / text is required' }).max(50_000, '文章最多 50000 字 / an article must be at most 50,000 characters'),
    group: z.number().int().positive().optional(),
  });

  router.get('/articles/template', async function template(req, res) {
    const group = req.query.group === undefined ? undefined : groupId.safeParse(req.query.group);
    if (group && !group.success) throw new HttpError(400, 'BAD_QUERY', group.error.issues.map((i) => i.message).join('; '));
    const questions = group ? await inbox.wordings(group.data) : [];
    res.json({ text: articleTemplate({ questions, today: today(), owner: editorOf(req).username }) });
  });

  // Checked as typed: the same problems `kb check` finds, in Chinese and English, nothing written.
  router.post('/articles/check', function check(req, res) {
    const { text } = parseBody(articleText, req);
    res.json(editor.check(text));
  });

  router.post('/articles', async function create(req, res) {
    const { text, group } = parseBody(articleText, req);
    const made = await inbox.create({ text, ...(group ? { group } : {}), by: editorOf(req) });
    res.status(201).json({
      articleId: made.change.articleId,
      file: made.change.file,
      version: made.change.version,
      ...(made.group ? { group: made.group, answersNow: made.answersNow } : {}),
      ...(made.change.commit ? { commit: made.change.commit } : {}),
      ...(made.change.changedFiles ? { changedFiles: made.change.changedFiles } : {}),
    });
  });

  router.get('/articles/:id', async function article(req, res) {
    const found = knowledge.current().snapshot.byId.get(String(req.params.id));
    if (!found) throw new HttpError(404, 'NOT_FOUND', `没有这篇文章 / no article "${req.params.id}"`, { articleId: String(req.params.id) });
    res.json({ article: found, ...(await editor.version(found.id)) });
  });

  router.get('/performance', async function performance(req, res) {
    const period = periodOf(req, today());
    res.json({ period, articles: await reports.articles(period), flows: await reports.flows(period) });
  });
  router.get('/performance/articles.csv', async function articlesCsv(req, res) {
    const period = periodOf(req, today());
    sendCsv(
      res,
      `kefu-articles-${period.from}-${period.to}`,
      ['文章 id', '标题 title', '展示 shown', '从“您是想问”选中 picked', '👍 helpful', '👎 unhelpful', '有帮助率 helpful rate', '两轮内转人工 hand-overs after', '问题率 trouble'],
      (await reports.articles(period)).map((a) => [a.id, a.title, a.shown, a.picked, a.helpful, a.unhelpful, a.helpfulRate, a.handoversAfter, a.trouble]),
    );
  });
  router.get('/performance/flows.csv', async function flowsCsv(req, res) {
    const period = periodOf(req, today());
    sendCsv(
      res,
      `kefu-flows-${period.from}-${period.to}`,
      ['排查 id', '标题 title', '开始 started', '完成 completed', '完成率 completion', '转人工 hand-overs', '离开最多的步骤 most left at'],
      (await reports.flows(period)).map((f) => [f.id, f.title, f.started, f.completed, f.completionRate, f.handovers, f.leftAt.map((l) => `${l.step}:${l.count}`).join(' ')]),
    );
  });

  router.get('/misses', async function misses(req, res) {
    const query = missQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'BAD_QUERY', query.error.issues.map((i) => i.message).join('; '));
    res.json({ groups: await inbox.list(query.data.status) });
  });

  const id = (req: Request) => {
    const parsed = groupId.safeParse(req.params.id);
    if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
    return parsed.data;
  };

  router.post('/misses/:id/add', async function add(req, res) {
    const body = parseBody(addBody, req);
    const { group, change, answersNow } = await inbox.add(id(req), {
      articleId: body.articleId,
      ...(body.questions ? { questions: body.questions.map((q) => redact(q).text) } : {}),
      ...(body.version ? { version: body.version } : {}),
      by: editorOf(req),
    });
    res.json({ group, file: change.file, version: change.version, added: change.added, answersNow, ...(change.commit ? { commit: change.commit } : {}), ...(change.changedFiles ? { changedFiles: change.changedFiles } : {}) });
  });

  router.post('/misses/:id/ignore', async function ignore(req, res) {
    const { reason } = parseBody(ignoreBody, req);
    res.json({ group: await inbox.ignore(id(req), { reason: redact(reason).text, by: editorOf(req) }) });
  });

  return router;
}
