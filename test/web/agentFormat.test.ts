import { describe, expect, it } from 'vitest';
import { channelName, contextRows } from '../../web/agent/contextRows.js';
import { formatDateTime, formatFullDateTime } from '../../web/shared/formatDateTime.js';
import { formatDuration } from '../../web/agent/formatDuration.js';
import { messages } from '../../web/agent/messages.js';
import type { Ticket } from '../../web/agent/Ticket.js';
import { ticketFixture } from './ticketFixture.js';

const zh = messages['zh-CN'];
const en = messages.en;
const now = Date.parse('2026-03-01T10:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('formatDuration', () => {
  it('says how long a ticket has waited, in Chinese and English', () => {
    expect(formatDuration(ago(20_000), now, zh.duration)).toBe('不到 1 分钟');
    expect(formatDuration(ago(3 * 60_000 + 59_000), now, zh.duration)).toBe('3 分钟');
    expect(zh.waitingFor(formatDuration(ago(3 * 60_000), now, zh.duration))).toBe('等待 3 分钟');
    expect(formatDuration(ago(65 * 60_000), now, zh.duration)).toBe('1 小时 5 分钟');
    expect(formatDuration(ago(120 * 60_000), now, zh.duration)).toBe('2 小时');
    expect(formatDuration(ago(26 * 3_600_000), now, zh.duration)).toBe('1 天 2 小时');
    expect(en.waitingFor(formatDuration(ago(3 * 60_000), now, en.duration))).toBe('Waiting 3 min');
  });

  it('never shows a negative wait when the browser’s clock is behind, nor fails on a bad time', () => {
    expect(formatDuration(new Date(now + 90_000).toISOString(), now, zh.duration)).toBe('不到 1 分钟');
    expect(formatDuration('not a time', now, zh.duration)).toBe('不到 1 分钟');
    expect(formatDuration(null, now, zh.duration)).toBe('不到 1 分钟');
  });
});

describe('formatDateTime', () => {
  it('shows the time alone today and the date before it on another day, in local time', () => {
    const today = new Date(2026, 2, 1, 9, 5).toISOString();
    const earlier = new Date(2026, 1, 27, 18, 30).toISOString();
    const localNow = new Date(2026, 2, 1, 12, 0).getTime();
    expect(formatDateTime(today, localNow)).toBe('09:05');
    expect(formatDateTime(earlier, localNow)).toBe('02-27 18:30');
    expect(formatDateTime('nope', localNow)).toBe('');
  });
});

describe('formatFullDateTime', () => {
  it('always shows the date with the time, in local time', () => {
    expect(formatFullDateTime(new Date(2026, 2, 1, 9, 5).toISOString())).toBe('2026-03-01 09:05');
    expect(formatFullDateTime(undefined)).toBe('');
  });
});

describe('contextRows', () => {
  const ticket: Ticket = ticketFixture({
    id: 't1',
    userId: 'dl_user_123456',
    priority: 'high',
    createdAt: '2026-03-01T08:00:00Z',
    context: { vars: { terminalKind: '电签', tries: 3, empty: '' }, flowId: 'pin-troubleshoot', articlesShown: ['pin-wrong'], pos: { responseCode: '55' } },
  });
  const rows = contextRows(ticket, zh, () => '08:00');
  const value = (label: string) => rows.find((r) => r.label === label);

  it('lists the POS details under their Chinese names, with a dash for what the user did not give', () => {
    expect(value('返回码')).toMatchObject({ value: '55' });
    expect(value('终端序列号')).toMatchObject({ value: '—' });
    expect(value('商户号')).toMatchObject({ value: '—' });
  });

  it('shows reason, urgent priority, channel, user, what the flow collected and the articles shown', () => {
    expect(value('转人工原因')).toMatchObject({ value: 'user asked for a person' });
    expect(value('优先级')).toMatchObject({ value: '紧急', highlight: true });
    expect(value('渠道')).toMatchObject({ value: '网页聊天' });
    expect(value('用户')).toMatchObject({ value: 'dl_user_123456' });
    expect(value('排查流程')).toMatchObject({ value: 'pin-troubleshoot' });
    expect(value('已收集信息')).toMatchObject({ value: 'terminalKind: 电签\ntries: 3' });
    expect(value('已推送文章')).toEqual({ kind: 'articles', label: '已推送文章', ids: ['pin-wrong'] });
  });

  it('leaves out the flow rows when no flow ran', () => {
    const plain = contextRows({ ...ticket, context: { vars: {}, articlesShown: [], pos: {} } }, en, () => '');
    expect(plain.map((r) => r.label)).toEqual(['Handoff reason', 'Priority', 'Channel', 'User', 'Started', 'Terminal serial', 'Merchant number', 'Response code']);
  });
});

describe('channelName', () => {
  it('names known channels and shows unknown ones as they are', () => {
    expect(channelName('wechat', zh)).toBe('微信');
    expect(channelName('DirectLine', en)).toBe('Web chat');
    expect(channelName('line', zh)).toBe('line');
  });
});
