/** The fields of a keydown event that decide what Enter does. */
export interface KeyInfo {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly isComposing?: boolean;
  readonly keyCode?: number;
}

/**
 * Whether an input method is composing: Chinese users press Enter (or Escape) to pick or drop
 * a candidate, and that key must not reach the widget. Browsers disagree on the order of
 * `compositionend` and the keydown, so all three signals count: our own flag from the
 * composition events, `isComposing`, and keyCode 229 (Safari's keydown after compositionend).
 */
export function isImeActive(event: KeyInfo, composing: boolean): boolean {
  return composing || event.isComposing === true || event.keyCode === 229;
}

/** Enter sends; Shift+Enter is a new line; Enter never sends while an input method is composing. */
export function shouldSend(event: KeyInfo, composing: boolean): boolean {
  return event.key === 'Enter' && !event.shiftKey && !isImeActive(event, composing);
}
