import type { NewTicket } from '../../src/storage/index.js';

/** 08:mm(:ss) on the day of the storage tests, as the handoff service would give it. */
export const at = (minute: number, second = 0) => `2026-03-01T08:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;

/** A ticket to open for `conversationId` at 08:00, with `extra` over it. */
export const newTicket = (conversationId: string, extra: Partial<NewTicket> = {}): NewTicket => ({
  conversationId,
  channel: 'directline',
  userId: `user-${conversationId}`,
  userName: null,
  locale: 'zh-CN',
  reason: 'user-asked',
  priority: 'normal',
  afterHours: false,
  createdAt: at(0),
  context: {},
  address: {},
  ...extra,
});
