import { pinyin } from 'pinyin-pro';

export interface PinyinConverterOptions {
  /** Chinese words the converter may produce, with how often each occurs (ties go to the frequent one). */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Latin words that are English or codes, never pinyin (pos, app, sim, pin, the). */
  readonly keepLatin: ReadonlySet<string>;
  /** Fewest Chinese characters a conversion must produce; one syllable alone is too ambiguous. */
  readonly minChars?: number;
}

export interface PinyinConverter {
  /** Rewrites runs of Latin letters that are pinyin of known words; English passes through. */
  convertLatin(normalized: string): string;
  /** Known words spelling exactly these toneless pinyin letters, fewest words first; undefined if none. */
  toWords(letters: string): string[] | undefined;
}

const MAX_KEY = 36;
const HAN_WORD = /^[\u3400-\u9fff]{1,8}$/u;

/** Toneless pinyin letters of a Chinese text: 密码 -> mima. */
export function pinyinLetters(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).join('');
}

/**
 * Turns toneless pinyin that users type without an input method (`mima cuowu`, `yajintui`)
 * into the knowledge base's own words (密码 错误, 押金 退). Only a run that segments completely
 * into known words (or their characters) is converted, so English and gibberish pass through.
 */
export function createPinyinConverter({ vocabulary, keepLatin, minChars = 2 }: PinyinConverterOptions): PinyinConverter {
  const lexicon = new Map<string, { word: string; freq: number }>();
  const add = (word: string, freq: number, key = pinyinLetters(word)) => {
    const known = lexicon.get(key);
    // A whole word beats a single character that sounds the same; then the more frequent wins.
    if (!known || (word.length > known.word.length && known.word.length === 1) || (word.length === known.word.length && freq > known.freq)) {
      lexicon.set(key, { word, freq });
    }
  };
  const chars = new Map<string, number>();
  for (const [word, freq] of vocabulary) {
    if (!HAN_WORD.test(word)) continue;
    add(word, freq);
    for (const c of word) chars.set(c, (chars.get(c) ?? 0) + freq);
  }
  // A character alone may be read several ways (了: le, liao); users type any of them.
  for (const [c, freq] of chars) for (const key of pinyin(c, { toneType: 'none', type: 'array', multiple: true, v: true })) add(c, freq, key);

  const toWords = (letters: string): string[] | undefined => {
    // best[i]: fewest words covering letters[0, i); ties broken by total frequency.
    const best: ({ words: string[]; freq: number } | undefined)[] = [{ words: [], freq: 0 }];
    for (let i = 0; i < letters.length; i++) {
      const from = best[i];
      if (!from) continue;
      for (let j = i + 1; j <= Math.min(letters.length, i + MAX_KEY); j++) {
        const hit = lexicon.get(letters.slice(i, j));
        if (!hit) continue;
        const candidate = { words: [...from.words, hit.word], freq: from.freq + hit.freq };
        const current = best[j];
        if (!current || candidate.words.length < current.words.length || (candidate.words.length === current.words.length && candidate.freq > current.freq)) {
          best[j] = candidate;
        }
      }
    }
    return best[letters.length]?.words;
  };

  const convertLatin = (text: string) =>
    text.replace(/[a-z]+(?: [a-z]+)*/g, (run) => {
      const out: string[] = [];
      let group: string[] = [];
      const flush = () => {
        if (group.length === 0) return;
        const words = toWords(group.join(''));
        out.push(words && words.join('').length >= minChars ? words.join(' ') : group.join(' '));
        group = [];
      };
      for (const word of run.split(' ')) {
        if (keepLatin.has(word)) {
          flush();
          out.push(word);
        } else {
          group.push(word);
        }
      }
      flush();
      return out.join(' ');
    });

  return { convertLatin, toWords };
}
