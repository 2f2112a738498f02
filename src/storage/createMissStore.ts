import type { Kysely } from 'kysely';
import type { Database, MissKind, MissStatus } from './schema.js';
import { guardStorage } from './StorageError.js';

/** A message the bot missed, as the bot records it: redacted text only. */
export interface NewMiss {
  readonly channel: string;
  readonly conversationId: string;
  readonly kind: MissKind;
  readonly text: string;
  readonly articleId?: string;
  /** ISO-8601 */
  readonly createdAt: string;
}

/** How an editor settled a miss. */
export type MissResolution = { readonly kind: 'added'; readonly articleId: string; readonly answersNow: boolean } | { readonly kind: 'ignored'; readonly reason: string };

export interface StoredMiss extends NewMiss {
  readonly id: number;
  readonly status: MissStatus;
  readonly resolution: MissResolution | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
}

export interface MissStore {
  /** Keeps a miss; returns its id. */
  record(miss: NewMiss): Promise<number>;
  /** Forgets a miss that turned out not to be one (the user picked an offered article after all). */
  remove(id: number): Promise<void>;
  /** Misses in these states, newest first, at most `limit`. */
  list(options: { readonly status: MissStatus; readonly limit: number }): Promise<StoredMiss[]>;
  /** Settles the given open misses; says how many were still open. */
  resolve(ids: readonly number[], settled: { readonly status: Exclude<MissStatus, 'open'>; readonly resolution: MissResolution; readonly by: string; readonly at: string }): Promise<number>;
}

/** Misses in the `misses` table. The store never reads the clock: callers give every time. */
export function createMissStore(db: Kysely<Database>): MissStore {
  return {
    async record({ channel, conversationId, kind, text, articleId, createdAt }) {
      return guardStorage('recording a miss', async () => {
        const row = await db
          .insertInto('misses')
          .values({ channel, conversation_id: conversationId, kind, text, article_id: articleId ?? null, created_at: createdAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
    },

    async remove(id) {
      await guardStorage(`removing miss ${id}`, () => db.deleteFrom('misses').where('id', '=', id).where('status', '=', 'open').execute());
    },

    async list({ status, limit }) {
      return guardStorage('listing misses', async () => {
        const rows = await db.selectFrom('misses').selectAll().where('status', '=', status).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
        return rows.map((row) => ({
          id: row.id,
          channel: row.channel,
          conversationId: row.conversation_id,
          kind: row.kind,
          text: row.text,
          ...(row.article_id ? { articleId: row.article_id } : {}),
          createdAt: row.created_at,
          status: row.status,
          resolution: row.resolution ? (JSON.parse(row.resolution) as MissResolution) : null,
          resolvedBy: row.resolved_by,
          resolvedAt: row.resolved_at,
        }));
      });
    },

    async resolve(ids, { status, resolution, by, at }) {
      if (ids.length === 0) return 0;
      return guardStorage('settling misses', async () => {
        const result = await db
          .updateTable('misses')
          .set({ status, resolution: JSON.stringify(resolution), resolved_by: by, resolved_at: at })
          .where('id', 'in', ids)
          .where('status', '=', 'open')
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      });
    },
  };
}
