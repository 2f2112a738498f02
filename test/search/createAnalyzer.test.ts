import { describe, expect, it } from 'vitest';
import { emptyDictionary, type Dictionary } from '../../src/knowledge/index.js';
import { createAnalyzer } from '../../src/search/index.js';
import { createPinyinConverter } from '../../src/search/createPinyinConverter.js';

const dictionary: Dictionary = {
  synonyms: [
    { canonical: '押金', variants: ['冻结金', '保证金', '压金', 'deposit'] },
    { canonical: '密码', variants: ['pin', '密吗'] },
    { canonical: '电签机', variants: ['电签', '电签版', '电签pos机'] },
    { canonical: '刷卡', variants: ['刷ka', '消费'] },
    { canonical: '退', variants: ['退还', 'refund'] },
    { canonical: '错误', variants: ['不对', '错了'] },
  ],
  words: ['返回码'],
  filler: ['怎么', '什么', '时候', '了', '吗', '的', '我', 'how', 'to', 'my'],
};
const vocabularyTexts = ['电签机押金什么时候退还', '刷卡提示密码错误', '审核进度', '打印小票', '返回码55'];
const analyzer = createAnalyzer({ dictionary, vocabularyTexts });
const words = (text: string) => analyzer.analyze(text).map((u) => u.text);

describe('createAnalyzer', () => {
  it('maps synonyms, colloquialisms and typos to one canonical term on both sides', () => {
    expect(words('保证金怎么退')).toEqual(['押金', '退']);
    expect(words('冻结金什么时候退还')).toEqual(['押金', '退']);
    expect(words('压金')).toEqual(['押金']);
    expect(analyzer.tokenize('押金退还')).toEqual(analyzer.tokenize('保证金退'));
  });

  it('never doubles a canonical term that contains a shorter variant', () => {
    expect(words('电签机')).toEqual(['电签机']);
    expect(words('电签版')).toEqual(['电签机']);
    expect(words('电签pos机的押金')).toEqual(['电签机', '押金']);
  });

  it('keeps domain words whole and adds their bigrams as extra terms', () => {
    const [unit] = analyzer.analyze('电签机');
    expect(unit?.terms).toEqual(['电签机', '电签', '签机']);
  });

  it('drops filler words', () => {
    expect(words('我的押金什么时候退了吗')).toEqual(['押金', '退']);
  });

  it('converts toneless pinyin into the knowledge base words, with or without spaces', () => {
    expect(words('mima cuowu')).toEqual(['密码', '错误']);
    expect(words('yajintui')).toEqual(['押金', '退']);
  });

  it('leaves English alone and maps English keywords through the synonyms', () => {
    expect(words('how to refund my deposit')).toEqual(['退', '押金']);
    expect(words('asdf')).toEqual(['asdf']);
  });

  it('reads Traditional characters and full-width input', () => {
    expect(words('押金甚麼時候退還')).toEqual(['押金', '退']);
    expect(words('ＰＩＮ不对')).toEqual(['密码', '错误']);
  });

  it('turns two-digit numbers into response-code terms, wherever they are written', () => {
    const codeTerms = (text: string) => analyzer.analyze(text).flatMap((u) => u.terms).filter((t) => t.startsWith('rc'));
    expect(codeTerms('55')).toEqual(['rc55']);
    expect(codeTerms('显示55')).toEqual(['rc55']);
    expect(codeTerms('返回码七十五')).toEqual(['rc75']);
    expect(codeTerms('５５')).toEqual(['rc55']);
    expect(codeTerms('押金100元')).toEqual([]);
  });

  it('repairs a homophone typo in a query when the sound spells a known word', () => {
    expect(words('审合进度')).toEqual(['审核', '进度']);
  });

  it('does not "repair" words into scattered single characters around a known word', () => {
    // 签合同时候 sounds like 钱 核 同时 后: a coincidence of sounds, not a typo.
    const sounds = createAnalyzer({ dictionary: { ...dictionary, filler: [] }, vocabularyTexts: ['同时到账', '钱包', '核对', '以后'] });
    expect(sounds.analyze('签合同时候').map((u) => u.text)).toEqual(['签合同', '时候']);
  });

  it('does not "repair" unknown words into known ones when no new word results', () => {
    expect(words('天气')).toEqual(['天气']);
  });

  it('splits words differently with another segmenter, for measurement', () => {
    const bigram = createAnalyzer({ dictionary: emptyDictionary, segmenter: 'bigram' });
    expect(bigram.analyze('押金退还').map((u) => u.text)).toEqual(['押金', '金退', '退还']);
  });
});

describe('createPinyinConverter', () => {
  const converter = createPinyinConverter({ vocabulary: new Map([['余额', 3], ['上', 1], ['个', 1]]), keepLatin: new Set() });

  it('reads typed letters wherever a word fits', () => {
    expect(converter.toWords('shanggeyue')).toEqual(['上', '个', '余额']);
  });

  it('reads syllables whole: a word never starts or ends inside one', () => {
    expect(converter.toWords(['shang', 'ge', 'yue'])).toBeUndefined();
    expect(converter.toWords(['shang', 'ge', 'yu', 'e'])).toEqual(['上', '个', '余额']);
  });
});
