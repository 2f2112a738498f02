/** What the chat log looks like after an update, in CSS pixels of the scroller's content. */
export interface ScrollView {
  /** Before the update the reader was at (or within a line or two of) the end. */
  readonly atEnd: boolean;
  /** Who wrote the last message now shown. */
  readonly lastFrom: 'user' | 'bot' | undefined;
  /** The top of the first bot message this update added; undefined when it added none. */
  readonly arrivedTop: number | undefined;
  /** The scroller's visible height (clientHeight). */
  readonly viewHeight: number;
  /** The height of everything in the scroller (scrollHeight). */
  readonly contentHeight: number;
  /** Room kept above a message that is scrolled to the top of the view. Default 8. */
  readonly margin?: number;
}

/**
 * Where the chat log should scroll after an update: a scrollTop, or undefined to stay put.
 * The user's own message always goes to the end. A reader who had scrolled up to read history
 * is left where they are. Otherwise new bot messages that fit are shown whole at the end; when
 * they do not fit (a long answer on a phone), the first of them is shown from its top, so the
 * reader starts at the beginning instead of having to scroll back up to find it.
 */
export function scrollTarget({ atEnd, lastFrom, arrivedTop, viewHeight, contentHeight, margin = 8 }: ScrollView): number | undefined {
  const end = Math.max(0, contentHeight - viewHeight);
  if (lastFrom === 'user') return end;
  if (!atEnd) return undefined;
  if (arrivedTop === undefined) return end;
  // From the message's top to the end fits in the view exactly when its start is at or past the end.
  return Math.min(Math.max(0, arrivedTop - margin), end);
}
