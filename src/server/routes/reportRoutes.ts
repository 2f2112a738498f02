import { Router } from 'express';
import type { Reports } from '../../reports/index.js';
import { HttpError } from '../HttpError.js';
import { periodOf, sendCsv } from './periodQuery.js';
import { requireCapability, type RoleOf } from './requireCapability.js';

export interface ReportRoutesOptions {
  readonly reports: Reports;
  /** Today, as a service day (YYYY-MM-DD). */
  readonly today: () => string;
  readonly roleOf: RoleOf;
}

const tables = ['days', 'reasons', 'agents', 'csat', 'comments'] as const;

/** Supervisors' reports under /api/agent/reports: the figures as JSON, every table as CSV. */
export function reportRoutes({ reports, today, roleOf }: ReportRoutesOptions): Router {
  const router = Router();
  router.use(requireCapability('reports', roleOf));

  router.get('/', async function report(req, res) {
    res.json(await reports.supervisor(periodOf(req, today())));
  });

  router.get('/:table.csv', async function csv(req, res) {
    const table = String(req.params.table);
    if (!(tables as readonly string[]).includes(table)) throw new HttpError(404, 'NOT_FOUND', `没有这张表 / no table "${table}": one of ${tables.join(', ')}`, { table });
    const period = periodOf(req, today());
    const report = await reports.supervisor(period);
    const name = `kefu-${table}-${period.from}-${period.to}`;
    if (table === 'days') {
      sendCsv(
        res,
        name,
        ['日期 day', '渠道 channel', '会话 conversations', '未转人工 contained', '自助率 containment', '转人工 escalations', '提问 questions', '未答 fallbacks', '未答率 fallback rate'],
        report.days.map((d) => [d.day, d.channel, d.conversations, d.contained, d.containment, d.escalations, d.questions, d.fallbacks, d.fallbackRate]),
      );
    } else if (table === 'reasons') {
      sendCsv(res, name, ['原因 reason', '次数 count'], report.escalationsByReason.map((r) => [r.reason, r.count]));
    } else if (table === 'agents') {
      sendCsv(res, name, ['客服 agent', '会话 tickets', '评价数 rated', '满意度 CSAT'], report.agents.map((a) => [a.name, a.tickets, a.rated, a.csat]));
    } else if (table === 'comments') {
      sendCsv(res, name, ['会话 ticket', '评分 rating', '意见 comment', '客服 agent', '时间 at'], report.csat.comments.map((c) => [c.ticketId, c.rating, c.comment, c.agent, c.at]));
    } else {
      sendCsv(res, name, ['评分 rating', '次数 count'], Object.entries(report.csat.distribution).map(([rating, count]) => [rating, count]));
    }
  });

  return router;
}
