/** Every code a {@link HandoffError} may carry; callers (the HTTP error handler, the CLI) branch on these. */
export const handoffErrorCodes = [
  /** Input that fails validation: a bad username, a password the policy refuses, ... */
  'HANDOFF_BAD_INPUT',
  /** A service-hours spec or time zone that cannot be parsed. */
  'HANDOFF_BAD_SERVICE_HOURS',
  /** An agent with that username (case-insensitive) already exists. */
  'HANDOFF_AGENT_EXISTS',
  'HANDOFF_UNKNOWN_AGENT',
  /** Unknown user, wrong password or disabled agent: deliberately one code and one message. */
  'HANDOFF_BAD_CREDENTIALS',
  /** No longer thrown (sign-ins are throttled, see `HANDOFF_THROTTLED`); kept for callers that name it. */
  'HANDOFF_LOCKED',
  'HANDOFF_UNKNOWN_TICKET',
  'HANDOFF_TICKET_TAKEN',
  'HANDOFF_TICKET_STATE',
  'HANDOFF_NOT_YOUR_TICKET',
  'HANDOFF_AGENT_DISABLED',
  /**
   * A sign-in refused unchecked because too many were tried on that username, from that address or
   * from everywhere; `details.retryAfterSeconds` says when to try again. Said alike whether or not
   * the username exists.
   */
  'HANDOFF_THROTTLED',
] as const;

export type HandoffErrorCode = (typeof handoffErrorCodes)[number];

export interface HandoffErrorDetails {
  /** For `HANDOFF_THROTTLED`: whole seconds until a login may be tried again. */
  readonly retryAfterSeconds?: number;
  /** For `HANDOFF_TICKET_TAKEN`: who has the ticket now. */
  readonly agentId?: number;
  readonly agentName?: string;
}

/** The one error type of the handoff module, with a stable code and a message naming the input. */
export class HandoffError extends Error {
  constructor(
    readonly code: HandoffErrorCode,
    message: string,
    readonly details: HandoffErrorDetails = {},
  ) {
    super(`kefu handoff: ${message}`);
    this.name = 'HandoffError';
  }
}
