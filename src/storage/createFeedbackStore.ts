import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

/** One vote on whether an article answered the question. */
export interface FeedbackVote {
  readonly conversationId: string;
  readonly articleId: string;
  readonly helpful: boolean;
  /** ISO-8601 */
  readonly createdAt: string;
}

/** The votes on one article. */
export interface ArticleFeedback {
  readonly articleId: string;
  readonly helpful: number;
  readonly unhelpful: number;
}

export interface FeedbackStore {
  /** Keeps one vote. */
  record(vote: FeedbackVote): Promise<void>;
  /** Vote counts per article that has any, by article id. */
  summary(): Promise<ArticleFeedback[]>;
}

/** Article feedback in the `feedback` table (`helpful` stored as 0/1). */
export function createFeedbackStore(db: Kysely<Database>): FeedbackStore {
  return {
    async record({ conversationId, articleId, helpful, createdAt }) {
      await guardStorage(`recording feedback on ${articleId}`, async () => {
        await db
          .insertInto('feedback')
          .values({ conversation_id: conversationId, article_id: articleId, helpful: helpful ? 1 : 0, created_at: createdAt })
          .execute();
      });
    },

    async summary() {
      return guardStorage('summarising feedback', async () => {
        const rows = await db
          .selectFrom('feedback')
          .select((eb) => ['article_id', eb.fn.sum<number | string>('helpful').as('helpful'), eb.fn.countAll().as('votes')])
          .groupBy('article_id')
          .orderBy('article_id', 'asc')
          .execute();
        // PostgreSQL returns sum() and count() as strings (bigint/numeric); SQLite as numbers.
        return rows.map(({ article_id, helpful, votes }) => ({
          articleId: article_id,
          helpful: Number(helpful),
          unhelpful: Number(votes) - Number(helpful),
        }));
      });
    },
  };
}
