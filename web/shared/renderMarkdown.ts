/**
 * The little Markdown that answers use, as a tree the DOM layer turns into nodes with
 * `textContent` only. Anything else (HTML, links, images) stays literal text: nothing an
 * article or a user writes can become markup, let alone script.
 */
export type MdNode =
  | { readonly tag: 'text'; readonly text: string }
  | { readonly tag: 'br' }
  | { readonly tag: 'p' | 'strong' | 'ul' | 'li'; readonly children: readonly MdNode[] }
  | { readonly tag: 'ol'; readonly start?: number; readonly children: readonly MdNode[] };

interface Marker {
  readonly indent: number;
  readonly ordered: boolean;
  readonly number: number;
  readonly content: string;
}

// "1. x", "1) x", "1、x" (common in Chinese, often without a space), "- x", "* x", "• x".
const MARKER = /^( *)(?:(\d{1,9})(?:[.)][ ]+|、[ ]*)|([-*+•])[ ]+)(.*)$/;

function marker(line: string): Marker | undefined {
  const m = MARKER.exec(line);
  if (!m) return undefined;
  return { indent: m[1]!.length, ordered: m[2] !== undefined, number: Number(m[2] ?? 1), content: m[4]!.trim() };
}

const last = <T>(list: readonly T[]): T => list[list.length - 1]!;
const isBlank = (line: string) => line.trim() === '';
const indentOf = (line: string) => line.length - line.trimStart().length;

/** Parses `text` (Markdown subset: paragraphs, **bold**, ordered and bulleted lists, nested once or more, line breaks). */
export function renderMarkdown(text: string): MdNode[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const blocks: MdNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i += 1;
    } else if (marker(line)) {
      const [list, next] = parseList(lines, i);
      blocks.push(list);
      i = next;
    } else {
      const paragraph: string[] = [];
      while (i < lines.length && !isBlank(lines[i]!) && !marker(lines[i]!)) paragraph.push(lines[i++]!.trim());
      blocks.push({ tag: 'p', children: joinLines(paragraph) });
    }
  }
  return blocks;
}

/** A list that starts at `start` (a marker line), and the index of the first line after it. */
function parseList(lines: readonly string[], start: number): [MdNode, number] {
  const first = marker(lines[start]!)!;
  const items: MdNode[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      // A blank line ends the list unless the list, or the item, goes on after it.
      let j = i + 1;
      while (j < lines.length && isBlank(lines[j]!)) j += 1;
      const after = lines[j];
      const m = after === undefined ? undefined : marker(after);
      const listGoesOn = m !== undefined && (m.indent > first.indent || (m.indent === first.indent && m.ordered === first.ordered));
      const itemGoesOn = after !== undefined && m === undefined && indentOf(after) > first.indent;
      if (!listGoesOn && !itemGoesOn) break;
      if (itemGoesOn) last(items).push({ tag: 'br' });
      i = j;
      continue;
    }
    const m = marker(line);
    if (m && m.indent > first.indent) {
      const [sublist, next] = parseList(lines, i);
      last(items).push(sublist);
      i = next;
    } else if (m) {
      if (m.indent < first.indent || m.ordered !== first.ordered) break;
      items.push(parseInline(m.content));
      i += 1;
    } else {
      // Not a marker: the current item goes on (indented or not, as CommonMark's lazy lines).
      last(items).push({ tag: 'br' }, ...parseInline(line.trim()));
      i += 1;
    }
  }
  const children: MdNode[] = items.map((item) => ({ tag: 'li', children: item }));
  const list: MdNode = first.ordered ? (first.number === 1 ? { tag: 'ol', children } : { tag: 'ol', start: first.number, children }) : { tag: 'ul', children };
  return [list, i];
}

function joinLines(lines: readonly string[]): MdNode[] {
  return lines.flatMap((line, k) => (k === 0 ? parseInline(line) : [{ tag: 'br' } as const, ...parseInline(line)]));
}

/** Text with `**bold**` spans; an unmatched or empty `**` stays as it is. Linear in the length. */
export function parseInline(text: string): MdNode[] {
  const out: MdNode[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('**', i);
    if (open < 0) break;
    const close = text.indexOf('**', open + 2);
    if (close < 0) break;
    const inner = text.slice(open + 2, close);
    if (inner.trim() === '' || inner !== inner.trim()) {
      // "** x**" or "****" is not bold: keep the opening stars and look again after them.
      plain += text.slice(i, open + 2);
      i = open + 2;
      continue;
    }
    plain += text.slice(i, open);
    if (plain) out.push({ tag: 'text', text: plain });
    plain = '';
    out.push({ tag: 'strong', children: [{ tag: 'text', text: inner }] });
    i = close + 2;
  }
  plain += text.slice(i);
  if (plain) out.push({ tag: 'text', text: plain });
  return out;
}
