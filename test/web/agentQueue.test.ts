import { describe, expect, it } from 'vitest';
import { createTicketCache } from '../../web/agent/createTicketCache.js';
import { compareInTab, inTab, tabQuery } from '../../web/agent/queueTabs.js';
import type { Ticket } from '../../web/agent/Ticket.js';
import { ticketFixture } from './ticketFixture.js';

const ticket = (id: string, fields: Partial<Ticket> = {}): Ticket => ticketFixture({ id, conversationId: `c-${id}`, ...fields });
const wang = { id: 'a1', displayName: '王小明' };
const li = { id: 'a2', displayName: '李雷' };

describe('tabQuery', () => {
  it('asks for my assigned tickets on the 我的 tab and for a state on the others', () => {
    expect(tabQuery('waiting')).toBe('state=waiting');
    expect(tabQuery('mine')).toBe('state=assigned&mine=1');
    expect(tabQuery('assigned')).toBe('state=assigned');
    expect(tabQuery('closed')).toBe('state=closed');
  });
});

describe('inTab', () => {
  it('puts an assigned ticket in 我的 only when it is assigned to me', () => {
    const mine = ticket('1', { state: 'assigned', agent: wang });
    const theirs = ticket('2', { state: 'assigned', agent: li });
    expect(inTab(mine, 'mine', 'a1')).toBe(true);
    expect(inTab(theirs, 'mine', 'a1')).toBe(false);
    expect(inTab(theirs, 'assigned', 'a1')).toBe(true);
    expect(inTab(mine, 'waiting', 'a1')).toBe(false);
  });

  it('matches agent ids whether the server sends numbers or strings', () => {
    expect(inTab(ticket('1', { state: 'assigned', agent: { id: 7, displayName: 'x' } }), 'mine', '7')).toBe(true);
  });

  it('keeps cancelled and expired tickets out of 已结束, which lists closed ones', () => {
    expect(inTab(ticket('1', { state: 'cancelled' }), 'closed', 'a1')).toBe(false);
    expect(inTab(ticket('1', { state: 'closed' }), 'closed', 'a1')).toBe(true);
  });
});

describe('compareInTab', () => {
  it('orders the waiting queue like the server: high priority first, then the oldest', () => {
    const tickets = [
      ticket('new-normal', { createdAt: '2026-03-01T08:05:00Z' }),
      ticket('old-normal', { createdAt: '2026-03-01T08:00:00Z' }),
      ticket('new-high', { createdAt: '2026-03-01T08:06:00Z', priority: 'high' }),
      ticket('old-high', { createdAt: '2026-03-01T08:01:00Z', priority: 'high' }),
    ];
    expect(tickets.sort(compareInTab('waiting')).map((t) => t.id)).toEqual(['old-high', 'new-high', 'old-normal', 'new-normal']);
  });

  it('shows the most recently closed first', () => {
    const tickets = [ticket('a', { state: 'closed', endedAt: '2026-03-01T09:00:00Z' }), ticket('b', { state: 'closed', endedAt: '2026-03-01T10:00:00Z' })];
    expect(tickets.sort(compareInTab('closed')).map((t) => t.id)).toEqual(['b', 'a']);
  });
});

describe('createTicketCache', () => {
  it('answers the version a live update replaced, so a new waiting ticket can be told from a change', () => {
    const cache = createTicketCache(() => 'a1');
    expect(cache.upsert(ticket('1'))).toBeUndefined();
    expect(cache.upsert(ticket('1', { state: 'assigned', agent: wang }))?.state).toBe('waiting');
    expect(cache.list('waiting')).toEqual([]);
    expect(cache.list('mine').map((t) => t.id)).toEqual(['1']);
  });

  it('counts waiting tickets whatever tab is shown', () => {
    const cache = createTicketCache(() => 'a1');
    cache.upsert(ticket('1'));
    cache.upsert(ticket('2'));
    cache.upsert(ticket('3', { state: 'assigned', agent: li }));
    expect(cache.waitingCount()).toBe(2);
  });

  it('drops tickets a refetch no longer lists in that tab, and keeps the other tabs', () => {
    const cache = createTicketCache(() => 'a1');
    cache.upsert(ticket('gone'));
    cache.upsert(ticket('kept'));
    cache.upsert(ticket('other-tab', { state: 'assigned', agent: wang }));
    cache.replaceTab('waiting', [ticket('kept'), ticket('new')]);
    expect(cache.list('waiting').map((t) => t.id).sort()).toEqual(['kept', 'new']);
    expect(cache.get('gone')).toBeUndefined();
    expect(cache.get('other-tab')).toBeDefined();
  });

  it('updates a row’s preview when the user writes', () => {
    const cache = createTicketCache(() => 'a1');
    cache.upsert(ticket('1', { preview: '转人工' }));
    cache.setPreview('1', '我的机器刷卡一直提示55');
    expect(cache.get('1')?.preview).toBe('我的机器刷卡一直提示55');
    cache.setPreview('unknown', 'x');
    expect(cache.get('unknown')).toBeUndefined();
  });
});
