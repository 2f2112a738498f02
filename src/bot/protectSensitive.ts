import type { Middleware, TurnContext } from 'botbuilder';
import { redact, redactionMarks, type SensitiveKind } from '../privacy/index.js';

const FOUND = Symbol('kefu.sensitiveFound');

/**
 * First thing on every turn: a card number, PIN, CVV or ID number the user typed is replaced
 * with a mark in the activity itself, so nothing after this (search, state, transcript, logs,
 * a person taking over) ever sees it. The bot reads `sensitiveFound` to warn the user.
 */
export function protectSensitive(): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const text = context.activity.text;
      if (typeof text === 'string' && text.length > 0) {
        const result = redact(text);
        // A channel may have hidden it already (Direct Line does, before storing): still warn.
        const hiddenBefore = (Object.entries(redactionMarks) as [SensitiveKind, string][]).filter(([, mark]) => text.includes(mark)).map(([kind]) => kind);
        const found = [...new Set([...result.found, ...hiddenBefore])];
        if (found.length > 0) {
          context.activity.text = result.text;
          context.turnState.set(FOUND, found);
        }
      }
      await next();
    },
  };
}

/** Kinds of sensitive data the user sent this turn (already hidden). */
export function sensitiveFound(context: TurnContext): readonly SensitiveKind[] {
  return (context.turnState.get(FOUND) as SensitiveKind[] | undefined) ?? [];
}
