import type { Messages } from './messages.js';
import type { Reply } from './render.js';

/*
 * Replies for channels that show text only: the terminal chat, WeChat. Replies are written in
 * light Markdown (bold, lists, links, paragraphs) with options as buttons; here the Markdown
 * becomes text that reads well as it is, the options a numbered list that `pickOption` answers,
 * and a long text parts that fit a channel's limit on one message.
 */

const HAN = /\p{Script=Han}/u;
// Private-use characters stand for protected spans (code, links, URLs, escapes) while the
// emphasis markers around them are removed; restored at the end.
const HOLE = /\uE000(\d+)\uE001/g;

/**
 * Markdown as plain text that reads well on a phone.
 *
 * - A line that is all bold, or a heading, is a title: 【标题】 when it is Chinese (the way
 *   Chinese service messages set titles off), as it is otherwise.
 * - Bold, italics, strike-through and code markers go; their text stays.
 * - List items keep their numbers ("1. ") and indentation; bullets become "• ".
 * - Links become "text（url）", or the url alone when the text is the url; "text (url)" when the
 *   text has no Chinese in it.
 * - Paragraphs stay, separated by one blank line; a quote's `>` and a rule's `---` go.
 *
 * Markers that pair with nothing are left unless they can only be markup (`**`, `__`, `~~`,
 * backticks): a lone `*` or `#` is the key on the terminal's keypad ("看屏幕上的"*"是否增加").
 */
export function markdownToPlainText(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (fenceMark !== undefined && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      else out.push(line);
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      continue;
    }
    out.push(plainLine(line));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\s+$/g, '');
}

function plainLine(line: string): string {
  if (/^\s{0,3}([-*_])(\s*\1){2,}$/.test(line)) return '';
  const text = line.replace(/^\s{0,3}(>\s?)+/, '');
  const heading = /^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?$/.exec(text);
  if (heading) return title(inline(heading[1] ?? ''));
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(text);
  if (bullet) return `${bullet[1]}• ${inline(bullet[2]!)}`;
  const numbered = /^(\s*)(\d{1,9})[.)]\s+(.*)$/.exec(text);
  if (numbered) return `${numbered[1]}${numbered[2]}. ${inline(numbered[3]!)}`;
  const bold = /^\s*(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1\s*$/.exec(text);
  if (bold) return title(inline(bold[2]!));
  return inline(text);
}

function title(text: string): string {
  if (!text) return '';
  return HAN.test(text) && !text.startsWith('【') ? `【${text}】` : text;
}

/** One line's inline Markdown as text: spans that must not change are set aside first. */
function inline(text: string): string {
  const kept: string[] = [];
  const keep = (value: string) => `\uE000${kept.push(value) - 1}\uE001`;
  const restore = (value: string): string => value.replace(HOLE, (_, i: string) => restore(kept[Number(i)]!));
  const result = text
    .replace(/(`+)(.+?)\1(?!`)/g, (_, _ticks: string, code: string) => keep(code.trim()))
    .replace(/\\([!-/:-@[-`{-~])/g, (_, char: string) => keep(char))
    .replace(/<((?:https?|mailto):[^\s<>]+)>/g, (_, url: string) => keep(url))
    .replace(/!?\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+["'(].*?["')])?\s*\)/g, (_, label: string, url: string) => keep(link(emphasis(label), url)))
    .replace(/\bhttps?:\/\/[^\s<>（）【】，。！？“”]+/g, (url) => keep(url));
  return restore(emphasis(result).replace(/\*\*|__|~~|`/g, ''));
}

function emphasis(text: string): string {
  return text
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1')
    .replace(/(?<![\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    .replace(/(?<![*\p{L}\p{N}])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\p{L}\p{N}])/gu, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\p{L}\p{N}_])/gu, '$1');
}

function link(label: string, url: string): string {
  const text = label.trim();
  if (!text || text === url || text === url.replace(/^(?:https?|mailto):(?:\/\/)?/, '')) return url;
  return HAN.test(text) ? `${text}（${url}）` : `${text} (${url})`;
}

/**
 * A reply for a channel without buttons: its text as plain text, then its options as a numbered
 * list after the locale's lead-in (`numberedOptions`, "回复序号："). The numbers are 1-based in the
 * reply's order, which is what `pickOption` reads back when the user answers with one.
 */
export function renderAsText(reply: Reply, m: Pick<Messages, 'numberedOptions'>): string {
  const text = markdownToPlainText(reply.text);
  const actions = reply.actions ?? [];
  if (actions.length === 0) return text;
  const options = [m.numberedOptions, ...actions.map((action, i) => `${i + 1}. ${action}`)].join('\n');
  return text ? `${text}\n\n${options}` : options;
}

/** A channel's limit on one message; give one or both. */
export interface TextLimit {
  /** Bytes of UTF-8 (WeChat's passive reply: 2,048). At least 4, so any code point fits. */
  readonly maxBytes?: number;
  /**
   * Characters, counted as UTF-16 code units (a string's `length`; WeChat's customer-service
   * message: 2,048). That count is never less than the count of code points, so a part within
   * it is within the limit in either unit. At least 2, so any code point fits.
   */
  readonly maxChars?: number;
}

interface Size {
  readonly chars: number;
  readonly bytes: number;
}

// Coarsest first: paragraphs, then items (a line with the indented lines under it: a list item
// with its continuation and sub-items), lines, sentences, characters as a reader sees them (an
// emoji with its modifiers is one), and code points for a character longer than the limit.
const LEVELS: readonly { split: (text: string) => string[]; separator: string }[] = [
  { split: (text) => text.split(/\n[ \t]*\n(?:[ \t]*\n)*/), separator: '\n\n' },
  { split: (text) => text.split(/\n(?![ \t])/), separator: '\n' },
  { split: (text) => text.split('\n'), separator: '\n' },
  { split: sentences, separator: '' },
  { split: graphemes, separator: '' },
  { split: (text) => Array.from(text), separator: '' },
];

/**
 * Splits a text into parts that each fit `limit`, cutting where a reader would: between
 * paragraphs first, then between list items (an item stays with its indented lines), then
 * between lines, and only inside a line that alone is too long, after a sentence's end (。！？),
 * and last between two characters, never inside a character (a surrogate pair, an emoji
 * sequence). Parts are filled greedily, so the last paragraph, such as the numbered options of
 * `renderAsText`, ends the last part whole whenever it fits in one.
 *
 * A text within the limit is its only part, unchanged. Otherwise the blank line or line break
 * at a cut is dropped, parts lose their trailing whitespace, and runs of blank lines become one.
 *
 * @throws RangeError naming the option when no limit is given or one is too small for a
 *   character.
 */
export function splitForLimit(text: string, limit: TextLimit): string[] {
  const { maxBytes = Infinity, maxChars = Infinity } = limit;
  if (maxBytes === Infinity && maxChars === Infinity) throw new RangeError('splitForLimit: give maxBytes or maxChars');
  if (!(maxBytes >= 4)) throw new RangeError(`splitForLimit: maxBytes must be at least 4 (one character), got ${limit.maxBytes}`);
  if (!(maxChars >= 2)) throw new RangeError(`splitForLimit: maxChars must be at least 2 (one character), got ${limit.maxChars}`);
  const fits = ({ chars, bytes }: Size) => chars <= maxChars && bytes <= maxBytes;
  if (fits(sizeOf(text))) return [text];

  function split(piece: string, level: number): string[] {
    const { split: units, separator } = LEVELS[level]!;
    const gap = sizeOf(separator);
    const parts: string[] = [];
    let current: { text: string; size: Size } | undefined;
    for (const unit of units(piece)) {
      if (!unit) continue;
      const size = sizeOf(unit);
      const joined = current && { chars: current.size.chars + gap.chars + size.chars, bytes: current.size.bytes + gap.bytes + size.bytes };
      if (current && joined && fits(joined)) {
        current = { text: current.text + separator + unit, size: joined };
        continue;
      }
      if (current) parts.push(current.text);
      current = undefined;
      if (fits(size)) {
        current = { text: unit, size };
        continue;
      }
      const pieces = split(unit, level + 1);
      parts.push(...pieces.slice(0, -1));
      const last = pieces.at(-1);
      if (last !== undefined) current = { text: last, size: sizeOf(last) };
    }
    if (current) parts.push(current.text);
    return parts;
  }

  return split(text, 0)
    .map((part) => part.replace(/\s+$/, ''))
    .filter((part) => part.length > 0);
}

/** Each sentence with the punctuation and closing quotes that end it, and the spaces after. */
function sentences(text: string): string[] {
  return text.match(/[^。！？!?]*?(?:[。！？!?…]+[”’"」』）)]*\s*|(?<=\p{L})\.\s+|$)/gu)?.filter(Boolean) ?? [text];
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), ({ segment }) => segment);
}

function sizeOf(text: string): Size {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return { chars: text.length, bytes };
}
