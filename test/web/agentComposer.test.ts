import { describe, expect, it } from 'vitest';
import { articleSnippet, insertSnippet } from '../../web/agent/articleSnippet.js';
import { createThrottle } from '../../web/shared/createThrottle.js';
import { mergeMessage, messageKey } from '../../web/agent/mergeMessage.js';
import type { AgentSummary, TranscriptMessage } from '../../web/agent/Ticket.js';
import { transferTargets, withPresence } from '../../web/agent/transferTargets.js';

describe('articleSnippet', () => {
  it('puts the title in bold above the answer, trimmed, for the agent to edit', () => {
    expect(articleSnippet({ title: '刷卡提示"密码错误"（返回码55）', answer: '请持卡人重新输入。\n' })).toBe('**刷卡提示"密码错误"（返回码55）**\n\n请持卡人重新输入。');
  });
});

describe('insertSnippet', () => {
  it('replaces an empty draft and follows a written one after a blank line', () => {
    expect(insertSnippet('  \n', '**A**\n\nB')).toBe('**A**\n\nB');
    expect(insertSnippet('您好，请看：\n', '**A**\n\nB')).toBe('您好，请看：\n\n**A**\n\nB');
  });
});

describe('createThrottle', () => {
  it('lets the typing signal through at most once every 3 s', () => {
    let now = 0;
    const gate = createThrottle(3000, () => now);
    const opened: number[] = [];
    for (now = 0; now <= 7000; now += 500) if (gate()) opened.push(now);
    expect(opened).toEqual([0, 3000, 6000]);
  });
});

describe('mergeMessage', () => {
  const user = (text: string, timestamp: string): TranscriptMessage => ({ from: 'user', text, timestamp });
  const transcript = [user('转人工', '2026-03-01T08:00:00Z'), user('我的机器刷卡一直提示55', '2026-03-01T08:00:05Z')];

  it('shows the agent’s own message once though both the POST and the stream bring it', () => {
    const reply: TranscriptMessage = { from: 'agent', text: '您好', timestamp: '2026-03-01T08:01:00Z', agentName: '王小明' };
    const once = mergeMessage(transcript, reply);
    expect(once).toHaveLength(3);
    expect(mergeMessage(once, { ...reply })).toBe(once);
  });

  it('tells messages apart by the server’s id when there is one', () => {
    const a: TranscriptMessage = { id: 1, from: 'user', text: '好的', timestamp: '2026-03-01T08:02:00Z' };
    const b: TranscriptMessage = { ...a, id: 2 };
    expect(messageKey(a)).not.toBe(messageKey(b));
    expect(mergeMessage(mergeMessage(transcript, a), b)).toHaveLength(4);
  });

  it('puts a message that overtook another in its place in time', () => {
    const late = user('插队', '2026-03-01T08:00:03Z');
    expect(mergeMessage(transcript, late).map((m) => m.text)).toEqual(['转人工', '插队', '我的机器刷卡一直提示55']);
  });
});

describe('transferTargets', () => {
  const agents: AgentSummary[] = [
    { id: 'a1', username: 'wang', displayName: '王小明', online: true },
    { id: 'a2', username: 'zhao', displayName: '赵敏', online: false },
    { id: 'a3', username: 'li', displayName: '李雷', online: true },
    { id: 'a4', username: 'chen', displayName: '陈晨', online: false },
  ];

  it('leaves me out and lists online agents first', () => {
    const targets = transferTargets(agents, 'a1');
    expect(targets.map((a) => a.username)).toHaveLength(3);
    expect(targets.map((a) => a.online)).toEqual([true, false, false]);
    expect(targets[0]!.username).toBe('li');
  });

  it('follows presence frames', () => {
    const now = withPresence(agents, ['a2', 'a1']);
    expect(transferTargets(now, 'a1')[0]).toMatchObject({ username: 'zhao', online: true });
    expect(now.find((a) => a.username === 'li')?.online).toBe(false);
  });
});
