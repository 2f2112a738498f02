/**
 * What `POST /api/agent/workspace/try` answers (`npm run kb -- search --json` prints the same):
 * how the bot would take a message as the first of a new conversation, and why. The server is
 * trusted to send this shape; the page reads only what it shows.
 */
export type TurnOutcome = 'answer' | 'didYouMean' | 'flow' | 'handOver' | 'offerPerson' | 'smallTalk' | 'command' | 'noAnswer' | 'nothing';

export type RuleKind = 'pinyin' | 'synonym' | 'homophone';

export interface QueryUnit {
  readonly text: string;
  /** The index terms searched for it. */
  readonly terms: readonly string[];
  /** Its share in coverage: rare words weigh more. */
  readonly weight: number;
  /** Some article contains it. */
  readonly known: boolean;
  /** Left out as too common. */
  readonly ignored: boolean;
}

export interface SearchHit {
  readonly id: string;
  readonly title: string;
  readonly score: number;
  /** 0..1: the share of the question's weight the article covers. */
  readonly coverage: number;
  /** 0..1: how close the question is to the article's nearest phrasing. */
  readonly similarity: number;
}

/** A step of the bot's decision; the page reads `kind` and, for some, one field more. */
export interface Step {
  readonly kind: string;
  readonly reason?: string;
  readonly reply?: string;
  readonly offerHuman?: boolean;
  readonly [field: string]: unknown;
}

export interface TurnExplanation {
  readonly text: string;
  readonly query: {
    readonly normalized: string;
    readonly canonical: string;
    readonly rules: readonly { readonly kind: RuleKind | string; readonly from: string; readonly to: string }[];
    readonly units: readonly QueryUnit[];
  };
  readonly search: {
    readonly hits: readonly SearchHit[];
    readonly best: string | null;
    readonly ambiguous: boolean;
    readonly suggestions: readonly string[];
    /** The runner-up's score as a share of the first's (1: a tie); null with fewer than two hits. */
    readonly margin: number | null;
  };
  readonly recognition: { readonly kind: string; readonly [key: string]: unknown };
  readonly steps: readonly Step[];
  readonly outcome: TurnOutcome;
  readonly article?: { readonly id: string; readonly title: string };
  readonly flow?: { readonly id: string; readonly title: string };
  /** The titles offered as "您是想问". */
  readonly offered?: readonly string[];
}
