import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

/** One increment of a daily count. */
export interface CountIncrement {
  /** YYYY-MM-DD in the service time zone. */
  readonly day: string;
  readonly channel: string;
  readonly metric: string;
  readonly subject?: string;
  readonly by?: number;
}

export interface DailyCount {
  readonly day: string;
  readonly channel: string;
  readonly metric: string;
  readonly subject: string;
  readonly count: number;
}

export interface DailyCountStore {
  /** Adds to the counts, one statement per distinct count (an upsert, safe with concurrent writers). */
  add(increments: readonly CountIncrement[]): Promise<void>;
  /** The counts of days from..to summed per metric and subject, added up in SQL. */
  totals(options: { readonly from: string; readonly to: string; readonly metrics: readonly string[] }): Promise<Omit<DailyCount, 'day' | 'channel'>[]>;
  /** The counts of days from..to (inclusive, YYYY-MM-DD), for these metrics (all when omitted). */
  read(options: { readonly from: string; readonly to: string; readonly metrics?: readonly string[]; readonly channel?: string }): Promise<DailyCount[]>;
}

/** Daily counts in `daily_counts`: the rollups reports read instead of scanning messages. */
export function createDailyCountStore(db: Kysely<Database>): DailyCountStore {
  return {
    async add(increments) {
      if (increments.length === 0) return;
      const merged = new Map<string, Required<CountIncrement>>();
      for (const i of increments) {
        const whole = { day: i.day, channel: i.channel, metric: i.metric, subject: i.subject ?? '', by: i.by ?? 1 };
        const key = `${whole.day}\u0000${whole.channel}\u0000${whole.metric}\u0000${whole.subject}`;
        const seen = merged.get(key);
        merged.set(key, seen ? { ...seen, by: seen.by + whole.by } : whole);
      }
      await guardStorage('counting', async () => {
        await db
          .insertInto('daily_counts')
          .values([...merged.values()].map(({ day, channel, metric, subject, by }) => ({ day, channel, metric, subject, count: by })))
          .onConflict((oc) => oc.columns(['day', 'channel', 'metric', 'subject']).doUpdateSet({ count: sql`daily_counts.count + excluded.count` }))
          .execute();
      });
    },

    async totals({ from, to, metrics }) {
      if (metrics.length === 0) return [];
      return guardStorage('adding up daily counts', async () => {
        const rows = await db
          .selectFrom('daily_counts')
          .select((eb) => ['metric', 'subject', eb.fn.sum<number | string>('count').as('count')])
          .where('day', '>=', from)
          .where('day', '<=', to)
          .where('metric', 'in', metrics)
          .groupBy(['metric', 'subject'])
          .execute();
        // PostgreSQL returns sum() as a string (numeric); SQLite as a number.
        return rows.map((r) => ({ metric: r.metric, subject: r.subject, count: Number(r.count) }));
      });
    },

    async read({ from, to, metrics, channel }) {
      return guardStorage('reading daily counts', async () => {
        let query = db.selectFrom('daily_counts').selectAll().where('day', '>=', from).where('day', '<=', to);
        if (metrics && metrics.length > 0) query = query.where('metric', 'in', metrics);
        if (channel) query = query.where('channel', '=', channel);
        const rows = await query.orderBy('day').orderBy('channel').orderBy('metric').orderBy('subject').execute();
        return rows.map((r) => ({ ...r, count: Number(r.count) }));
      });
    },
  };
}
