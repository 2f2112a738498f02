import type { ArticleSummary } from './ArticleList.js';

/**
 * The articles that match what was typed: every word of it (spaces between words) in the id, the
 * title or the category, ignoring case. Empty text keeps them all, in the server's order.
 */
export function filterArticles(articles: readonly ArticleSummary[], text: string): ArticleSummary[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...articles];
  return articles.filter((a) => {
    const haystack = `${a.id}\n${a.title}\n${a.category}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
