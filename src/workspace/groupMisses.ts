import type { MissKind, StoredMiss } from '../storage/index.js';

/** Similar misses as one row of the inbox. */
export interface MissGroup {
  /** The id of the group's first miss: actions name the group by it. */
  readonly id: number;
  /** The most frequent wording. */
  readonly text: string;
  readonly count: number;
  readonly kinds: Readonly<Record<MissKind, number>>;
  /** Other wordings, most frequent first, at most five. */
  readonly examples: readonly string[];
  /** ISO-8601 */
  readonly firstAt: string;
  readonly lastAt: string;
  readonly memberIds: readonly number[];
}

/** Two wordings whose words overlap this much (Jaccard) are one question asked two ways. */
export const SAME_QUESTION = 0.5;

/**
 * Groups misses: identical wordings first (after `key`, which drops spacing and punctuation), then
 * wordings whose analysed words overlap by at least {@link SAME_QUESTION}, joined to the largest
 * group they resemble. `words` is the search's own analysis, so 密马 and 密码 are one word here too.
 * Largest groups first.
 */
export function groupMisses(misses: readonly StoredMiss[], key: (text: string) => string, words: (text: string) => readonly string[]): MissGroup[] {
  const byWording = new Map<string, StoredMiss[]>();
  for (const miss of misses) {
    const k = key(miss.text) || miss.text;
    byWording.set(k, [...(byWording.get(k) ?? []), miss]);
  }
  const wordings = [...byWording.values()].sort((a, b) => b.length - a.length || a[0]!.id - b[0]!.id);
  const groups: { words: Set<string>; wordings: StoredMiss[][] }[] = [];
  for (const wording of wordings) {
    const mine = new Set(words(wording[0]!.text));
    const home = mine.size === 0 ? undefined : groups.find((g) => jaccard(g.words, mine) >= SAME_QUESTION);
    if (home) home.wordings.push(wording);
    else groups.push({ words: mine, wordings: [wording] });
  }
  return groups
    .map(({ wordings: [first, ...rest] }) => {
      const all = [first!, ...rest].flat();
      const kinds: Record<MissKind, number> = { noAnswer: 0, unpicked: 0, thumbsDown: 0, askedPerson: 0 };
      for (const miss of all) kinds[miss.kind] += 1;
      const times = all.map((m) => m.createdAt).sort();
      return {
        id: Math.min(...all.map((m) => m.id)),
        text: first![0]!.text,
        count: all.length,
        kinds,
        examples: rest.map((w) => w[0]!.text).slice(0, 5),
        firstAt: times[0]!,
        lastAt: times.at(-1)!,
        memberIds: all.map((m) => m.id),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
