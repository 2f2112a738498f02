import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../web/shared/formatDateTime.js';
import { mergeNotes } from '../../web/agent/mergeNotes.js';
import { messages } from '../../web/agent/messages.js';
import { parseFrame } from '../../web/agent/parseFrame.js';
import { pageLabel } from '../../web/agent/pageLabel.js';
import { buildSearchQuery, type SearchFields } from '../../web/agent/searchQuery.js';
import { addTag, MAX_TAGS, removeTag } from '../../web/agent/tagRules.js';
import type { Ticket, TicketNote } from '../../web/agent/Ticket.js';
import { ticketFixture } from './ticketFixture.js';
import { withPresence, transferTargets } from '../../web/agent/transferTargets.js';
import { identityTitle, userIdentity } from '../../web/agent/userIdentity.js';

const zh = messages['zh-CN'];
const en = messages.en;

describe('userIdentity', () => {
  const base: Ticket = ticketFixture({ id: 7, userId: 'dl_f3179906-9a61-4506-abd0-93e50c8204c7', reason: 'r', createdAt: '2026-03-01T08:00:00Z' });

  it('names a widget visitor 网页访客 with the page (never its query) and the first thing they said', () => {
    const ticket = { ...base, context: { ...base.context, visitor: { page: 'https://shop.example.com/pos?x=1', firstMessage: '我的机器刷不了卡' } } };
    expect(userIdentity(ticket, zh)).toEqual({ kind: '网页访客', page: 'shop.example.com/pos', firstMessage: '我的机器刷不了卡' });
    expect(identityTitle(userIdentity(ticket, en))).toBe('Web visitor');
    expect(userIdentity(base, zh)).toEqual({ kind: '网页访客' });
  });

  it('names a WeChat user 微信用户, with the nickname when the channel gave one', () => {
    expect(identityTitle(userIdentity({ ...base, channel: 'wechat', userId: 'oAbCdEfGh123456' }, zh))).toBe('微信用户');
    expect(identityTitle(userIdentity({ ...base, channel: 'wechat', userName: '小张' }, zh))).toBe('微信用户 小张');
    expect(identityTitle(userIdentity({ ...base, channel: 'wechat', userName: '小张' }, en))).toBe('WeChat user 小张');
  });

  it('shortens the user id on other channels, and shows a name a channel gives with the channel', () => {
    expect(identityTitle(userIdentity({ ...base, channel: 'msteams', userId: '29:1abcdefghijk' }, zh))).toBe('访客 …fghijk');
    expect(identityTitle(userIdentity({ ...base, channel: 'msteams', userId: 'u1' }, zh))).toBe('访客 u1');
    expect(identityTitle(userIdentity({ ...base, channel: 'msteams', userName: 'Ann' }, en))).toBe('Teams Ann');
    expect(identityTitle(userIdentity({ ...base, channel: 'line', userId: null }, en))).toBe('Visitor 7');
  });
});

describe('pageLabel', () => {
  it('keeps host and path, drops the query and the fragment, and leaves a text that is no address alone', () => {
    expect(pageLabel('https://shop.example.com/pos?token=abc#top')).toBe('shop.example.com/pos');
    expect(pageLabel('https://shop.example.com/')).toBe('shop.example.com');
    expect(pageLabel('http://localhost:8080/a/b')).toBe('localhost:8080/a/b');
    expect(pageLabel('not a url?x=1')).toBe('not a url');
  });
});

describe('tag rules', () => {
  it('adds a tag typed in, trimmed and with inner spaces collapsed as the server keeps it', () => {
    expect(addTag(['电签'], '  密码   错误 ')).toEqual({ tags: ['电签', '密码 错误'] });
  });

  it('changes nothing for an empty or repeated tag (the same list: nothing to save)', () => {
    const tags = ['电签'];
    expect(addTag(tags, '   ')).toEqual({ tags });
    expect((addTag(tags, '电签') as { tags: readonly string[] }).tags).toBe(tags);
  });

  it('refuses a tag over 20 characters (counted as characters, not UTF-16 units) and an eleventh tag, with what the wording needs', () => {
    expect(addTag([], '一'.repeat(20))).toEqual({ tags: ['一'.repeat(20)] });
    expect(addTag([], '😀'.repeat(20))).toEqual({ tags: ['😀'.repeat(20)] });
    expect(addTag([], '一'.repeat(21))).toEqual({ problem: { code: 'TAG_TOO_LONG', params: { max: 20 } } });
    const full = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
    expect(addTag(full, 'one more')).toEqual({ problem: { code: 'TOO_MANY_TAGS', params: { max: 10 } } });
    expect(zh.tagProblems.TAG_TOO_LONG(20)).toBe('标签最多 20 个字');
    expect(en.tagProblems.TOO_MANY_TAGS(10)).toBe('At most 10 tags');
  });

  it('removes a tag, and only that one', () => {
    expect(removeTag(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
    expect(removeTag(['a'], 'z')).toEqual(['a']);
  });
});

describe('buildSearchQuery', () => {
  const empty: SearchFields = { text: '', user: '', tag: '', from: '', to: '' };
  const parsed = (fields: Partial<SearchFields>) => {
    const built = buildSearchQuery({ ...empty, ...fields });
    return 'query' in built ? Object.fromEntries(new URLSearchParams(built.query)) : built;
  };

  it('sends only the fields filled in, trimmed', () => {
    expect(parsed({ text: ' 押金 ', tag: '电签' })).toEqual({ text: '押金', tag: '电签' });
    expect(parsed({ user: 'wx_123' })).toEqual({ user: 'wx_123' });
  });

  it('turns the local days into instants, both days included: from the first midnight to the midnight after the last', () => {
    expect(parsed({ from: '2026-03-01', to: '2026-03-02' })).toEqual({ from: new Date(2026, 2, 1).toISOString(), to: new Date(2026, 2, 3).toISOString() });
    // One day: from its midnight to the next.
    expect(parsed({ from: '2026-12-31', to: '2026-12-31' })).toEqual({ from: new Date(2026, 11, 31).toISOString(), to: new Date(2027, 0, 1).toISOString() });
  });

  it('says why there is no search: nothing filled in, a bad day, days out of order', () => {
    expect(parsed({ text: '  ' })).toEqual({ problem: { code: 'SEARCH_EMPTY' } });
    expect(parsed({ from: '1 March' })).toEqual({ problem: { code: 'SEARCH_BAD_DAY' } });
    expect(parsed({ from: '2026-03-02', to: '2026-03-01' })).toEqual({ problem: { code: 'SEARCH_DAYS_REVERSED' } });
    expect(zh.searchProblems.SEARCH_EMPTY).toBe('请至少填写一个条件');
  });
});

describe('formatDateTime, as the console shows times', () => {
  const now = new Date(2026, 2, 1, 12, 0).getTime();
  it('shows the time alone today, the month and day another day this year, the full date in another year', () => {
    expect(formatDateTime(new Date(2026, 2, 1, 0, 1).toISOString(), now)).toBe('00:01');
    expect(formatDateTime(new Date(2026, 1, 28, 23, 59).toISOString(), now)).toBe('02-28 23:59');
    expect(formatDateTime(new Date(2025, 11, 31, 18, 30).toISOString(), now)).toBe('2025-12-31 18:30');
    // The same day a year ago is not today.
    expect(formatDateTime(new Date(2025, 2, 1, 9, 0).toISOString(), now)).toBe('2025-03-01 09:00');
  });
});

describe('mergeNotes', () => {
  const note = (id: number, createdAt: string): TicketNote => ({ id, ticketId: 1, agent: { id: 1, displayName: '王小明' }, text: `n${id}`, createdAt });
  it('keeps a note once when both the answer and the stream bring it, oldest first', () => {
    const a = note(1, '2026-03-01T08:00:00Z');
    const b = note(2, '2026-03-01T09:00:00Z');
    expect(mergeNotes([b], [a, b]).map((n) => n.id)).toEqual([1, 2]);
    const notes = [a, b];
    expect(mergeNotes(notes, [{ ...b }])).toBe(notes);
  });
});

describe('presence with away', () => {
  const agents = [
    { id: 1, username: 'wang', displayName: '王小明', online: false },
    { id: 2, username: 'zhao', displayName: '赵敏', online: false },
    { id: 3, username: 'li', displayName: '李雷', online: false },
  ];
  it('marks the away among the online, keeps the away flags a frame without them does not mention, and lists the available first', () => {
    const now = withPresence(agents, [2, 3], [2]);
    expect(now.map((a) => [a.username, a.online, a.away])).toEqual([
      ['wang', false, false],
      ['zhao', true, true],
      ['li', true, false],
    ]);
    expect(withPresence(now, [2, 3]).find((a) => a.id === 2)?.away).toBe(true);
    expect(withPresence(now, [3], undefined).find((a) => a.id === 2)?.away).toBe(false); // offline is not away
    expect(transferTargets(now, 1).map((a) => a.username)).toEqual(['li', 'zhao']);
    expect(zh.agentOption('赵敏', 'away')).toBe('赵敏（离开）');
    expect(en.agentOption('Ann', 'offline')).toBe('Ann (offline)');
  });
});

describe('parseFrame, for the everyday tools', () => {
  it('reads notes, tags and who is away; a presence frame without away says nothing about it', () => {
    const note = { id: 5, ticketId: 9, agent: { id: 1, displayName: '王小明' }, text: '已让用户重启', createdAt: '2026-03-01T08:00:00Z' };
    expect(parseFrame(JSON.stringify({ type: 'note', ticketId: 9, note }))).toEqual({ type: 'note', ticketId: 9, note });
    expect(parseFrame(JSON.stringify({ type: 'tags', ticketId: 9, tags: ['电签', 3] }))).toEqual({ type: 'tags', ticketId: 9, tags: ['电签'] });
    expect(parseFrame(JSON.stringify({ type: 'presence', online: [1, 2], away: [2] }))).toEqual({ type: 'presence', online: [1, 2], away: [2] });
    expect(parseFrame(JSON.stringify({ type: 'presence', online: [1] }))).toEqual({ type: 'presence', online: [1] });
    expect(parseFrame(JSON.stringify({ type: 'note', ticketId: 9, note: { text: 'no id' } }))).toBeUndefined();
  });
});
