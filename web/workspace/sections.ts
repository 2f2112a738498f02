/** The workspace's parts, in the order its nav shows them; each is an address (#try, #misses, #articles, #performance). */
export const sections = ['try', 'misses', 'articles', 'performance'] as const;
export type Section = (typeof sections)[number];

/** The part an address names (`#misses`); the first one for anything else. */
export function sectionFromHash(hash: string): Section {
  const name = hash.replace(/^#/, '');
  return (sections as readonly string[]).includes(name) ? (name as Section) : 'try';
}
