import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

/** One change the workspace made to a knowledge file, and who made it. */
export interface KnowledgeEdit {
  readonly file: string;
  readonly articleId?: string;
  readonly action: 'addQuestions' | 'createArticle';
  readonly detail?: unknown;
  readonly agentId: number;
  readonly agentName: string;
  readonly commit?: string;
  /** ISO-8601 */
  readonly createdAt: string;
}

export interface KnowledgeEditStore {
  record(edit: KnowledgeEdit): Promise<void>;
  /** The newest edits first, at most `limit`. */
  list(limit: number): Promise<(KnowledgeEdit & { readonly id: number })[]>;
}

export function createKnowledgeEditStore(db: Kysely<Database>): KnowledgeEditStore {
  return {
    async record(edit) {
      await guardStorage(`recording an edit of ${edit.file}`, () =>
        db
          .insertInto('knowledge_edits')
          .values({
            file: edit.file,
            article_id: edit.articleId ?? null,
            action: edit.action,
            detail: edit.detail === undefined ? null : JSON.stringify(edit.detail),
            agent_id: edit.agentId,
            agent_name: edit.agentName,
            commit_sha: edit.commit ?? null,
            created_at: edit.createdAt,
          })
          .execute(),
      );
    },
    async list(limit) {
      return guardStorage('listing knowledge edits', async () => {
        const rows = await db.selectFrom('knowledge_edits').selectAll().orderBy('id', 'desc').limit(limit).execute();
        return rows.map((r) => ({
          id: r.id,
          file: r.file,
          ...(r.article_id ? { articleId: r.article_id } : {}),
          action: r.action as KnowledgeEdit['action'],
          ...(r.detail ? { detail: JSON.parse(r.detail) as unknown } : {}),
          agentId: r.agent_id,
          agentName: r.agent_name,
          ...(r.commit_sha ? { commit: r.commit_sha } : {}),
          createdAt: r.created_at,
        }));
      });
    },
  };
}
