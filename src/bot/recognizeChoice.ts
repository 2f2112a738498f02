import { recognizeChoices } from 'botbuilder-dialogs';
import type { Choice } from '../flows/index.js';
import { normalizeText } from '../search/index.js';

// Bounded: a position is a few characters, and botbuilder's recognizers are superlinear on long
// input, so nothing longer ever reaches them.
const ORDINAL_ONLY = /^(第?[0-9一二三四五六七八九十]{1,3}(个|项|种|条)?|(the)?(first|second|third|fourth|fifth|sixth|last)(one)?|(no|number|option)?[0-9]{1,3})$/;
/** Longer than any label a choice step offers plus filler: such a text is no choice. */
const MAX_ANSWER_LENGTH = 200;
const strip = (s: string) => normalizeText(s).replace(/[\s，。！？、,.!?'"“”（）()]/g, '').replace(/^(是|选|要|我要|我选)/, '').replace(/(的|吧|啊|呀|哦|呢)$/, '');

/**
 * Which choice the user meant, the way Chinese users answer: the button's value or label,
 * a synonym (智能的 -> 智能POS机), part of the label (传统 -> 传统POS机), an ordinal or a
 * number (第二个, 2, the second one). Undefined when nothing, or more than one, fits.
 */
export function recognizeChoice(text: string, choices: readonly Choice[]): string | undefined {
  if (text.length > MAX_ANSWER_LENGTH) return undefined;
  const said = strip(text);
  if (!said) return undefined;
  const exact = choices.filter((c) => [c.value, c.label, ...c.synonyms].some((w) => strip(w) === said));
  if (exact.length === 1) return exact[0]!.value;
  // Part of an answer: the longest match wins, so 密码错误次数超限 picks 错误次数超限 (75)
  // over 密码错误 (55), and 不出小票的 picks the terminal that does not print.
  const matchLength = (c: Choice) =>
    Math.max(
      0,
      ...[c.label, ...c.synonyms].map((w) => {
        const word = strip(w);
        if (word.length === 0) return 0;
        if (said.includes(word)) return word.length;
        return said.length >= 2 && word.includes(said) ? said.length : 0;
      }),
    );
  const lengths = choices.map(matchLength);
  const longest = Math.max(...lengths);
  if (longest > 0 && lengths.filter((l) => l === longest).length === 1) return choices[lengths.indexOf(longest)]!.value;
  // Ordinals and numbers: botbuilder's recognizers read 第二个 / 2 / "the second one". Only when
  // that is all the answer says: in 2个月 or 输错3次了 the number is not a button's position.
  if (!ORDINAL_ONLY.test(said)) return undefined;
  const found = recognizeChoices(text, choices.map((c) => c.label), { locale: /[a-z]/i.test(text) ? 'en-us' : 'zh-cn' });
  const index = found[0]?.resolution.index;
  return index === undefined ? undefined : choices[index]?.value;
}
