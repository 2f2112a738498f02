import type { Request } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { addDays, isDay, type Period } from '../../reports/index.js';
import { HttpError } from '../HttpError.js';

/** The longest period a report covers. */
export const MAX_REPORT_DAYS = 366;

/**
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD[&channel=…]`, both days included; without them, the 30 days
 * ending `today` (a service day).
 */
export function periodOf(req: Request, today: string): Period {
  const text = (name: string) => {
    const value = req.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new HttpError(400, 'BAD_QUERY', `${name} 只能给一次 / ${name} must be given once`, { field: name });
    return value;
  };
  const to = text('to') ?? today;
  const from = text('from') ?? addDays(to, -29);
  for (const [name, day] of [['from', from], ['to', to]] as const) {
    if (!isDay(day)) throw new HttpError(400, 'BAD_QUERY', `${name} 应为日期，如 2026-11-30 / ${name} must be a day like 2026-11-30`, { field: name });
  }
  if (from > to) throw new HttpError(400, 'BAD_QUERY', '开始日期不能晚于结束日期 / from must not be after to', { field: 'from' });
  if (addDays(from, MAX_REPORT_DAYS) <= to) throw new HttpError(400, 'BAD_QUERY', `一次最多 ${MAX_REPORT_DAYS} 天 / at most ${MAX_REPORT_DAYS} days at once`, { field: 'to' });
  const channel = text('channel');
  if (channel !== undefined && !/^[a-z][a-z0-9_-]{0,39}$/.test(channel)) throw new HttpError(400, 'BAD_QUERY', '渠道名称无效 / channel is not a channel name', { field: 'channel' });
  return { from, to, ...(channel ? { channel } : {}) };
}

/** A table as a CSV download: UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese. */
export function sendCsv(res: Response, name: string, header: readonly string[], rows: readonly (readonly unknown[])[]): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  res.send(`\uFEFF${stringify([header, ...rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v)))])}`);
}
