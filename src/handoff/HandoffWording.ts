/** A phrase that hands the conversation straight to a person, with why and how urgently. */
export interface HandoffTrigger {
  /** Why, as the agent will read it in the queue (投诉, 疑似盗刷...). */
  readonly reason: string;
  readonly priority: 'normal' | 'high';
  /** Phrases that trigger anywhere in a message (盗刷, 被骗). */
  readonly contains: readonly string[];
  /** Phrases that trigger only as the whole message (没用: "还没用过" must not). */
  readonly exact: readonly string[];
  /**
   * Words that make the message a neutral question rather than the situation itself (怎么防止被骗
   * asks how to avoid fraud; it reports none): with one of them, the trigger does not fire.
   */
  readonly unless: readonly string[];
  /**
   * Apologise and offer a person instead of handing over at once: for anger and distrust, which
   * are feelings, not requests. Taking the offer opens the ticket with this reason and priority.
   */
  readonly offer: boolean;
  /** Said to the user before the queue message (what to do right now about a stolen card...), or the apology of an offer. */
  readonly reply?: string;
}

/**
 * Everything the user is told about a handoff, per locale (`handoff:` in `locales/*.yaml`).
 * Placeholders in braces are filled by {@link fillWording}.
 */
export interface HandoffWording {
  readonly triggers: readonly HandoffTrigger[];
  /** Reasons the agent reads for handoffs that no trigger names. */
  readonly reasons: { readonly userAsked: string; readonly repeatedQuestion: string };
  /** The same question this many times in a row hands over. */
  readonly repeatLimit: number;
  readonly commands: { readonly cancel: readonly string[]; readonly end: readonly string[] };
  /** {position}: 1 = next. */
  readonly queued: string;
  /** {minutes} */
  readonly estimate: string;
  readonly noEstimate: string;
  /** {hours} the service hours, {opening} when people are back. */
  readonly afterHours: string;
  /** {position} */
  readonly alreadyQueued: string;
  /** After hours, the first message a waiting user writes is acknowledged once. */
  readonly received: string;
  /** Under an answer the bot gives while the user waits in the queue in service hours. */
  readonly answeredWhileQueued: string;
  /** {agent} */
  readonly agentJoined: string;
  /** {agent} */
  readonly transferred: string;
  readonly released: string;
  readonly closed: string;
  readonly endedByUser: string;
  readonly cancelled: string;
  readonly notActive: string;
  /** Five labels, for ratings 1 to 5. */
  readonly ratingOptions: readonly string[];
  readonly ratingThanks: string;
  readonly ratingAskWhy: string;
  readonly commentThanks: string;
  readonly expired: string;
  /** For agents: {reason} why a message did not reach the user, {text} its start. */
  readonly undelivered: string;
}

/** Fills `{name}` placeholders; an unknown name stays as it is, so a typo shows rather than vanishes. */
export function fillWording(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * The rating a message gives: a button label ("4 满意"), a bare digit ("5", "5分"), or stars.
 * Undefined when the message is not a rating.
 */
export function parseRating(text: string, options: readonly string[]): number | undefined {
  const said = text.trim();
  const label = options.findIndex((o) => o.trim() === said);
  if (label >= 0) return label + 1;
  const digit = /^([1-5])\s*(分|星|stars?)?$/i.exec(said);
  if (digit) return Number(digit[1]);
  const stars = /^[⭐★]{1,5}$/u.exec(said);
  if (stars) return Array.from(said).length;
  return undefined;
}

/** The language a ticket's wording is in: English when the user's locale is English, else Chinese. */
export const localeOf = (locale: string): 'zh-CN' | 'en' => (locale.toLowerCase().startsWith('en') ? 'en' : 'zh-CN');
