import { createThrottle } from '../shared/createThrottle.js';

/** What the widget knows when the text in its input changes. */
export interface TypingState {
  /** The input's text now. */
  readonly text: string;
  /** An input method is composing: its candidates are not text the user has chosen yet. */
  readonly composing: boolean;
  /** The Direct Line connection is up. */
  readonly online: boolean;
}

export interface TypingGate {
  /** Whether this change of the input should tell the agent that the user is typing. */
  changed(state: TypingState): boolean;
  /** The user sent a message (which ends the agent's indicator): the next key signals at once. */
  sent(): void;
}

export interface TypingGateOptions {
  /**
   * At most one signal this often while keys keep coming. Default 3 s: the agent console keeps
   * its indicator up 4 s after a signal, so it stays up without a request on every key.
   */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/**
 * Decides when the widget sends a typing activity: on the first key, then at most once per
 * `intervalMs`; never for an emptied input, while an input method composes, or offline. A change
 * that is refused does not start the interval, so the next real keystroke signals at once.
 */
export function createTypingGate({ intervalMs = 3_000, now = Date.now }: TypingGateOptions = {}): TypingGate {
  const throttle = createThrottle(intervalMs, now);
  return {
    changed: ({ text, composing, online }) => online && !composing && text.trim() !== '' && throttle(),
    sent: throttle.reset,
  };
}
