import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Splits one run of Han characters into words. */
export type Segmenter = (hanRun: string) => string[];

export type SegmenterKind = 'jieba' | 'icu' | 'bigram';

/**
 * jieba with its default dictionary plus the knowledge base's own words (canonical synonyms,
 * domain terms), so 电签机 and 保证金 stay whole. HMM is off: guessing unknown words merges
 * typos with their neighbours (说密, 没退), which the bigrams below handle better.
 */
export function createJiebaSegmenter(userWords: Iterable<string>): Segmenter {
  const jieba = Jieba.withDict(dict);
  const lines = [...new Set(userWords)].filter((w) => /[\u3400-\u9fff]/u.test(w)).map((w) => `${w} 200000 n`);
  if (lines.length > 0) jieba.loadDict(Buffer.from(lines.join('\n'), 'utf8'));
  return (run) => jieba.cut(run, false);
}

/** ICU word boundaries (Intl.Segmenter): no dictionary of ours, kept for measurement. */
export function createIcuSegmenter(): Segmenter {
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return (run) => Array.from(segmenter.segment(run), (s) => s.segment);
}

/** Overlapping character bigrams, no dictionary at all: the classic baseline. */
export function createBigramSegmenter(): Segmenter {
  return (run) => {
    const chars = Array.from(run);
    if (chars.length < 2) return chars;
    return chars.slice(1).map((c, i) => chars[i] + c);
  };
}

export function createSegmenter(kind: SegmenterKind, userWords: Iterable<string>): Segmenter {
  switch (kind) {
    case 'jieba':
      return createJiebaSegmenter(userWords);
    case 'icu':
      return createIcuSegmenter();
    case 'bigram':
      return createBigramSegmenter();
  }
}
