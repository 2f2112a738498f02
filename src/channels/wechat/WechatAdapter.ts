import { randomUUID } from 'node:crypto';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import { InProcessAdapter } from '../InProcessAdapter.js';

/** Where a turn's replies gather, to leave as one passive reply or as customer-service messages. */
export const WECHAT_REPLIES = Symbol('kefu.wechatReplies');

/**
 * The WeChat channel's adapter: the bot's turn runs in this process, and what it sends is kept
 * for the request that carried the message (WeChat takes the answer as the HTTP response, or
 * later through its customer-service API).
 */
export class WechatAdapter extends InProcessAdapter {
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(WECHAT_REPLIES) as Partial<Activity>[] | undefined;
    replies?.push(...activities);
    return activities.map(() => ({ id: randomUUID() }));
  }
}
