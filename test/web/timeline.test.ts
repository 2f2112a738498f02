import { describe, expect, it } from 'vitest';
import type { Activity } from '../../web/widget/Activity.js';
import { MAX_ITEMS, addPending, agentLabels, confirmSent, currentActions, failPending, mergeActivities, parseItems, setStatus, type ChatItem } from '../../web/widget/timeline.js';

const USER = 'dl_user';
const bot = (id: string, text: string, extra: Partial<Activity> = {}): Activity => ({ type: 'message', id, text, from: { id: 'kefu', role: 'bot' }, timestamp: '2026-01-01T02:00:00.000Z', ...extra });
const echo = (id: string, text: string, clientId?: string): Activity => ({
  type: 'message',
  id,
  text,
  from: { id: USER, role: 'user' },
  timestamp: '2026-01-01T02:00:01.000Z',
  ...(clientId && { channelData: { clientActivityID: clientId } }),
});
// What the handoff desk sends while a person has the conversation (src/channels/createUserDelivery.ts).
const agent = (id: string, text: string, name: string): Activity => bot(id, text, { from: { id: 'kefu', name, role: 'bot' }, channelData: { kefu: { from: 'agent', agentName: name } } });
const system = (id: string, text: string): Activity => bot(id, text, { channelData: { kefu: { from: 'system' } } });
const merge = (items: readonly ChatItem[], activities: Activity[]) => mergeActivities(items, activities, USER, '2026-01-01T00:00:00.000Z');
const texts = (items: readonly ChatItem[]) => items.map((i) => `${i.from}:${i.text}`);

describe('mergeActivities', () => {
  it('shows bot and user messages in order, on their sides', () => {
    const { items } = merge([], [bot('c|1', '您好'), echo('c|2', '押金怎么退'), bot('c|3', '**押金**说明')]);
    expect(texts(items)).toEqual(['bot:您好', 'user:押金怎么退', 'bot:**押金**说明']);
    expect(items.map((i) => i.key)).toEqual(['c|1', 'c|2', 'c|3']);
  });

  it('never shows one activity twice, however often a reconnect replays it', () => {
    const first = merge([], [bot('c|1', '您好'), echo('c|2', '你好')]).items;
    const replayed = merge(first, [bot('c|1', '您好'), echo('c|2', '你好'), bot('c|3', '请问有什么可以帮您？')]).items;
    const again = merge(replayed, [bot('c|3', '请问有什么可以帮您？')]).items;
    expect(texts(again)).toEqual(['bot:您好', 'user:你好', 'bot:请问有什么可以帮您？']);
  });

  it('replaces the pending message with its echo, matched by clientActivityID, in place', () => {
    let items = merge([], [bot('c|1', '您好')]).items;
    items = addPending(items, { clientId: 'k1', text: '刷卡密码错误', time: '2026-01-01T02:00:00.500Z' });
    expect(items.at(-1)).toMatchObject({ status: 'pending', key: 'k1' });
    items = merge(items, [echo('c|2', '刷卡密码错误', 'k1'), bot('c|3', '**刷卡提示密码错误**')]).items;
    expect(texts(items)).toEqual(['bot:您好', 'user:刷卡密码错误', 'bot:**刷卡提示密码错误**']);
    // The key stays, so the view updates the same node; the id and the server's time come in.
    expect(items[1]).toMatchObject({ key: 'k1', id: 'c|2', clientId: 'k1', status: 'sent', time: '2026-01-01T02:00:01.000Z' });
  });

  it('keeps the message once whether the post answer or the echo comes first', () => {
    const pending = addPending([], { clientId: 'k1', text: '你好', time: 't' });
    const answerFirst = merge(confirmSent(pending, 'k1', 'c|2'), [echo('c|2', '你好', 'k1')]).items;
    const echoFirst = confirmSent(merge(pending, [echo('c|2', '你好', 'k1')]).items, 'k1', 'c|2');
    for (const items of [answerFirst, echoFirst]) {
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ id: 'c|2', status: 'sent', key: 'k1' });
    }
  });

  it('shows the same text sent twice as two messages', () => {
    let items: readonly ChatItem[] = addPending([], { clientId: 'k1', text: '转人工', time: 't' });
    items = addPending(items, { clientId: 'k2', text: '转人工', time: 't' });
    items = merge(items, [echo('c|5', '转人工', 'k2'), echo('c|4', '转人工', 'k1')]).items;
    expect(items.map((i) => [i.key, i.id])).toEqual([
      ['k1', 'c|4'],
      ['k2', 'c|5'],
    ]);
  });

  it('shows a user message sent elsewhere (no pending match) as a new user message', () => {
    const { items } = merge([], [echo('c|2', '从别的标签页发的', 'other-tab')]);
    expect(items).toMatchObject([{ from: 'user', text: '从别的标签页发的', status: 'sent' }]);
  });

  it('leaves out events, conversation updates and empty messages', () => {
    const { items } = merge(
      [],
      [
        { type: 'conversationUpdate', id: 'c|0' },
        { type: 'event', id: 'c|1', name: 'handoff.initiate', from: { id: 'kefu', role: 'bot' } },
        bot('c|2', ''),
        bot('c|3', '正在为您转接人工客服'),
      ],
    );
    expect(texts(items)).toEqual(['bot:正在为您转接人工客服']);
  });

  it('shows a message with only an attachment as unsupported, not as nothing', () => {
    const { items } = merge([], [bot('c|1', '', { attachments: [{ contentType: 'application/vnd.microsoft.card.hero' }] })]);
    expect(items).toMatchObject([{ unsupported: true, text: '' }]);
  });

  it('reports typing when a typing activity comes last, and not after a bot message', () => {
    expect(merge([], [bot('c|1', '您好'), { type: 'typing', id: 'c|2', from: { id: 'kefu', role: 'bot' } }]).typing).toBe(true);
    expect(merge([], [{ type: 'typing', id: 'c|1', from: { id: 'kefu', role: 'bot' } }, bot('c|2', '答案')]).typing).toBe(false);
    expect(merge([], [{ type: 'typing', id: 'c|1', from: { id: USER, role: 'user' } }]).typing).toBeUndefined();
    expect(merge([], [{ type: 'event', id: 'c|1', name: 'x' }]).typing).toBeUndefined();
  });

  it('reports typing from an agent, which comes with a name and no role', () => {
    expect(merge([], [{ type: 'typing', from: { id: 'kefu', name: '王小明', role: 'bot' } }]).typing).toBe(true);
    expect(merge([], [{ type: 'typing', from: { name: '王小明' } }]).typing).toBe(true);
  });

  it('marks an agent’s message with the agent’s name, and neither the bot’s nor a system notice', () => {
    const { items } = merge([], [bot('c|1', '正在为您转接'), system('c|2', '客服王小明为您服务'), agent('c|3', '您好', '王小明')]);
    expect(items.map((i) => i.agent)).toEqual([undefined, undefined, '王小明']);
    expect(items[2]).toMatchObject({ from: 'bot', text: '您好' });
  });

  it('takes the agent’s name from from.name when channelData has none, and ignores a user claiming to be one', () => {
    const unnamed = bot('c|1', '您好', { from: { id: 'kefu', name: '李雷', role: 'bot' }, channelData: { kefu: { from: 'agent', agentName: ' ' } } });
    const nameless = bot('c|2', '您好', { from: { id: 'kefu', role: 'bot' }, channelData: { kefu: { from: 'agent' } } });
    const { items } = merge([], [unnamed, nameless, { ...echo('c|3', '我是客服'), channelData: { kefu: { from: 'agent', agentName: '冒充' } } }]);
    expect(items.map((i) => i.agent)).toEqual(['李雷', undefined, undefined]);
  });

  it('keeps suggested actions that say something, by title', () => {
    const { items } = merge(
      [],
      [
        bot('c|1', '这个回答有帮助吗？', {
          suggestedActions: {
            actions: [
              { type: 'imBack', title: '👍 有帮助', value: '👍 有帮助' },
              { type: 'openUrl', title: '官网', value: 'javascript:alert(1)' },
              { type: 'imBack', title: '   ' },
              { type: 'postBack', title: '👎 没帮助', value: 'x' },
            ],
          },
        }),
      ],
    );
    expect(items[0]!.actions).toEqual(['👍 有帮助', '👎 没帮助']);
  });

  it(`keeps the last ${MAX_ITEMS} messages`, () => {
    const many = Array.from({ length: MAX_ITEMS + 5 }, (_, k) => bot(`c|${k}`, `第${k}条`));
    const { items } = merge([], many);
    expect(items).toHaveLength(MAX_ITEMS);
    expect(items[0]!.text).toBe('第5条');
  });
});

describe('currentActions', () => {
  const withActions = merge([], [bot('c|1', '选一个', { suggestedActions: { actions: [{ type: 'imBack', title: '转人工' }] } })]).items;

  it('offers the buttons of the last message when the bot sent it', () => {
    expect(currentActions(withActions)).toEqual(['转人工']);
  });

  it('takes them away once the user has said something', () => {
    expect(currentActions(addPending(withActions, { clientId: 'k1', text: '转人工', time: 't' }))).toEqual([]);
    expect(currentActions(merge(withActions, [bot('c|2', '好的')]).items)).toEqual([]);
    expect(currentActions([])).toEqual([]);
  });
});

describe('agentLabels', () => {
  const labels = (activities: Activity[], pending: string[] = []) => {
    let items = merge([], activities).items;
    for (const text of pending) items = addPending(items, { clientId: text, text, time: 't' });
    return agentLabels(items);
  };

  it('names the agent above their first message, and not above the bot’s or a system notice', () => {
    expect(labels([bot('c|1', '正在为您转接'), system('c|2', '客服王小明为您服务'), agent('c|3', '您好', '王小明')])).toEqual([undefined, undefined, '王小明']);
  });

  it('names an agent once for consecutive messages, the user’s replies in between not counting', () => {
    expect(labels([agent('c|1', '您好', '王小明'), agent('c|2', '请问终端序列号是？', '王小明'), echo('c|3', 'N8A1234'), agent('c|4', '好的', '王小明')])).toEqual([
      '王小明',
      undefined,
      undefined,
      undefined,
    ]);
    // A message still on its way is the user's too.
    expect(labels([agent('c|1', '您好', '王小明')], ['在吗'])).toEqual(['王小明', undefined]);
  });

  it('names the agent again after a bot message, a system notice or another agent', () => {
    expect(
      labels([
        agent('c|1', '您好', '王小明'),
        bot('c|2', '这个回答有帮助吗？'),
        agent('c|3', '还有其他问题吗？', '王小明'),
        system('c|4', '已为您转接李雷'),
        agent('c|5', '您好', '李雷'),
        agent('c|6', '我是王小明', '王小明'),
      ]),
    ).toEqual(['王小明', undefined, '王小明', undefined, '李雷', '王小明']);
  });

  it('names no one when no agent wrote anything', () => {
    expect(labels([bot('c|1', '您好'), echo('c|2', '押金'), system('c|3', '请为本次服务评分')])).toEqual([undefined, undefined, undefined]);
    expect(agentLabels([])).toEqual([]);
  });
});

describe('pending messages', () => {
  it('fails and retries by client id, and on reload fails what was never confirmed', () => {
    let items = addPending([], { clientId: 'k1', text: '甲', time: 't' });
    items = addPending(items, { clientId: 'k2', text: '乙', time: 't' });
    items = confirmSent(items, 'k2', 'c|9');
    expect(setStatus(items, 'k1', 'failed').map((i) => i.status)).toEqual(['failed', 'sent']);
    expect(setStatus(setStatus(items, 'k1', 'failed'), 'k1', 'pending').map((i) => i.status)).toEqual(['pending', 'sent']);
    expect(failPending(items).map((i) => i.status)).toEqual(['failed', 'sent']);
  });

  it('lets a late echo confirm a message shown as failed after a reload', () => {
    const failed = failPending(addPending([], { clientId: 'k1', text: '甲', time: 't' }));
    expect(merge(failed, [echo('c|3', '甲', 'k1')]).items).toMatchObject([{ key: 'k1', id: 'c|3', status: 'sent' }]);
  });
});

describe('parseItems', () => {
  it('reads back what was stored, and drops what does not look like a message', () => {
    const items = merge([], [bot('c|1', '您好', { suggestedActions: { actions: [{ title: '转人工' }] } })]).items;
    expect(parseItems(JSON.stringify(items))).toEqual(items);
    const byAgent = merge([], [agent('c|2', '您好', '王小明')]).items;
    expect(parseItems(JSON.stringify(byAgent))).toEqual(byAgent);
    expect(parseItems(JSON.stringify([{ ...byAgent[0], agent: 42 }]))).toEqual([]);
    expect(parseItems(JSON.stringify([{ key: 'x', from: 'hacker', text: 'x', time: 't', status: 'sent', actions: [] }, null, 5]))).toEqual([]);
    expect(parseItems('{not json')).toEqual([]);
    expect(parseItems(null)).toEqual([]);
  });
});
