import type { Middleware, TurnContext } from 'botbuilder';

/**
 * Runs the turns of one conversation one after another, so two messages sent at once never
 * interleave their state reads and writes (the second would otherwise fail its eTag check or
 * act on stale state). Turns of different conversations still run in parallel. In-process: with
 * several instances, a conversation's requests must reach one instance or share a lock.
 */
export function serializeTurns(): Middleware {
  const tails = new Map<string, Promise<void>>();
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const key = `${context.activity.channelId}/${context.activity.conversation?.id}`;
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      await previous;
      try {
        await next();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}
