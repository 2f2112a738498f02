import { createApiClient, type FetchLike, type SessionApi } from '../shared/createApiClient.js';
import type { Period } from '../shared/Period.js';
import { withPeriod } from '../shared/periodQuery.js';
import type { ArticleList } from './ArticleList.js';
import type { AddResult, MissGroup, MissStatus } from './MissGroup.js';
import type { Performance, PerformanceTable } from './Performance.js';
import type { TurnExplanation } from './TurnExplanation.js';

/** The workspace's calls under /api/agent/workspace, for one cookie session (the console's sign-in). */
export interface WorkspaceApi extends SessionApi {
  /** How the bot would take `text` as the first message of a new conversation. */
  tryQuestion(text: string): Promise<TurnExplanation>;
  articles(): Promise<ArticleList>;
  misses(status: MissStatus): Promise<readonly MissGroup[]>;
  /**
   * Appends `questions` to the article's questions; rejects with CONFLICT (the file is no longer at
   * `version`) or INVALID_ARTICLE, their params naming the file.
   */
  addToArticle(groupId: number, articleId: string, questions: readonly string[], version?: string): Promise<AddResult>;
  ignoreMiss(groupId: number, reason: string): Promise<MissGroup>;
  /** The articles' and walkthroughs' figures for a period (the server's default, the last 30 days, without one). */
  performance(period?: Period): Promise<Performance>;
  /** Where a performance table downloads as CSV for the period (a same-origin link, so the cookie goes with it). */
  performanceCsvHref(table: PerformanceTable, period: Period): string;
}

const WORKSPACE = '/api/agent/workspace';

export function createWorkspaceApi({ fetch, base = '' }: { fetch: FetchLike; base?: string }): WorkspaceApi {
  const { call, login, me, logout } = createApiClient({ fetch, base });
  const missPath = (id: number, action: string) => `${WORKSPACE}/misses/${encodeURIComponent(String(id))}/${action}`;
  return {
    login,
    me,
    logout,
    tryQuestion: (text) => call<TurnExplanation>('POST', `${WORKSPACE}/try`, { text }),
    articles: () => call<ArticleList>('GET', `${WORKSPACE}/articles`),
    misses: async (status) => (await call<{ groups: MissGroup[] }>('GET', `${WORKSPACE}/misses?status=${encodeURIComponent(status)}`)).groups,
    addToArticle: (id, articleId, questions, version) => call<AddResult>('POST', missPath(id, 'add'), { articleId, questions, ...(version ? { version } : {}) }),
    ignoreMiss: async (id, reason) => (await call<{ group: MissGroup }>('POST', missPath(id, 'ignore'), { reason })).group,
    performance: (period) => call<Performance>('GET', withPeriod(`${WORKSPACE}/performance`, period)),
    performanceCsvHref: (table, period) => `${base}${withPeriod(`${WORKSPACE}/performance/${table}.csv`, period)}`,
  };
}
