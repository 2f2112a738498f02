import type { Ticket } from '../../web/agent/Ticket.js';

/** A waiting ticket as the server sends it, with `fields` over it: the console's tests need whole tickets. */
export function ticketFixture(fields: Partial<Ticket> = {}): Ticket {
  return {
    id: 1,
    conversationId: 'c1',
    channel: 'directline',
    userId: null,
    userName: null,
    locale: 'zh-CN',
    reason: 'user asked for a person',
    priority: 'normal',
    state: 'waiting',
    outcome: null,
    afterHours: false,
    agent: null,
    createdAt: '2026-03-01T08:00:00.000Z',
    updatedAt: '2026-03-01T08:00:00.000Z',
    assignedAt: null,
    endedAt: null,
    rating: null,
    ratingComment: null,
    queuePosition: null,
    preview: null,
    context: { vars: {}, articlesShown: [], pos: {} },
    ...fields,
  };
}
