import type { Period } from '../shared/Period.js';

/**
 * What `GET /api/agent/reports` answers (src/reports/createReports.ts builds it). The server is
 * trusted to send this shape; rates are 0..1 rounded to three decimals, null without a whole.
 */
export interface DayRow {
  readonly day: string;
  readonly channel: string;
  readonly conversations: number;
  /** Conversations that ended without a person. */
  readonly contained: number;
  readonly containment: number | null;
  readonly escalations: number;
  readonly questions: number;
  readonly fallbacks: number;
  readonly fallbackRate: number | null;
}

/** Seconds at the median and the 90th percentile (null when nothing was measured), and how many. */
export interface Spread {
  readonly p50: number | null;
  readonly p90: number | null;
  readonly count: number;
}

export const ratings = ['1', '2', '3', '4', '5'] as const;
export type Rating = (typeof ratings)[number];

export interface AgentRow {
  readonly agentId: number;
  readonly name: string;
  readonly tickets: number;
  readonly rated: number;
  readonly csat: number | null;
}

/** What a user said about a low rating. */
export interface CommentRow {
  readonly ticketId: number;
  readonly rating: number;
  readonly comment: string;
  readonly agent: string | null;
  readonly at: string | null;
}

export interface ReasonRow {
  readonly reason: string;
  readonly count: number;
}

export interface SupervisorReport {
  readonly period: Period;
  /** The zone whose days the report counts (the service's, e.g. Asia/Shanghai). */
  readonly timeZone: string;
  /** One row per day and channel that had anything; days without are left out. */
  readonly days: readonly DayRow[];
  readonly totals: Omit<DayRow, 'day' | 'channel'>;
  readonly escalationsByReason: readonly ReasonRow[];
  readonly queueWait: Spread;
  readonly firstResponse: Spread;
  readonly handleTime: Spread;
  readonly agents: readonly AgentRow[];
  readonly csat: {
    readonly average: number | null;
    readonly count: number;
    readonly distribution: Readonly<Record<Rating, number>>;
    /** Newest first; absent from older servers. */
    readonly comments?: readonly CommentRow[];
  };
}

/** The tables the server gives as CSV: /api/agent/reports/{table}.csv. */
export type ReportTable = 'days' | 'reasons' | 'agents' | 'csat' | 'comments';
