/**
 * The misses inbox's shapes (`GET /api/agent/workspace/misses` and the add and ignore actions):
 * questions the bot could not answer, grouped. The server is trusted to send them.
 */
export const missStatuses = ['open', 'resolved', 'ignored'] as const;
export type MissStatus = (typeof missStatuses)[number];

/** The ways a question counts as missed, in the order the badges show them. */
export const missKinds = ['noAnswer', 'unpicked', 'thumbsDown', 'askedPerson'] as const;
export type MissKind = (typeof missKinds)[number];

export interface MissResolution {
  readonly kind: 'added' | 'ignored';
  readonly articleId?: string;
  readonly reason?: string;
  /** Who did it, by display name. */
  readonly by: string;
  readonly at: string;
  /** After an article took the question: whether the bot now answers it. */
  readonly answersNow?: boolean;
}

export interface MissGroup {
  readonly id: number;
  /** The representative question, redacted. */
  readonly text: string;
  readonly count: number;
  readonly kinds: Readonly<Record<MissKind, number>>;
  /** Up to five of the questions as asked, redacted. */
  readonly examples: readonly string[];
  readonly firstAt: string;
  readonly lastAt: string;
  readonly status: MissStatus;
  /**
   * Articles the search ranks for it, best first; `version` is the article file's as the list was
   * made, sent back with an add so a file changed since then is refused rather than overwritten.
   */
  readonly suggestions: readonly { readonly id: string; readonly title: string; readonly version?: string }[];
  readonly resolution?: MissResolution;
}

/** What adding a group's questions to an article answers. */
export interface AddResult {
  readonly group: MissGroup;
  /** The article's file, as the repository names it. */
  readonly file: string;
  readonly answersNow: boolean;
  /** The questions that went in; empty when the article had them all already. */
  readonly added?: readonly string[];
  /** The files to commit, when the server does not commit itself. */
  readonly changedFiles?: readonly string[];
  readonly commit?: string;
}
