import type { Middleware, TurnContext } from 'botbuilder';
import type { CarryStore } from '../channels/createCarryStore.js';
import { PROTECTED_INBOUND, protectInbound, type ProtectedActivity } from '../channels/inboundActivity.js';
import type { SensitiveKind } from '../privacy/index.js';

const FOUND = Symbol('kefu.sensitiveFound');
const TOO_LONG = Symbol('kefu.tooLong');

/**
 * First thing on every turn, whatever the channel: every string the user sent (text, value,
 * channelData, attachments...) is redacted in the activity itself, and an over-long text cut, so
 * nothing after this (search, state, transcript, logs, a person taking over) ever sees a card
 * number or reads 60,000 characters. A channel that stores activities before the turn (Direct
 * Line) runs the same `protectInbound` first and says so in the turn state (PROTECTED_INBOUND):
 * it is not run twice. `carries` remembers, per conversation, what the next message needs (a card
 * split over two messages). The bot reads `sensitiveFound` to warn the user and `textTooLong` to say so.
 */
export function protectSensitive({ carries }: { carries?: CarryStore } = {}): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const done = context.turnState.get(PROTECTED_INBOUND) as Pick<ProtectedActivity<object>, 'found' | 'tooLong'> | undefined;
      const { found, tooLong } = done ?? (await protectHere(context, carries));
      if (found.length > 0) context.turnState.set(FOUND, found);
      if (tooLong) context.turnState.set(TOO_LONG, true);
      await next();
    },
  };
}

async function protectHere(context: TurnContext, carries: CarryStore | undefined) {
  const { channelId, conversation, type } = context.activity;
  const key = `${channelId}/${conversation?.id}`;
  const message = type === 'message';
  const result = protectInbound(context.activity, { carry: message ? await carries?.get(key) : undefined });
  Object.assign(context.activity, result.activity);
  if (message) await carries?.set(key, result.carry);
  return result;
}

/** Kinds of sensitive data the user sent this turn (already hidden). */
export function sensitiveFound(context: TurnContext): readonly SensitiveKind[] {
  return (context.turnState.get(FOUND) as SensitiveKind[] | undefined) ?? [];
}

/** Whether the user's text was longer than kefu reads (it has been cut). */
export function textTooLong(context: TurnContext): boolean {
  return context.turnState.get(TOO_LONG) === true;
}
