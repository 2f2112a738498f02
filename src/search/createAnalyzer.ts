import type { Dictionary } from '../knowledge/index.js';
import { createPinyinConverter, pinyinSyllables, type PinyinConverter } from './createPinyinConverter.js';
import { createSynonymReplacer } from './createSynonymReplacer.js';
import { normalizeText } from './normalizeText.js';
import { createSegmenter, type Segmenter, type SegmenterKind } from './segmenters.js';

/** One meaningful piece of a query (a word), with the index terms that stand for it. */
export interface QueryUnit {
  readonly text: string;
  readonly terms: readonly string[];
}

/** A rewrite the analyzer made of a query, for editors: which dictionary rule fired. */
export interface AnalyzerRule {
  /** pinyin: toneless pinyin read as Chinese; synonym: a variant mapped to its canonical term; homophone: a wrong character of the right sound. */
  readonly kind: 'pinyin' | 'synonym' | 'homophone';
  readonly from: string;
  readonly to: string;
}

/** How a query was read, step by step, for editors ("try a question"). */
export interface AnalyzerExplanation {
  /** Full-width folded, lower-cased, Traditional turned Simplified. */
  readonly normalized: string;
  /** What gets segmented: after pinyin, synonyms and homophone repair. */
  readonly canonical: string;
  readonly rules: readonly AnalyzerRule[];
  readonly units: readonly QueryUnit[];
}

/** Text in, index terms out: the one place where indexing and querying agree on what a word is. */
export interface Analyzer {
  readonly segmenter: SegmenterKind;
  /** Canonical synonym terms and dictionary words: the domain's own vocabulary. */
  readonly domainWords: ReadonlySet<string>;
  /** The normalized, pinyin-converted, synonym-mapped text that gets segmented. */
  canonicalize(text: string): string;
  /** Meaningful units of a query, filler dropped, deduplicated. */
  analyze(text: string): QueryUnit[];
  /** `analyze`, with every step and rule shown. */
  explain(text: string): AnalyzerExplanation;
  /** Every index term of a document field, repeated as often as it occurs. */
  tokenize(text: string): string[];
}

export interface AnalyzerOptions {
  readonly dictionary: Dictionary;
  /** Texts whose words the pinyin converter may produce (the articles). */
  readonly vocabularyTexts?: Iterable<string>;
  /** Word segmentation for Han text. Default `jieba` (chosen by `npm run eval`, see README). */
  readonly segmenter?: SegmenterKind;
}

const HAN = /\p{Script=Han}/u;
const RUN = /\p{Script=Han}+|[a-z]+|\d+/gu;

/**
 * Builds the analyzer for one knowledge base: full-width and case folding, Traditional to
 * Simplified, pinyin to Chinese, synonyms to canonical terms, word segmentation, filler removal,
 * bigrams inside long words and across unknown single characters, and response codes
 * (a two-digit number `55` becomes the term `rc55`).
 */
export function createAnalyzer({ dictionary, vocabularyTexts = [], segmenter = 'jieba' }: AnalyzerOptions): Analyzer {
  const synonyms = createSynonymReplacer(dictionary);
  const filler = new Set(dictionary.filler.map(normalizeText));
  const canonicals = dictionary.synonyms.map((s) => normalizeText(s.canonical));
  const userWords = [...canonicals, ...dictionary.words.map(normalizeText), ...filler];
  const segment = createSegmenter(segmenter, userWords);
  const bigramsOnly = segmenter === 'bigram';

  const unitsOf = (canonical: string): QueryUnit[] => {
    const units: QueryUnit[] = [];
    for (const [run] of canonical.matchAll(RUN)) {
      if (HAN.test(run)) units.push(...hanUnits(run, segment, filler, bigramsOnly));
      else if (/^\d+$/.test(run)) {
        if (run.length === 2) units.push({ text: run, terms: [`rc${run}`] });
        else if (run.length > 2) units.push({ text: run, terms: [run] });
      } else if (!filler.has(run)) units.push({ text: run, terms: [run] });
    }
    return units;
  };

  // Pinyin conversion needs to know the knowledge base's words, which needs segmentation first.
  const vocabulary = new Map<string, number>();
  const keepLatin = new Set<string>(filler);
  const count = (word: string, n = 1) => vocabulary.set(word, (vocabulary.get(word) ?? 0) + n);
  for (const text of vocabularyTexts) {
    for (const unit of unitsOf(synonyms(normalizeText(text)))) {
      if (HAN.test(unit.text)) count(unit.text);
      else keepLatin.add(unit.text);
    }
  }
  for (const group of dictionary.synonyms) {
    for (const term of [group.canonical, ...group.variants].map(normalizeText)) {
      if (HAN.test(term)) count(term);
      // Only whole English words: the e of e-signature must not stop "xian e" from being pinyin.
      else for (const w of term.split(/[^a-z]+/)) if (w.length > 1) keepLatin.add(w);
    }
  }
  for (const w of [...dictionary.words, ...dictionary.filler].map(normalizeText)) if (HAN.test(w)) count(w);
  const pinyin = createPinyinConverter({ vocabulary, keepLatin });

  type Fired = (rule: AnalyzerRule) => void;
  const fromPinyin = (normalized: string, fired?: Fired) =>
    fired
      ? normalized.replace(/[a-z]+(?: [a-z]+)*/g, (run) => {
          const converted = pinyin.convertLatin(run);
          if (converted !== run) fired({ kind: 'pinyin', from: run, to: converted });
          return converted;
        })
      : pinyin.convertLatin(normalized);
  const canonicalize = (text: string, fired?: Fired) =>
    synonyms(fromPinyin(normalizeText(text), fired), fired && ((from, to) => fired({ kind: 'synonym', from, to })));
  const repair = (canonical: string, fired?: Fired) =>
    bigramsOnly
      ? canonical
      : synonyms(
          canonical.replace(/\p{Script=Han}+/gu, (run) => repairHomophones(segment(run), vocabulary, pinyin, fired && ((from, to) => fired({ kind: 'homophone', from, to })))),
          fired && ((from, to) => fired({ kind: 'synonym', from, to })),
        );
  const analyze = (text: string, fired?: Fired) => {
    const seen = new Map<string, QueryUnit>();
    for (const unit of unitsOf(repair(canonicalize(text, fired), fired))) if (!seen.has(unit.text)) seen.set(unit.text, unit);
    return [...seen.values()];
  };
  return {
    segmenter,
    domainWords: new Set(userWords.filter((w) => !filler.has(w))),
    canonicalize: (text) => canonicalize(text),
    analyze: (text) => analyze(text),
    explain(text) {
      const rules: AnalyzerRule[] = [];
      const units = analyze(text, (rule) => rules.push(rule));
      return { normalized: normalizeText(text), canonical: repair(canonicalize(text)), rules, units };
    },
    tokenize(text) {
      return unitsOf(canonicalize(text)).flatMap((u) => u.terms);
    },
  };
}

function hanUnits(run: string, segment: Segmenter, filler: ReadonlySet<string>, bigramsOnly: boolean): QueryUnit[] {
  const words = segment(run);
  if (bigramsOnly) return words.map((w) => ({ text: w, terms: [w] }));
  const units: QueryUnit[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (filler.has(word)) continue;
    const terms = [word, ...bigrams(word)];
    // Unknown words come out of the segmenter as single characters (压|金, 电|签): pair each with
    // its neighbours so the unit still meets a word that contains them.
    if (word.length === 1) {
      const prev = words[i - 1];
      const next = words[i + 1];
      if (prev?.length === 1 && !filler.has(prev)) terms.push(prev + word);
      if (next?.length === 1 && !filler.has(next)) terms.push(word + next);
    }
    units.push({ text: word, terms });
  }
  return units;
}

/**
 * Typing by pinyin input method, users pick the wrong character of the right sound (审合 for
 * 审核, 过其 for 过期, 被道刷 for 被盗刷). A query word the knowledge base has never seen is
 * re-spelled from its sound, together with up to two neighbours, and replaced when that yields a
 * new multi-character word the knowledge base does know. Only queries are repaired, never articles.
 */
function repairHomophones(words: readonly string[], vocabulary: ReadonlyMap<string, number>, pinyin: PinyinConverter, fired?: (from: string, to: string) => void): string {
  const out = [...words];
  const known = (w: string) => vocabulary.has(w) || !HAN.test(w);
  for (let i = 0; i < out.length; i++) {
    if (known(out[i]!)) continue;
    let j = i;
    while (j + 1 < out.length && !known(out[j + 1]!)) j++;
    let next = j;
    for (const [from, to] of [[i - 2, j + 1], [i - 1, j + 1], [i - 2, j], [i - 1, j], [i, j + 1], [i, j]] as const) {
      if (from < 0 || to >= out.length) continue;
      const original = out.slice(from, to + 1);
      const respelled = pinyin.toWords(pinyinSyllables(original.join('')));
      // A repair joins characters into a word (审|合 -> 审核); one that scatters words into single
      // characters (签 合同 时候 -> 钱 核 同时 后) is a coincidence of sounds, not a typo.
      const singles = (ws: readonly string[]) => ws.filter((w) => Array.from(w).length === 1).length;
      if (respelled?.some((w) => w.length > 1 && !original.includes(w)) && singles(respelled) <= singles(original)) {
        fired?.(original.join(''), respelled.join(''));
        out.splice(from, to - from + 1, respelled.join(' '));
        next = from;
        break;
      }
    }
    i = next;
  }
  return out.join(' ');
}

function bigrams(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length < 3) return [];
  return chars.slice(1).map((c, i) => chars[i] + c);
}
