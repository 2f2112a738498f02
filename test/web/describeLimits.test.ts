import { describe, expect, it } from 'vitest';
import { describeLimits } from '../../web/agent/describeLimits.js';
import { messages as agentMessages } from '../../web/agent/messages.js';

const now = new Date('2026-12-02T07:00:00.000Z');
const closesIn = (hours: number) => new Date(now.getTime() + hours * 3_600_000 + 60_000).toISOString();

describe('describeLimits (WeChat: 48 hours, 5 messages)', () => {
  const zh = agentMessages['zh-CN'];
  it.each([
    ['messages left', { open: true, closesAt: closesIn(47), remaining: 4, quota: 5 }, 'ok', '微信：还可以发 4 条，47 小时内有效'],
    ['the last one', { open: true, closesAt: closesIn(3), remaining: 1, quota: 5 }, 'warn', '微信：只能再发 1 条（3 小时内），之后要等用户回复才能再发'],
    ['none left', { open: true, closesAt: closesIn(3), remaining: 0, quota: 5 }, 'blocked', '微信：条数已用完，用户再发消息后才能回复'],
    ['the window closed', { open: false, remaining: 0, quota: 5 }, 'blocked', '微信：用户超过 48 小时没有发消息，暂时无法回复'],
  ] as const)('%s', (_what, limits, level, text) => {
    expect(describeLimits(limits, zh, now)).toEqual({ level, text });
  });

  it('has the same sentences in English', () => {
    expect(describeLimits({ open: true, closesAt: closesIn(47), remaining: 4, quota: 5 }, agentMessages.en, now).text).toBe('WeChat: 4 more messages can go, for 47 more hours');
  });
});
