import type { Dictionary } from '../knowledge/index.js';
import { normalizeText } from './normalizeText.js';

const latinEdge = /[a-z0-9]/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites every synonym, colloquialism, typo and English keyword to its canonical term, in
 * one left-to-right pass that prefers the longest match. Applied to articles and queries alike,
 * so both sides meet on one term instead of expanding queries.
 *
 * Canonical terms map to themselves so that a short variant never fires inside a longer
 * canonical term (电签 must not turn 电签机 into 电签机机). Latin variants only match whole words.
 */
export function createSynonymReplacer(dictionary: Dictionary): (normalized: string, fired?: (variant: string, canonical: string) => void) => string {
  const target = new Map<string, string>();
  for (const { canonical, variants } of dictionary.synonyms) {
    const c = normalizeText(canonical);
    target.set(c, c);
    for (const v of variants) target.set(normalizeText(v), c);
  }
  if (target.size === 0) return (s) => s;
  const alternatives = [...target.keys()]
    .sort((a, b) => b.length - a.length)
    .map((v) => {
      const before = latinEdge.test(v[0]!) ? '(?<![a-z0-9])' : '';
      const after = latinEdge.test(v.at(-1)!) ? '(?![a-z0-9])' : '';
      return `${before}${escape(v)}${after}`;
    });
  const pattern = new RegExp(alternatives.join('|'), 'g');
  // Spaces around a replacement keep "pin错了" from becoming one Latin-CJK blur for the tokenizer.
  return (s, fired) =>
    s
      .replace(pattern, (m) => {
        const canonical = target.get(m) ?? m;
        if (fired && canonical !== m) fired(m, canonical);
        return ` ${canonical} `;
      })
      .replace(/\s+/g, ' ')
      .trim();
}
