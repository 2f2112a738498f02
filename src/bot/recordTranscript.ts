import { ActivityEventNames, ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { redact, redactDeep } from '../privacy/index.js';
import { mediaReferencesOf, type TranscriptStore } from '../storage/index.js';

/** What one activity becomes in the transcript: who, when, what, where; redacted on the way in. */
export function transcriptEntry(activity: Partial<Activity>, direction: 'in' | 'out') {
  const role = activity.from?.role;
  // A kept image is referred to by its id, so agents see it; the bytes stay in the media table.
  const media = mediaReferencesOf(activity.attachments);
  return {
    conversationId: activity.conversation?.id ?? 'unknown',
    channel: activity.channelId ?? 'unknown',
    activityId: activity.id ?? null,
    direction,
    fromId: activity.from?.id ?? null,
    fromRole: (direction === 'out' ? 'bot' : role === 'agent' ? 'agent' : 'user') as 'user' | 'bot' | 'agent',
    type: activity.type ?? 'message',
    text: typeof activity.text === 'string' ? redact(activity.text).text : null,
    timestamp: (activity.timestamp ? new Date(activity.timestamp) : new Date()).toISOString(),
    payload: redactDeep({
      name: activity.name,
      value: activity.value,
      suggestedActions: activity.suggestedActions?.actions.map((a) => a.title ?? String(a.value)),
      attachments: activity.attachments?.map((a) => a.contentType),
      ...(media.length > 0 ? { media } : {}),
    }),
  };
}

/**
 * Records every activity in and out of a conversation, typing indicators excepted. Proactive
 * turns (a person's reply sent on the user's channel) are not recorded here: the handoff desk
 * keeps those itself, with the agent's name.
 */
export function recordTranscript(store: TranscriptStore): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const { type, name } = context.activity;
      if (type === ActivityTypes.Event && name === ActivityEventNames.ContinueConversation) return next();
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
