/** The fields of a Bot Framework activity the widget reads or sends. */
export interface Activity {
  readonly type: string;
  readonly id?: string;
  readonly text?: string;
  readonly name?: string;
  /** An event's payload (webchat/join carries the language). */
  readonly value?: unknown;
  readonly locale?: string;
  readonly timestamp?: string;
  readonly replyToId?: string;
  /** Typing from an agent may carry only a name. */
  readonly from?: { readonly id?: string; readonly name?: string; readonly role?: string };
  readonly channelData?: {
    readonly clientActivityID?: string;
    /** Set by the handoff desk: who on kefu's side wrote this ('agent' with their name, or 'system'). Unchecked. */
    readonly kefu?: { readonly from?: unknown; readonly agentName?: unknown };
    readonly [key: string]: unknown;
  };
  readonly suggestedActions?: { readonly actions?: readonly SuggestedAction[] };
  readonly attachments?: readonly unknown[];
}

export interface SuggestedAction {
  readonly type?: string;
  readonly title?: string;
  readonly value?: unknown;
}

/** One frame of the Direct Line stream, or one poll: activities after a watermark. */
export interface ActivitySet {
  readonly activities: readonly Activity[];
  readonly watermark?: string;
}

/** Checks a frame from the network; drops activities that are not objects with a type. */
export function toActivitySet(value: unknown): ActivitySet {
  const frame = (value ?? {}) as { activities?: unknown; watermark?: unknown };
  const activities = Array.isArray(frame.activities)
    ? frame.activities.filter((a): a is Activity => typeof a === 'object' && a !== null && typeof (a as { type?: unknown }).type === 'string')
    : [];
  return typeof frame.watermark === 'string' ? { activities, watermark: frame.watermark } : { activities };
}
