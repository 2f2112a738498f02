/** The server's limits on a ticket's tags (src/handoff/createTicketNotes.ts): checked here first so the agent hears at once. */
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 20;

/** Why a tag cannot be added, with what the wording needs. */
export type TagProblem =
  | { readonly code: 'TAG_TOO_LONG'; readonly params: { readonly max: number } }
  | { readonly code: 'TOO_MANY_TAGS'; readonly params: { readonly max: number } };

/** A tag as the server keeps it: trimmed, inner spaces collapsed. */
export const normalizeTag = (raw: string): string => raw.trim().replace(/\s+/g, ' ');

/**
 * The tags with one more typed in. An empty or repeated tag changes nothing (the same list
 * comes back, so the caller saves nothing); a too long one or an eleventh is a problem.
 */
export function addTag(tags: readonly string[], raw: string): { readonly tags: readonly string[] } | { readonly problem: TagProblem } {
  const tag = normalizeTag(raw);
  if (!tag || tags.includes(tag)) return { tags };
  // Characters, not UTF-16 units: 20 Chinese characters or emoji are 20.
  if (Array.from(tag).length > MAX_TAG_LENGTH) return { problem: { code: 'TAG_TOO_LONG', params: { max: MAX_TAG_LENGTH } } };
  if (tags.length >= MAX_TAGS) return { problem: { code: 'TOO_MANY_TAGS', params: { max: MAX_TAGS } } };
  return { tags: [...tags, tag] };
}

/** The tags without one. */
export function removeTag(tags: readonly string[], tag: string): readonly string[] {
  return tags.filter((t) => t !== tag);
}
