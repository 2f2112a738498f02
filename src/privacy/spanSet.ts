/** What kind of secret a redacted span held. */
export type SensitiveKind = 'card' | 'pin' | 'cvv' | 'id-card';

/** A [start, end) range of the folded text and what it holds. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: SensitiveKind;
}

/**
 * The spans found so far in one text. Rules run in order of trust and a later rule never takes a
 * character an earlier one took. Overlap is checked against a mark per character, not against
 * every span: a long text can hold thousands of spans, and the check must stay linear.
 */
export class SpanSet {
  readonly #taken: Uint8Array;
  readonly #spans: Span[] = [];

  constructor(length: number) {
    this.#taken = new Uint8Array(length);
  }

  /** Whether any character of [start, end) belongs to a span. */
  overlaps(start: number, end: number): boolean {
    for (let i = start; i < end; i += 1) if (this.#taken[i] === 1) return true;
    return false;
  }

  /** Adds `span` unless it overlaps one already taken; says whether it was added. */
  add(span: Span): boolean {
    if (span.end <= span.start || this.overlaps(span.start, span.end)) return false;
    this.#taken.fill(1, span.start, span.end);
    this.#spans.push(span);
    return true;
  }

  /** The spans, sorted by start. */
  sorted(): Span[] {
    return [...this.#spans].sort((a, b) => a.start - b.start);
  }
}
