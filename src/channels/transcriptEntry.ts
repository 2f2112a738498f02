import type { Activity } from 'botbuilder';
import { mediaReferencesOf, type TranscriptEntry } from '../storage/index.js';

/**
 * Set on a turn's state by a channel that keeps the turn's activities in the transcript itself
 * (Direct Line's log is the transcript): the bot's middleware does not record them a second time.
 */
export const LOGGED_BY_CHANNEL = Symbol('kefu.loggedByChannel');

/**
 * What one activity becomes in the transcript: who, when, what, where. Nothing is redacted here:
 * what a user sent was redacted where it entered kefu (`protectInbound`), and what goes out is the
 * bot's words or an agent's, redacted by the desk.
 */
export function transcriptEntry(activity: Partial<Activity>, direction: 'in' | 'out'): TranscriptEntry {
  const role = activity.from?.role;
  // A kept image is referred to by its id, so agents see it; the bytes stay in the media table.
  const media = mediaReferencesOf(activity.attachments);
  return {
    conversationId: activity.conversation?.id ?? 'unknown',
    channel: activity.channelId ?? 'unknown',
    activityId: activity.id ?? null,
    direction,
    fromId: activity.from?.id ?? null,
    fromRole: direction === 'out' ? 'bot' : role === 'agent' ? 'agent' : 'user',
    type: activity.type ?? 'message',
    text: typeof activity.text === 'string' ? activity.text : null,
    timestamp: (activity.timestamp ? new Date(activity.timestamp) : new Date()).toISOString(),
    payload: {
      name: activity.name,
      value: activity.value,
      suggestedActions: activity.suggestedActions?.actions.map((a) => a.title ?? String(a.value)),
      attachments: activity.attachments?.map((a) => a.contentType),
      ...(media.length > 0 ? { media } : {}),
    },
  };
}
