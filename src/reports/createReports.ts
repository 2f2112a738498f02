import type { Article } from '../knowledge/index.js';
import type { DailyCountStore, ReportStore, ReportTicket } from '../storage/index.js';
import { addDays, dayStart, daysBetween } from './dayBounds.js';
import { percentiles } from './percentiles.js';
import { serviceDay } from './serviceDay.js';

/** A period of service days, both ends included, and optionally one channel. */
export interface Period {
  readonly from: string;
  readonly to: string;
  readonly channel?: string;
}

/** One day on one channel. */
export interface DayRow {
  readonly day: string;
  readonly channel: string;
  readonly conversations: number;
  /** Conversations that ended without a person (no ticket opened). */
  readonly contained: number;
  /** contained / conversations, null without conversations. */
  readonly containment: number | null;
  readonly escalations: number;
  readonly questions: number;
  readonly fallbacks: number;
  /** fallbacks / questions. */
  readonly fallbackRate: number | null;
}

/** Seconds at the 50th and 90th percentile, and how many measurements. */
export type Spread = ReturnType<typeof percentiles>;

export interface SupervisorReport {
  readonly period: Period;
  readonly timeZone: string;
  readonly days: readonly DayRow[];
  readonly totals: Omit<DayRow, 'day' | 'channel'>;
  readonly escalationsByReason: readonly { readonly reason: string; readonly count: number }[];
  /** From the ticket's opening to the first agent taking it. */
  readonly queueWait: Spread;
  /** From the first agent taking it to their first message. */
  readonly firstResponse: Spread;
  /** From the first agent taking it to its end. */
  readonly handleTime: Spread;
  readonly agents: readonly { readonly agentId: number; readonly name: string; readonly tickets: number; readonly rated: number; readonly csat: number | null }[];
  readonly csat: {
    readonly average: number | null;
    readonly count: number;
    readonly distribution: Readonly<Record<'1' | '2' | '3' | '4' | '5', number>>;
    /** What users said about their ratings, newest first, at most 100. */
    readonly comments: readonly { readonly ticketId: number; readonly rating: number; readonly comment: string; readonly agent: string | null; readonly at: string | null }[];
  };
}

export interface ArticlePerformance {
  readonly id: string;
  readonly title: string;
  readonly shown: number;
  /** Times picked from "您是想问". */
  readonly picked: number;
  readonly helpful: number;
  readonly unhelpful: number;
  /** helpful / (helpful + unhelpful), null without votes. */
  readonly helpfulRate: number | null;
  /** Hand-overs within two turns after it was shown. */
  readonly handoversAfter: number;
  /** (unhelpful + handoversAfter) / shown: the worst first. */
  readonly trouble: number;
}

export interface FlowPerformance {
  readonly id: string;
  readonly title: string;
  readonly started: number;
  readonly completed: number;
  readonly completionRate: number | null;
  readonly handovers: number;
  /** Where people left, per step, the most first. */
  readonly leftAt: readonly { readonly step: string; readonly count: number }[];
  /** How many reached each step. */
  readonly reached: readonly { readonly step: string; readonly count: number }[];
}

export interface ReportsOptions {
  readonly counts: Pick<DailyCountStore, 'read' | 'totals'>;
  readonly tickets: ReportStore;
  readonly timeZone: string;
  /** The articles and flows serving now, for titles. */
  readonly content: () => { readonly articles: readonly Pick<Article, 'id' | 'title'>[]; readonly flows: readonly { readonly id: string; readonly title: string }[] };
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
const seconds = (from: string | null, to: string | null) => (from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : undefined);

/**
 * Supervisors' reports and editors' article and flow figures, for a period of service days: the
 * daily counts the bot keeps (never a scan of messages) and the period's tickets.
 */
export function createReports({ counts, tickets, timeZone, content }: ReportsOptions) {
  return {
    async supervisor(period: Period): Promise<SupervisorReport> {
      const rows = await counts.read({ from: period.from, to: period.to, metrics: ['conversations', 'questions', 'fallbacks'], ...(period.channel ? { channel: period.channel } : {}) });
      const all = (await tickets.ticketsBetween(dayStart(period.from, timeZone).toISOString(), dayStart(addDays(period.to), timeZone).toISOString())).filter(
        (t) => !period.channel || t.channel === period.channel,
      );
      const channels = [...new Set([...rows.map((r) => r.channel), ...all.map((t) => t.channel)])].sort();
      const byDay = new Map<string, ReportTicket[]>();
      for (const t of all) {
        const key = `${serviceDay(new Date(t.createdAt), timeZone)}|${t.channel}`;
        const list = byDay.get(key);
        if (list) list.push(t);
        else byDay.set(key, [t]);
      }
      const counted = new Map(rows.map((r) => [`${r.day}|${r.channel}|${r.metric}`, r.count]));
      const days: DayRow[] = [];
      for (const day of daysBetween(period.from, period.to)) {
        for (const channel of channels) {
          const of = (metric: string) => counted.get(`${day}|${channel}|${metric}`) ?? 0;
          const opened = byDay.get(`${day}|${channel}`) ?? [];
          const conversations = of('conversations');
          const escalated = new Set(opened.map((t) => t.conversationId)).size;
          const questions = of('questions');
          const fallbacks = of('fallbacks');
          const contained = Math.max(0, conversations - escalated);
          if (conversations === 0 && opened.length === 0 && questions === 0) continue;
          days.push({ day, channel, conversations, contained, containment: rate(contained, conversations), escalations: opened.length, questions, fallbacks, fallbackRate: rate(fallbacks, questions) });
        }
      }
      const total = (key: 'conversations' | 'contained' | 'escalations' | 'questions' | 'fallbacks') => days.reduce((n, d) => n + d[key], 0);
      const reasons = new Map<string, number>();
      for (const t of all) reasons.set(t.reason, (reasons.get(t.reason) ?? 0) + 1);
      const agents = new Map<number, { name: string; tickets: number; ratings: number[] }>();
      for (const t of all) {
        if (t.agentId === null) continue;
        const a = agents.get(t.agentId) ?? { name: t.agentName ?? String(t.agentId), tickets: 0, ratings: [] };
        a.tickets += 1;
        if (t.rating !== null) a.ratings.push(t.rating);
        agents.set(t.agentId, a);
      }
      const ratings = all.flatMap((t) => (t.rating === null ? [] : [t.rating]));
      const average = (xs: readonly number[]) => (xs.length > 0 ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
      const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
      for (const r of ratings) distribution[String(r) as keyof typeof distribution] += 1;
      return {
        period,
        timeZone,
        days,
        totals: {
          conversations: total('conversations'),
          contained: total('contained'),
          containment: rate(total('contained'), total('conversations')),
          escalations: total('escalations'),
          questions: total('questions'),
          fallbacks: total('fallbacks'),
          fallbackRate: rate(total('fallbacks'), total('questions')),
        },
        escalationsByReason: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
        queueWait: percentiles(all.flatMap((t) => seconds(t.createdAt, t.firstAssignedAt) ?? [])),
        firstResponse: percentiles(all.flatMap((t) => seconds(t.firstAssignedAt, t.firstResponseAt) ?? [])),
        handleTime: percentiles(all.flatMap((t) => seconds(t.firstAssignedAt, t.endedAt) ?? [])),
        agents: [...agents]
          .map(([agentId, a]) => ({ agentId, name: a.name, tickets: a.tickets, rated: a.ratings.length, csat: average(a.ratings) }))
          .sort((a, b) => b.tickets - a.tickets || a.name.localeCompare(b.name)),
        csat: {
          average: average(ratings),
          count: ratings.length,
          distribution,
          comments: all
            .flatMap((t) => (t.rating !== null && t.ratingComment ? [{ ticketId: t.id, rating: t.rating, comment: t.ratingComment, agent: t.agentName, at: t.ratedAt }] : []))
            .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''))
            .slice(0, 100),
        },
      };
    },

    async articles(period: Period): Promise<ArticlePerformance[]> {
      const totals = await counts.totals({ from: period.from, to: period.to, metrics: ['articleShown', 'articlePicked', 'helpful', 'unhelpful', 'handoverAfterArticle'] });
      const counted = new Map(totals.map((t) => [`${t.metric}|${t.subject}`, t.count]));
      return content()
        .articles.map((a) => {
          const of = (metric: string) => counted.get(`${metric}|${a.id}`) ?? 0;
          const [shown, picked, helpful, unhelpful, handoversAfter] = [of('articleShown'), of('articlePicked'), of('helpful'), of('unhelpful'), of('handoverAfterArticle')];
          return { id: a.id, title: a.title, shown, picked, helpful, unhelpful, helpfulRate: rate(helpful, helpful + unhelpful), handoversAfter, trouble: rate(unhelpful + handoversAfter, shown) ?? 0 };
        })
        .sort((x, y) => y.trouble - x.trouble || y.shown - x.shown || x.id.localeCompare(y.id));
    },

    async flows(period: Period): Promise<FlowPerformance[]> {
      const rows = await counts.totals({ from: period.from, to: period.to, metrics: ['flowStarted', 'flowCompleted', 'flowHandover', 'flowLeft', 'flowStep'] });
      const sum = (metric: string, match: (r: (typeof rows)[number]) => boolean) => rows.reduce((n, r) => (r.metric === metric && match(r) ? n + r.count : n), 0);
      const steps = (metric: string, id: string) => {
        const found = new Map<string, number>();
        for (const r of rows) if (r.metric === metric && r.subject.startsWith(`${id}#`)) found.set(r.subject.slice(id.length + 1), (found.get(r.subject.slice(id.length + 1)) ?? 0) + r.count);
        return [...found].map(([step, count]) => ({ step, count })).sort((a, b) => b.count - a.count || a.step.localeCompare(b.step));
      };
      return content()
        .flows.map((f) => {
          const of = (metric: string) => sum(metric, (r) => r.subject === f.id);
          const started = of('flowStarted');
          const completed = of('flowCompleted');
          return { id: f.id, title: f.title, started, completed, completionRate: rate(completed, started), handovers: of('flowHandover'), leftAt: steps('flowLeft', f.id), reached: steps('flowStep', f.id) };
        })
        .sort((x, y) => (x.completionRate ?? 2) - (y.completionRate ?? 2) || y.started - x.started);
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
