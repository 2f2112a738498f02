import type { TestServer } from '../support/startServer.js';

/*
 * A seeded month of traffic for the reports page and the workspace's 表现, written straight into
 * the database as the bot and the desk would have left it (as test/reports/reports.e2e.test.ts
 * does), with the figures the pages should show worked out here, independently of the server.
 */

/** The seeded month: October, so it is never the default period (the 30 days to today). */
export const MONTH = { from: '2026-10-01', to: '2026-10-31' } as const;
const DAYS = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
const REASONS = ['用户要求转人工', '连续未能解答', '疑似诈骗'] as const;

export interface CountRow {
  readonly day: string;
  readonly channel: string;
  readonly metric: string;
  readonly subject: string;
  readonly count: number;
}

/** What the page should show for the month, per channel and in all. */
export interface Expected {
  readonly conversations: number;
  readonly escalations: number;
  /** contained / conversations, rounded to three decimals as the server sends it. */
  readonly containment: number;
  readonly waits: readonly number[];
  readonly ratings: readonly number[];
}

export interface SeededReports {
  readonly counts: readonly CountRow[];
  readonly all: Expected;
  readonly byChannel: Readonly<Record<string, Expected>>;
}

/** A small seeded generator: the same month on every run. */
function seeded(seed: number) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { random, between: (low: number, high: number) => low + Math.floor(random() * (high - low + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]! };
}

/** Nearest-rank percentile, as a supervisor would work it out by hand. */
export const nearestRank = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1]!;

/** Conversations, questions and fallbacks per day on Direct Line and WeChat, and the month's tickets. */
export async function seedReports(server: TestServer, agentIds: readonly number[]): Promise<SeededReports> {
  const db = server.runtime.database.db;
  const { random, between, pick } = seeded(20261031);
  const counts: CountRow[] = [];
  const tally: Record<string, { conversations: number; escalations: number; waits: number[]; ratings: number[] }> = {};
  let n = 0;
  for (const day of DAYS) {
    for (const [channel, low, high, most] of [
      ['directline', 20, 49, 5],
      ['wechat', 5, 19, 2],
    ] as const) {
      const t = (tally[channel] ??= { conversations: 0, escalations: 0, waits: [], ratings: [] });
      const conversations = between(low, high);
      const questions = conversations + between(0, conversations);
      const fallbacks = Math.floor(questions * random() * 0.25);
      t.conversations += conversations;
      counts.push({ day, channel, metric: 'conversations', subject: '', count: conversations }, { day, channel, metric: 'questions', subject: '', count: questions }, { day, channel, metric: 'fallbacks', subject: '', count: fallbacks });
      const tickets = between(0, most);
      for (let k = 0; k < tickets; k++) {
        // 10:00 in Beijing on that day (WeChat's half an hour later), a minute apart.
        const created = Date.parse(`${day}T02:${channel === 'wechat' ? '30' : '00'}:00.000Z`) + k * 60_000;
        const wait = between(5, 900);
        const reply = between(5, 120);
        const handle = between(60, 1800);
        const rating = random() < 0.7 ? between(1, 5) : null;
        t.escalations += 1;
        t.waits.push(wait);
        if (rating !== null) t.ratings.push(rating);
        await db
          .insertInto('tickets')
          .values({
            conversation_id: `seed-${n++}`,
            channel,
            user_id: null,
            user_name: null,
            locale: 'zh-CN',
            reason: pick(REASONS),
            priority: 'normal',
            state: 'closed',
            outcome: 'resolved',
            after_hours: 0,
            agent_id: pick(agentIds),
            created_at: new Date(created).toISOString(),
            updated_at: new Date(created).toISOString(),
            assigned_at: new Date(created + wait * 1000).toISOString(),
            first_assigned_at: new Date(created + wait * 1000).toISOString(),
            first_response_at: new Date(created + (wait + reply) * 1000).toISOString(),
            ended_at: new Date(created + (wait + handle) * 1000).toISOString(),
            rating,
            // Low ratings come with what the user said.
            rating_comment: rating !== null && rating <= 3 ? `等太久了 ${rating}` : null,
            rated_at: rating !== null ? new Date(created + (wait + handle + 60) * 1000).toISOString() : null,
            context: '{}',
            address: '{}',
          } as never)
          .execute();
      }
    }
  }
  await db.insertInto('daily_counts').values(counts).execute();

  const expected = (parts: readonly (typeof tally)[string][]): Expected => {
    const conversations = parts.reduce((s, p) => s + p.conversations, 0);
    const escalations = parts.reduce((s, p) => s + p.escalations, 0);
    // Every ticket is a conversation of its own, and no day has more tickets than conversations.
    return { conversations, escalations, containment: Math.round(((conversations - escalations) / conversations) * 1000) / 1000, waits: parts.flatMap((p) => p.waits), ratings: parts.flatMap((p) => p.ratings) };
  };
  return { counts, all: expected(Object.values(tally)), byChannel: Object.fromEntries(Object.entries(tally).map(([channel, t]) => [channel, expected([t])])) };
}

export interface SeededPerformance {
  readonly articles: Readonly<Record<string, { shown: number; picked: number; helpful: number; unhelpful: number; handoversAfter: number }>>;
  readonly flow: { readonly id: string; readonly started: number; readonly completed: number; readonly left: Readonly<Record<string, number>>; readonly reached: Readonly<Record<string, number>> };
}

/** Articles shown, voted on and followed by a person, and a walkthrough left at two steps, every day of the month. */
export async function seedPerformance(server: TestServer): Promise<SeededPerformance> {
  const db = server.runtime.database.db;
  const { between } = seeded(1031);
  const rows: CountRow[] = [];
  const articles: Record<string, { shown: number; picked: number; helpful: number; unhelpful: number; handoversAfter: number }> = {
    'pin-wrong': { shown: 0, picked: 0, helpful: 0, unhelpful: 0, handoversAfter: 0 },
    'deposit-refund': { shown: 0, picked: 0, helpful: 0, unhelpful: 0, handoversAfter: 0 },
  };
  const flow = { id: 'deposit-refund', started: 0, completed: 0, left: { kind: 0, received: 0 } as Record<string, number>, reached: { kind: 0, received: 0 } as Record<string, number> };
  const add = (day: string, metric: string, subject: string, count: number) => count > 0 && rows.push({ day, channel: 'directline', metric, subject, count });
  for (const day of DAYS) {
    // 押金 is asked about most and liked; the PIN article is shown less and often followed by a person.
    const figures = {
      'deposit-refund': { shown: between(8, 12), picked: between(0, 3), helpful: between(1, 4), unhelpful: 0, handoversAfter: 0 },
      'pin-wrong': { shown: between(3, 6), picked: between(0, 1), helpful: between(0, 1), unhelpful: between(1, 2), handoversAfter: between(0, 1) },
    };
    for (const [id, f] of Object.entries(figures)) {
      const a = articles[id]!;
      for (const key of ['shown', 'picked', 'helpful', 'unhelpful', 'handoversAfter'] as const) a[key] += f[key];
      add(day, 'articleShown', id, f.shown);
      add(day, 'articlePicked', id, f.picked);
      add(day, 'helpful', id, f.helpful);
      add(day, 'unhelpful', id, f.unhelpful);
      add(day, 'handoverAfterArticle', id, f.handoversAfter);
    }
    const started = between(3, 5);
    const leftAtKind = between(0, 1);
    const received = started - leftAtKind;
    const leftAtReceived = between(0, 1);
    flow.started += started;
    flow.completed += received - leftAtReceived;
    flow.reached.kind! += started;
    flow.reached.received! += received;
    flow.left.kind! += leftAtKind;
    flow.left.received! += leftAtReceived;
    add(day, 'flowStarted', flow.id, started);
    add(day, 'flowCompleted', flow.id, received - leftAtReceived);
    add(day, 'flowStep', `${flow.id}#kind`, started);
    add(day, 'flowStep', `${flow.id}#received`, received);
    add(day, 'flowLeft', `${flow.id}#kind`, leftAtKind);
    add(day, 'flowLeft', `${flow.id}#received`, leftAtReceived);
  }
  await db.insertInto('daily_counts').values(rows).execute();
  return { articles, flow };
}
