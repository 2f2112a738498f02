import { afterEach, describe, expect, it } from 'vitest';
import { loginAgent, type AgentStream } from '../support/agentClient.js';
import { connectUser, type DirectLineUser } from '../support/directLineUser.js';
import { startServer, type TestServer } from '../support/startServer.js';

/*
 * What agents use every day besides chatting (issue 12): private notes, tags, the search over past
 * tickets, canned replies and an away status. kefu on a port, a merchant on Direct Line, agents
 * on the API and the stream.
 */

const PASSWORD = 'correct horse battery';
const servers: TestServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const server of servers.splice(0)) await server.close();
});

async function setUp() {
  const server = await startServer();
  servers.push(server);
  await server.addAgent('wang', PASSWORD, '王小明', 'agent');
  await server.addAgent('li', PASSWORD, '李娜', 'agent');
  await server.addAgent('boss', PASSWORD, '主管老周', 'supervisor');
  await server.addAgent('ed', PASSWORD, '编辑小周', 'editor');
  const [wang, li, boss, ed] = await Promise.all(['wang', 'li', 'boss', 'ed'].map((u) => loginAgent(server, u, PASSWORD)));
  const stream = async (client: { stream(): Promise<AgentStream> }) => {
    const s = await client.stream();
    closers.push(() => s.close());
    return s;
  };
  const merchant = async (): Promise<DirectLineUser> => {
    const u = await connectUser(server);
    closers.push(() => u.close());
    await u.waitFor('智能客服');
    return u;
  };
  return { server, wang: wang!, li: li!, boss: boss!, ed: ed!, stream, merchant };
}

async function handedTo(agent: Awaited<ReturnType<typeof setUp>>['wang'], user: DirectLineUser, first: string) {
  await user.say(first);
  await user.waitFor((a) => a.type === 'message');
  await user.say('转人工');
  await user.waitFor('您是第 1 位');
  const { tickets } = (await agent.call('GET', '/tickets?state=waiting')).body;
  const id = tickets[0].id as number;
  expect((await agent.call('POST', `/tickets/${id}/accept`)).status).toBe(200);
  await user.waitFor('王小明');
  return id;
}

describe('private notes and tags', () => {
  it('keeps a note for agents only, redacted, live to the consoles that see the ticket, and never sends it to the user', async () => {
    const { wang, li, boss, stream, merchant } = await setUp();
    const [bossStream, liStream] = [await stream(boss), await stream(li)];
    const user = await merchant();
    const id = await handedTo(wang, user, '我的机器刷卡提示55');

    const added = await wang.call('POST', `/tickets/${id}/notes`, { text: '老客户，卡号 6222021234567890123 已核实' });
    expect(added.status).toBe(201);
    expect(added.body.note).toMatchObject({ ticketId: id, agent: { displayName: '王小明' } });
    expect(added.body.note.text).not.toMatch(/\d{12,}/);
    const live = await bossStream.waitFor((f) => f.type === 'note' && f.ticketId === id);
    expect(live.note.text).toBe(added.body.note.text);
    expect((await wang.call('GET', `/tickets/${id}`)).body.notes).toEqual([added.body.note]);

    // The user's side: a message after the note arrives, the note never does.
    await wang.call('POST', `/tickets/${id}/messages`, { text: '您好，我看一下' });
    await user.waitFor('我看一下');
    expect(user.seen.some((a) => (a.text ?? '').includes('老客户'))).toBe(false);
    expect(liStream.frames.some((f) => f.type === 'note')).toBe(false);
    expect((await li.call('POST', `/tickets/${id}/notes`, { text: '我也看看' })).status).toBe(403);
    expect((await wang.call('POST', `/tickets/${id}/notes`, { text: '  ' })).status).toBe(400);
  });

  it('tags a ticket, at most ten short tags, and finds past tickets by text, tag and user: an agent their own, a supervisor everyone’s', async () => {
    const { wang, boss, merchant } = await setUp();
    const user = await merchant();
    const id = await handedTo(wang, user, '押金退了没有到账');
    expect((await wang.call('PUT', `/tickets/${id}/tags`, { tags: ['押金', ' 到账 ', '押金'] })).body.tags).toEqual(['到账', '押金']);
    expect((await wang.call('PUT', `/tickets/${id}/tags`, { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) })).status).toBe(400);
    expect((await wang.call('PUT', `/tickets/${id}/tags`, { tags: ['这是一个非常非常非常非常非常非常长的标签名字啊'] })).status).toBe(400);
    expect((await wang.call('GET', `/tickets/${id}`)).body.tags).toEqual(['到账', '押金']);
    // Lists carry the tags too (one read for the whole list).
    expect((await wang.call('GET', '/tickets?state=assigned')).body.tickets).toEqual([expect.objectContaining({ id, tags: ['到账', '押金'] })]);
    await wang.call('POST', `/tickets/${id}/close`);

    const ids = async (client: typeof wang, query: string) => (await client.call('GET', `/tickets/search?${query}`)).body.tickets?.map((t: { id: number }) => t.id);
    expect(await ids(wang, `text=${encodeURIComponent('退了没有')}`)).toEqual([id]);
    expect(await ids(wang, `tag=${encodeURIComponent('押金')}`)).toEqual([id]);
    expect((await wang.call('GET', `/tickets/search?tag=${encodeURIComponent('押金')}`)).body.tickets[0].tags).toEqual(['到账', '押金']);
    expect(await ids(boss, `user=${encodeURIComponent(user.userId)}`)).toEqual([id]);
    expect(await ids(wang, `text=${encodeURIComponent('没说过的话')}`)).toEqual([]);
    expect(await ids(wang, 'from=2000-01-01&to=2000-01-02')).toEqual([]);
    expect((await wang.call('GET', '/tickets/search')).status).toBe(400);
    expect((await wang.call('GET', '/tickets/search?from=yesterday')).status).toBe(400);
  });
});

describe("the merchant's identity", () => {
  it('shows agents the page a widget visitor came from (no query string) and the first thing they said', async () => {
    const { wang, merchant } = await setUp();
    const user = await merchant();
    await user.event('webchat/join', { language: 'zh-CN', page: 'https://shop.example.com/pos/apply?token=abc#x' });
    const id = await handedTo(wang, user, '我想申请一台POS机');
    const { ticket } = (await wang.call('GET', `/tickets/${id}`)).body;
    expect(ticket.context.visitor).toEqual({ page: 'https://shop.example.com/pos/apply', firstMessage: '我想申请一台POS机' });
  });
});

describe('why a user rated low', () => {
  it('asks after a rating of 3 or less, keeps the next message as the comment, redacted, and supervisors read it in the report', async () => {
    const { wang, boss, merchant } = await setUp();
    const user = await merchant();
    const id = await handedTo(wang, user, '刷卡一直失败');
    await wang.call('POST', `/tickets/${id}/close`);
    await user.waitFor('请为本次服务打分');
    await user.say('2');
    await user.waitFor('能说说哪里不好吗');
    await user.say('等了太久，卡号6222021234567890123也没查到');
    await user.waitFor('已经转给客服主管');
    const { ticket } = (await boss.call('GET', `/tickets/${id}`)).body;
    expect(ticket).toMatchObject({ rating: 2 });
    expect(ticket.ratingComment).toContain('等了太久');
    expect(ticket.ratingComment).not.toMatch(/\d{12,}/);
    const report = (await boss.call('GET', '/reports')).body;
    expect(report.csat.comments).toEqual([expect.objectContaining({ ticketId: id, rating: 2, comment: ticket.ratingComment, agent: '王小明' })]);
    // The next message is a question again.
    await user.say('刷卡密码错误');
    await user.waitFor('返回码55');
  });

  it('thanks for a good rating without asking, and a new question after a low one is answered, not kept', async () => {
    const { wang, merchant } = await setUp();
    const user = await merchant();
    const id = await handedTo(wang, user, '机器连不上网');
    await wang.call('POST', `/tickets/${id}/close`);
    await user.waitFor('请为本次服务打分');
    await user.say('1');
    await user.waitFor('能说说哪里不好吗');
    await user.say('刷卡密码错误');
    await user.waitFor('返回码55');
    expect((await wang.call('GET', `/tickets/${id}`)).body.ticket.ratingComment).toBeNull();

    const other = await merchant();
    const second = await handedTo(wang, other, '押金怎么退');
    await wang.call('POST', `/tickets/${second}/close`);
    await other.waitFor('请为本次服务打分');
    await other.say('5');
    await other.waitFor('感谢您的评价');
  });
});

describe('canned replies and the away status', () => {
  it('finds canned replies by words, fills in the agent and the user, and keeps editors out', async () => {
    const { wang, ed } = await setUp();
    const found = (await wang.call('GET', `/canned?q=${encodeURIComponent('问候')}`)).body.replies;
    expect(found).toEqual([{ id: 'greeting', title: '问候', text: '您好，我是客服王小明，很高兴为您服务。请问有什么可以帮您？', tags: ['开场'] }]);
    expect((await wang.call('GET', '/canned')).body.replies.length).toBeGreaterThanOrEqual(5);
    expect((await wang.call('GET', `/canned?q=${encodeURIComponent('没有这样的回复')}`)).body.replies).toEqual([]);
    expect((await ed.call('GET', '/canned')).status).toBe(403);
  });

  it('marks an agent away and back, and the consoles hear who is away', async () => {
    const { wang, boss, stream } = await setUp();
    const bossStream = await stream(boss);
    await stream(wang);
    expect((await wang.call('POST', '/status', { away: true })).body.away).toEqual([wang.agent.id]);
    expect((await bossStream.waitFor((f) => f.type === 'presence' && f.away?.length === 1)).away).toEqual([wang.agent.id]);
    expect((await boss.call('GET', '/agents')).body.agents.find((a: { id: number }) => a.id === wang.agent.id)).toMatchObject({ online: true, away: true });
    expect((await wang.call('POST', '/status', { away: false })).body.away).toEqual([]);
    expect((await wang.call('POST', '/status', { away: 'yes' })).status).toBe(400);
  });
});
