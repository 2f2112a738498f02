import { channelName } from './contextRows.js';
import type { AgentMessages } from './messages.js';
import { pageLabel } from './pageLabel.js';
import type { Ticket } from './Ticket.js';

/** Who the merchant is, as far as their channel tells: what the console shows instead of a raw id. */
export interface UserIdentity {
  /** What kind of user: 微信用户, 网页访客, or 访客 with a short id for other channels. */
  readonly kind: string;
  /** The name the channel gives (a WeChat nickname), when it gives one. */
  readonly name?: string;
  /** The page a widget visitor was on, host and path only (never the query: it may carry tokens). */
  readonly page?: string;
  /** The first thing a widget visitor said. */
  readonly firstMessage?: string;
}

const SHORT_ID = 6;

/** The last characters of an id: enough to tell users apart in a list, short enough to read. */
export const shortId = (id: string): string => (id.length > SHORT_ID ? `…${id.slice(-SHORT_ID)}` : id);

/**
 * The merchant's identity for the ticket's channel: on WeChat 微信用户 with the nickname when
 * known; on the widget (Direct Line) 网页访客 with the page and the first message; elsewhere the
 * channel and the name it gave, or the user id shortened.
 */
export function userIdentity(ticket: Pick<Ticket, 'channel' | 'userId' | 'userName' | 'id' | 'context'>, m: AgentMessages): UserIdentity {
  const name = ticket.userName?.trim() || undefined;
  const channel = ticket.channel.toLowerCase();
  if (channel === 'wechat') return { kind: m.wechatUser, ...(name ? { name } : {}) };
  if (channel === 'directline' || channel === 'webchat') {
    const visitor = ticket.context?.visitor;
    return {
      kind: m.webVisitor,
      ...(name ? { name } : {}),
      ...(visitor?.page ? { page: pageLabel(visitor.page) } : {}),
      ...(visitor?.firstMessage ? { firstMessage: visitor.firstMessage } : {}),
    };
  }
  return name ? { kind: channelName(ticket.channel, m), name } : { kind: m.visitor(shortId(ticket.userId || String(ticket.id))) };
}

/** The identity in one line: "微信用户 小张", "网页访客", "访客 …a1b2c3". */
export function identityTitle(identity: UserIdentity): string {
  return identity.name ? `${identity.kind} ${identity.name}` : identity.kind;
}
