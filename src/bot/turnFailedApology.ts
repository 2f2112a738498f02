import type { TurnContext } from 'botbuilder';
import { pickLocale, type Locale, type Messages } from '../conversation/index.js';

/**
 * What a channel says when a turn failed: the locale's `turnFailed` (locales/*.yaml), in the
 * user's language. Sending it must not fail in turn: a second error is swallowed.
 */
export function turnFailedApology(messages: Readonly<Record<Locale, Messages>>): (context: TurnContext) => Promise<void> {
  return async (context) => {
    await context.sendActivity(messages[pickLocale(context.activity.locale)].turnFailed).catch(() => undefined);
  };
}
