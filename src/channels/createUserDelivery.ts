import { ActivityTypes, EventFactory, MessageFactory, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { UserDelivery, UserNotice } from '../handoff/index.js';
import { mediaPath, type LoggedEntry } from '../storage/index.js';
import type { DirectLineHub } from './directline/index.js';

export interface UserDeliveryOptions {
  /** kefu's own Direct Line: conversations whose reference carries its service URL. */
  readonly directLine?: Pick<DirectLineHub, 'deliver' | 'serviceUrl'>;
  /** The WeChat Official Account: tickets of its channel, by the user's OpenID. */
  readonly wechat?: { readonly channelId: string; deliver(openId: string, notice: UserNotice): Promise<void> };
  /** Bot Framework channels (`/api/messages`): everything else with an http(s) service URL. */
  readonly botFramework?: { readonly adapter: CloudAdapter; readonly appId?: string };
}

/** The activity a notice becomes on any channel. */
export function noticeActivity(notice: UserNotice, conversation: ConversationReference['conversation']): Partial<Activity> {
  switch (notice.kind) {
    case 'text': {
      const activity: Partial<Activity> = notice.suggestions ? MessageFactory.suggestedActions([...notice.suggestions], notice.text) : MessageFactory.text(notice.text);
      return {
        ...activity,
        ...(notice.agentName ? { from: { id: 'kefu', name: notice.agentName } } : {}),
        channelData: { kefu: { from: notice.from, ...(notice.agentName ? { agentName: notice.agentName } : {}) } },
      };
    }
    case 'image':
      // The path of the kept image: the widget fetches it with the conversation's token.
      return {
        ...MessageFactory.attachment({ contentType: notice.contentType, contentUrl: mediaPath(notice.mediaId) }),
        from: { id: 'kefu', name: notice.agentName },
        channelData: { kefu: { from: 'agent', agentName: notice.agentName } },
      };
    case 'typing':
      return { type: ActivityTypes.Typing, from: { id: 'kefu', name: notice.agentName } };
    case 'status':
      return EventFactory.createHandoffStatus(conversation, notice.state, notice.message);
  }
}

/**
 * How the handoff desk reaches a user outside a turn: through the channel the ticket came from,
 * found by the conversation reference kept on the ticket.
 */
export function createUserDelivery({ directLine, wechat, botFramework }: UserDeliveryOptions): UserDelivery {
  const byDirectLine = (ticket: Parameters<UserDelivery['deliver']>[0]) =>
    directLine !== undefined && ticket.channel !== wechat?.channelId && (ticket.address as Partial<ConversationReference>).serviceUrl === directLine.serviceUrl;
  return {
    keepsLog: byDirectLine,
    async deliver(ticket, notice, keep) {
      if (wechat && ticket.channel === wechat.channelId) {
        await wechat.deliver(ticket.conversationId, notice);
        return;
      }
      const reference = ticket.address as Partial<ConversationReference>;
      const activity = noticeActivity(notice, reference.conversation ?? { id: ticket.conversationId, isGroup: false, conversationType: 'personal', name: '' });
      if (directLine && byDirectLine(ticket)) {
        // Direct Line's log is the transcript: the entry is kept with the activity, in one row.
        const { conversationId: _c, channel: _ch, ...entry } = keep ?? {};
        return (await directLine.deliver(ticket.conversationId, activity, keep ? { keep: entry as LoggedEntry } : {})).entry;
      }
      if (botFramework && /^https?:\/\//.test(reference.serviceUrl ?? '')) {
        await botFramework.adapter.continueConversationAsync(botFramework.appId ?? '', reference, async (context) => {
          await context.sendActivity(activity);
        });
        return;
      }
      throw new Error(`no way to reach a user on channel ${ticket.channel} (service URL ${reference.serviceUrl ?? 'none'})`);
    },
  };
}
