import type { KbArticle } from './Ticket.js';

/** What "插入" puts into the composer: the title in bold, a blank line, the answer, for the agent to edit. */
export function articleSnippet(article: Pick<KbArticle, 'title' | 'answer'>): string {
  return `**${article.title.trim()}**\n\n${article.answer.trim()}`;
}

/** The composer's text with a snippet added: it replaces an empty draft and follows a written one after a blank line. */
export function insertSnippet(draft: string, snippet: string): string {
  return draft.trim() === '' ? snippet : `${draft.replace(/\s+$/, '')}\n\n${snippet}`;
}
