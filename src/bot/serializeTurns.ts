import type { Middleware, TurnContext } from 'botbuilder';
import { createMemoryLock, type ConversationLock } from '../coordination/index.js';

/**
 * Runs the turns of one conversation one after another, so two messages sent at once never
 * interleave their state reads and writes (the second would otherwise fail its eTag check or
 * act on stale state). Turns of different conversations still run in parallel. The lock decides
 * how far "one after another" reaches: this process (the default), or every instance sharing it.
 */
export function serializeTurns(lock: ConversationLock = createMemoryLock()): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      await lock.run(`${context.activity.channelId}/${context.activity.conversation?.id}`, next);
    },
  };
}
