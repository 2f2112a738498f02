import type { WechatStore } from '../../storage/index.js';

/** Whether customer-service messages can still reach a WeChat user, and how many. */
export interface WechatWindowStatus {
  /** The 48 hours since the user's last message have not run out. */
  readonly open: boolean;
  /** When they run out (ISO-8601); undefined when the user never wrote. */
  readonly closesAt?: string;
  /** Messages that may still be sent before the user writes again. */
  readonly remaining: number;
  readonly quota: number;
}

export interface WechatWindowOptions {
  readonly store: Pick<WechatStore, 'lastUserMessageAt' | 'countSince'>;
  readonly now?: () => Date;
  /** Hours after a user's message during which customer-service messages reach them. Default 48. */
  readonly hours?: number;
  /** Messages per message of the user's. Default 5: WeChat's limit is lower than it used to be. */
  readonly quota?: number;
}

/**
 * WeChat's rule for customer-service messages: they reach a user only within 48 hours of the
 * user's last message, and only a few per message. Read from what kefu stored (the user's
 * messages in the transcript, the outbox), so every instance agrees.
 */
export function createWechatWindow({ store, now = () => new Date(), hours = 48, quota = 5 }: WechatWindowOptions) {
  return {
    async status(openId: string): Promise<WechatWindowStatus> {
      const last = await store.lastUserMessageAt(openId);
      if (!last) return { open: false, remaining: 0, quota };
      const closesAt = new Date(Date.parse(last) + hours * 3_600_000);
      const sent = await store.countSince(openId, last);
      const open = closesAt.getTime() > now().getTime();
      return { open, closesAt: closesAt.toISOString(), remaining: open ? Math.max(0, quota - sent) : 0, quota };
    },
  };
}

export type WechatWindow = ReturnType<typeof createWechatWindow>;
