/** What `GET /api/agent/workspace/articles` answers: the articles and flows serving now. */
export interface ArticleSummary {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  /** How many phrasings of the question it has. */
  readonly questions: number;
  /** When an editor last changed it (YYYY-MM-DD), if the article says. */
  readonly updated?: string | null;
}

export interface ArticleList {
  /** When the knowledge base was loaded. */
  readonly version: string;
  readonly articles: readonly ArticleSummary[];
  readonly flows: readonly { readonly id: string; readonly title: string }[];
}
