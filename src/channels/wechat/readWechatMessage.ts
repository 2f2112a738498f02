import { ActivityTypes, type Activity } from 'botbuilder';
import type { Messages } from '../../conversation/index.js';
import type { WechatInboundMessage } from './parseWechatMessage.js';

/** The channel id of WeChat conversations (tickets, transcripts, state are keyed by it). */
export const WECHAT_CHANNEL_ID = 'wechat';
/** The service URL on WeChat activities: the desk's delivery knows the channel by it. */
export const WECHAT_SERVICE_URL = 'kefu:wechat';

/** What a WeChat message becomes: a turn for the bot, a reply the channel gives itself, or nothing. */
export type WechatReading =
  | { readonly kind: 'turn'; readonly activity: Partial<Activity> }
  | { readonly kind: 'reply'; readonly text: string }
  | { readonly kind: 'nothing' };

/** Once per message: MsgId, or for events (which have none) the sender, the time and the event. */
export function dedupKey(message: WechatInboundMessage): string {
  if (message.kind === 'event') return `event:${message.fromUserName}:${message.createTime}:${message.event === 'other' ? message.name : message.event}`;
  return `msg:${message.msgId ?? `${message.fromUserName}:${message.createTime}`}`;
}

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));

/**
 * Reads a WeChat message as kefu's turn. Text and recognised speech are messages; a picture, a
 * location or a link is passed to a person who has (or is about to have) the conversation, and
 * otherwise answered honestly; following the account greets; a menu tap asks what its key maps to.
 */
export function readWechatMessage(
  message: WechatInboundMessage,
  {
    withPerson,
    m,
    menu,
    image,
  }: {
    readonly withPerson: boolean;
    readonly m: Messages;
    readonly menu: (eventKey: string) => string | undefined;
    /** A picture's kept copy, when it was fetched: the person sees it beside "[图片]". */
    readonly image?: { readonly contentType: string; readonly contentUrl: string };
  },
): WechatReading {
  const base = {
    channelId: WECHAT_CHANNEL_ID,
    serviceUrl: WECHAT_SERVICE_URL,
    conversation: { id: message.fromUserName, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: message.fromUserName, name: message.fromUserName, role: 'user' },
    recipient: { id: message.toUserName, name: 'kefu', role: 'bot' },
    // WeChat does not say the user's language; its users are answered in Chinese.
    locale: 'zh-CN',
    timestamp: new Date(message.createTime * 1000),
  };
  const say = (text: string): WechatReading => ({ kind: 'turn', activity: { ...base, type: ActivityTypes.Message, id: dedupKey(message), text } });
  switch (message.kind) {
    case 'text':
      return say(message.content);
    case 'voice':
      return message.recognition ? say(message.recognition.replace(/[。.！!]$/, '')) : { kind: 'reply', text: m.wechat.voiceNotUnderstood };
    case 'image':
      if (!withPerson) return { kind: 'reply', text: m.wechat.imageNotUnderstood };
      // "[图片]" for views that show text only; the picture itself, when kept, as an attachment.
      return { kind: 'turn', activity: { ...base, type: ActivityTypes.Message, id: dedupKey(message), text: m.wechat.imageForPerson, ...(image ? { attachments: [{ ...image }] } : {}) } };
    case 'location':
      return withPerson
        ? say(fill(m.wechat.locationForPerson, { label: message.label, latitude: message.latitude, longitude: message.longitude }))
        : { kind: 'reply', text: m.wechat.locationReceived };
    case 'link':
      return withPerson ? say(fill(m.wechat.linkForPerson, { title: message.title, url: message.url })) : { kind: 'reply', text: m.wechat.linkReceived };
    case 'unsupported':
      return { kind: 'reply', text: m.wechat.unsupported };
    case 'event':
      switch (message.event) {
        case 'subscribe':
        case 'SCAN':
          return { kind: 'turn', activity: { ...base, type: ActivityTypes.ConversationUpdate, id: dedupKey(message), membersAdded: [{ id: message.fromUserName, name: message.fromUserName }] } };
        case 'CLICK': {
          const text = menu(message.eventKey);
          return text ? say(text) : { kind: 'nothing' };
        }
        default:
          // unsubscribe: nothing is forgotten, and nothing can be sent any more.
          return { kind: 'nothing' };
      }
  }
}
