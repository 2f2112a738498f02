import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { LOGGED_BY_CHANNEL, transcriptEntry } from '../channels/transcriptEntry.js';
import type { TranscriptStore } from '../storage/index.js';

export { transcriptEntry };

/**
 * Records every activity in and out of a conversation, typing indicators excepted, unless the
 * channel keeps them itself (LOGGED_BY_CHANNEL: Direct Line's log is the transcript). Proactive
 * turns (a person's reply sent on the user's channel) are not recorded here: the handoff desk
 * keeps those itself, with the agent's name. It runs after `protectSensitive`: what it keeps of
 * the user's activity is already redacted.
 */
export function recordTranscript(store: TranscriptStore): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const { type, name } = context.activity;
      if (type === ActivityTypes.Event && name === ActivityEventNames.ContinueConversation) return next();
      if (context.turnState.get(LOGGED_BY_CHANNEL) === true) return next();
      if (context.activity.type !== 'typing') await store.append(transcriptEntry(context.activity, 'in'));
      context.onSendActivities(async (ctx, activities, send) => {
        const responses = await send();
        for (const activity of activities) {
          if (activity.type === 'typing' || activity.type === 'trace') continue;
          await store.append(transcriptEntry({ ...ctx.activity, ...activity, conversation: ctx.activity.conversation, channelId: ctx.activity.channelId }, 'out'));
        }
        return responses;
      });
      await next();
    },
  };
}
