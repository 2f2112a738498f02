import type { Middleware, TurnContext } from 'botbuilder';
import { protectInbound } from '../channels/inboundActivity.js';
import type { SensitiveKind } from '../privacy/index.js';

const FOUND = Symbol('kefu.sensitiveFound');
const TOO_LONG = Symbol('kefu.tooLong');

/**
 * First thing on every turn, whatever the channel: every string the user sent (text, value,
 * channelData, attachments...) is redacted in the activity itself, and an over-long text cut, so
 * nothing after this (search, state, transcript, logs, a person taking over) ever sees a card
 * number or reads 60,000 characters. A channel that stores activities before the turn (Direct
 * Line) runs the same `protectInbound` first; running it again here finds its marks and changes
 * nothing. The bot reads `sensitiveFound` to warn the user and `textTooLong` to say so.
 */
export function protectSensitive(): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const { activity, found, tooLong } = protectInbound(context.activity);
      Object.assign(context.activity, activity);
      if (found.length > 0) context.turnState.set(FOUND, found);
      if (tooLong) context.turnState.set(TOO_LONG, true);
      await next();
    },
  };
}

/** Kinds of sensitive data the user sent this turn (already hidden). */
export function sensitiveFound(context: TurnContext): readonly SensitiveKind[] {
  return (context.turnState.get(FOUND) as SensitiveKind[] | undefined) ?? [];
}

/** Whether the user's text was longer than kefu reads (it has been cut). */
export function textTooLong(context: TurnContext): boolean {
  return context.turnState.get(TOO_LONG) === true;
}
