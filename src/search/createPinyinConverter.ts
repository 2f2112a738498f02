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
  /**
   * Known words spelling exactly these toneless pinyin letters, fewest words first; undefined if
   * none. Given syllables, words start and end only at their boundaries: shang ge yue is never
   * read as shang ge yu e.
   */
  toWords(letters: string | readonly string[]): string[] | undefined;
}

const MAX_KEY = 36;
const HAN_WORD = /^[\u3400-\u9fff]{1,8}$/u;

/** Toneless pinyin syllables of a Chinese text: 密码 -> [mi, ma]. */
export function pinyinSyllables(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' });
}

/** Toneless pinyin letters of a Chinese text: 密码 -> mima. */
export function pinyinLetters(text: string): string {
  return pinyinSyllables(text).join('');
}

/**
 * Turns toneless pinyin that users type without an input method (`mima cuowu`, `yajintui`)
 * into the knowledge base's own words (密码 错误, 押金 退). Only a run that segments completely
 * into known words (or their characters) is converted, so English and gibberish pass through.
 */
export function createPinyinConverter({ vocabulary, keepLatin, minChars = 2 }: PinyinConverterOptions): PinyinConverter {
  // Typed pinyin is looked up by its letters (yajin); Chinese text, by its syllables (ya jin), so
  // 上个月 (shang ge yue) never meets 余额 (yu e).
  const lexicon = new Map<string, { word: string; freq: number }>();
  const add = (word: string, freq: number, syllables = pinyinSyllables(word)) => {
    // The syllable key is marked so that one syllable (yue) never meets a word's letters (yu e).
    for (const key of [syllables.join(''), `'${syllables.join(' ')}`]) {
      const known = lexicon.get(key);
      // A whole word beats a single character that sounds the same; then the more frequent wins.
      if (!known || (word.length > known.word.length && known.word.length === 1) || (word.length === known.word.length && freq > known.freq)) {
        lexicon.set(key, { word, freq });
      }
    }
  };
  const chars = new Map<string, number>();
  for (const [word, freq] of vocabulary) {
    if (!HAN_WORD.test(word)) continue;
    add(word, freq);
    for (const c of word) chars.set(c, (chars.get(c) ?? 0) + freq);
  }
  // A character alone may be read several ways (了: le, liao); users type any of them.
  for (const [c, freq] of chars) for (const key of pinyin(c, { toneType: 'none', type: 'array', multiple: true, v: true })) add(c, freq, [key]);

  const toWords = (letters: string | readonly string[]): string[] | undefined => {
    // Pieces a word may not split: letters of typed pinyin, or the syllables of Chinese text.
    const pieces = typeof letters === 'string' ? Array.from(letters) : letters;
    const glue = typeof letters === 'string' ? '' : ' ';
    // best[i]: fewest words covering pieces[0, i); ties broken by total frequency.
    const best: ({ words: string[]; freq: number } | undefined)[] = [{ words: [], freq: 0 }];
    for (let i = 0; i < pieces.length; i++) {
      const from = best[i];
      if (!from) continue;
      let key = glue === '' ? '' : "'";
      for (let j = i + 1; j <= pieces.length; j++) {
        key += (j > i + 1 ? glue : '') + pieces[j - 1];
        if (key.length > MAX_KEY) break;
        const hit = lexicon.get(key);
        if (!hit) continue;
        const candidate = { words: [...from.words, hit.word], freq: from.freq + hit.freq };
        const current = best[j];
        if (!current || candidate.words.length < current.words.length || (candidate.words.length === current.words.length && candidate.freq > current.freq)) {
          best[j] = candidate;
        }
      }
    }
    return best[pieces.length]?.words;
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
