import { afterEach, describe, expect, it } from 'vitest';
import { loginAgent, type AgentStream } from '../support/agentClient.js';
import { connectUser, type DirectLineUser, type UserActivity } from '../support/directLineUser.js';
import { IN_SERVICE_HOURS } from '../support/clocks.js';
import { createMemoryCluster } from '../support/memoryCluster.js';
import { startServer, type TestServer } from '../support/startServer.js';

/*
 * The whole takeover with real parts: kefu on a port, a merchant on Direct Line (the official
 * client over WebSocket), agents on the HTTP API and the live stream, a SQLite file that outlives
 * a restart.
 */

const PASSWORD = 'correct horse battery';
const servers: TestServer[] = [];
const closers: (() => Promise<void>)[] = [];

async function start(options: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer(options);
  servers.push(server);
  return server;
}
async function user(server: TestServer, resume?: DirectLineUser) {
  const u = await connectUser(server, resume ? { resume } : {});
  closers.push(() => u.close());
  return u;
}
async function stream(client: { stream(): Promise<AgentStream> }) {
  const s = await client.stream();
  closers.push(() => s.close());
  return s;
}

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const server of servers.splice(0)) await server.close();
});

/** What the user saw from the bot's side after their message `text`, up to now. */
function botSideAfter(u: DirectLineUser, text: string): UserActivity[] {
  const at = u.seen.findLastIndex((a) => a.from.id === u.userId && a.text === text);
  return u.seen.slice(at + 1).filter((a) => a.from.id !== u.userId && a.type === 'message');
}

describe('a merchant on Direct Line handed over to a person', () => {
  it('queues, one of two agents wins the accept, messages flow both ways live, the bot stays silent, the agent closes and the user rates', async () => {
    const server = await start();
    await server.addAgent('wang', PASSWORD, '王小明');
    // Li supervises: whoever wins, li may still read the ticket afterwards.
    await server.addAgent('li', PASSWORD, '李娜', 'supervisor');
    const wang = await loginAgent(server, 'wang', PASSWORD, 'cookie');
    const li = await loginAgent(server, 'li', PASSWORD, 'bearer');
    const wangStream = await stream(wang);
    const liStream = await stream(li);

    const merchant = await user(server);
    await merchant.waitFor('智能客服');
    await merchant.say('刷卡一直提示55');
    await merchant.waitFor('返回码55');
    await merchant.say('我的商户号是 898440153990123');
    await merchant.waitFor('还没学会');
    await merchant.say('转人工');
    const queued = await merchant.waitFor('您是第 1 位');
    expect(queued.suggestedActions?.actions.map((a) => a.title)).toContain('取消转人工');

    // Both consoles see the new ticket live, with the context the bot gathered.
    const isNew = (f: { type: string; ticket?: { state: string } }) => f.type === 'ticket' && f.ticket?.state === 'waiting';
    const [seenByWang] = await Promise.all([wangStream.waitFor(isNew), liStream.waitFor(isNew)]);
    const ticket = seenByWang.ticket;
    expect(ticket).toMatchObject({ conversationId: merchant.conversationId, channel: 'directline', priority: 'normal', queuePosition: 1 });
    expect(ticket.context.pos).toMatchObject({ merchantNumber: '898440153990123', responseCode: '55' });
    expect(ticket.context.articlesShown).toContain('pin-wrong');

    // Two accepts at once: exactly one wins, the other is told who.
    const [a, b] = await Promise.all([wang.call('POST', `/tickets/${ticket.id}/accept`), li.call('POST', `/tickets/${ticket.id}/accept`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser, winnerName, winnerStream] = a.status === 200 ? [wang, li, '王小明', wangStream] : [li, wang, '李娜', liStream];
    expect((a.status === 409 ? a : b).body.error).toMatchObject({ code: 'TICKET_TAKEN', message: expect.stringContaining(winnerName) });
    await merchant.waitFor((x) => x.type === 'event' && x.name === 'handoff.status' && (x.value as { state?: string }).state === 'accepted');
    await merchant.waitFor(`客服 ${winnerName} 已接入`);
    // handoff.initiate, with the whole transcript, is for Bot Framework channels: never in the widget's stream.
    expect(merchant.seen.filter((x) => x.type === 'event' && x.name === 'handoff.initiate')).toEqual([]);

    // Agent -> user, on the user's channel, with the agent's name.
    expect((await winner.call('POST', `/tickets/${ticket.id}/messages`, { text: '您好，请问是哪种卡刷不了？' })).status).toBe(201);
    const reply = await merchant.waitFor('请问是哪种卡刷不了');
    expect(reply.from.name).toBe(winnerName);
    // The loser may read but not write.
    expect((await loser.call('POST', `/tickets/${ticket.id}/messages`, { text: '我来' })).body.error.code).toBe('NOT_YOUR_TICKET');

    // User -> agent, live; typing too; and the bot says nothing.
    await merchant.typing();
    await winnerStream.waitFor((f) => f.type === 'typing' && f.ticketId === ticket.id);
    await merchant.say('信用卡，刷了三次都是55');
    const live = await winnerStream.waitFor((f) => f.type === 'message' && f.message.from === 'user');
    expect(live).toMatchObject({ ticketId: ticket.id, message: { text: '信用卡，刷了三次都是55' } });
    await winner.call('POST', `/tickets/${ticket.id}/messages`, { text: '信用卡请先确认是否设置过密码' });
    await merchant.waitFor('确认是否设置过密码');
    // Everything the user got between their message and the agent's answer: only the agent's answer.
    expect(botSideAfter(merchant, '信用卡，刷了三次都是55').map((x) => x.text)).toEqual(['信用卡请先确认是否设置过密码']);

    // The whole conversation is in the ticket, in order, with who said what.
    const detail = await winner.call('GET', `/tickets/${ticket.id}`);
    const lines = detail.body.transcript.map((l: { from: string; text: string }) => `${l.from}:${l.text}`);
    expect(lines[0]).toMatch(/^bot:.*智能客服/);
    expect(lines).toContain('user:转人工');
    expect(lines.slice(-2)).toEqual(['user:信用卡，刷了三次都是55', 'agent:信用卡请先确认是否设置过密码']);
    expect(detail.body.transcript.at(-1).agentName).toBe(winnerName);

    // Close: the user is asked for a rating and gives one; the ticket keeps it.
    expect((await winner.call('POST', `/tickets/${ticket.id}/close`)).body.ticket).toMatchObject({ state: 'closed', outcome: 'resolved' });
    const ask = await merchant.waitFor('请为本次服务打分');
    expect(ask.suggestedActions?.actions.map((x) => x.title)).toEqual(['1 很不满意', '2 不满意', '3 一般', '4 满意', '5 非常满意']);
    await merchant.waitFor((x) => x.type === 'event' && x.name === 'handoff.status' && (x.value as { state?: string }).state === 'completed');
    await merchant.say('4 满意');
    await merchant.waitFor('感谢您的评价');
    await winnerStream.waitFor((f) => f.type === 'ticket' && f.ticket.id === ticket.id && f.ticket.rating === 4);
    expect((await li.call('GET', `/tickets/${ticket.id}`)).body.ticket).toMatchObject({ state: 'closed', rating: 4, agent: { displayName: winnerName } });

    // And the bot answers again.
    await merchant.say('押金什么时候退');
    await merchant.waitFor((x) => x.type === 'message' && x.from.name !== winnerName && /押金|哪种POS机/.test(x.text ?? ''));
  });

  it('loses nothing when the server restarts in the middle of a takeover', async () => {
    const first = await start();
    await first.addAgent('wang', PASSWORD, '王小明');
    const wang = await loginAgent(first, 'wang', PASSWORD, 'bearer');
    const merchant = await user(first);
    await merchant.waitFor('智能客服');
    await merchant.say('人工客服');
    await merchant.waitFor('您是第 1 位');
    const [ticket] = (await wang.call('GET', '/tickets?state=waiting')).body.tickets;
    await wang.call('POST', `/tickets/${ticket.id}/accept`);
    await wang.call('POST', `/tickets/${ticket.id}/messages`, { text: '您好，我是王小明' });
    await merchant.waitFor('我是王小明');
    await merchant.close();
    await first.close({ keepData: true });

    const second = await start({ dataDir: first.dataDir });
    // The agent's session, the ticket and its transcript survived; so did the user's conversation.
    const again = wang.on(second);
    const after = await again.call('GET', `/tickets/${ticket.id}`);
    expect(after.status).toBe(200);
    expect(after.body.ticket).toMatchObject({ state: 'assigned', agent: { displayName: '王小明' } });
    expect(after.body.transcript.map((l: { text: string }) => l.text)).toContain('您好，我是王小明');

    const back = await user(second, merchant);
    await back.waitFor('我是王小明'); // the log replays from the start
    const wangStream = await stream(again);
    await back.say('机器还是提示55');
    await wangStream.waitFor((f) => f.type === 'message' && f.message.text === '机器还是提示55');
    await again.call('POST', `/tickets/${ticket.id}/messages`, { text: '收到，我帮您查一下' });
    await back.waitFor('我帮您查一下');
    expect(botSideAfter(back, '机器还是提示55').map((x) => x.text)).toEqual(['收到，我帮您查一下']);
  });
});

describe('the user side of the queue', () => {
  it('取消转人工 leaves the queue and the bot answers again', async () => {
    const server = await start();
    // A ticket no agent ever had: a supervisor sees it among the ended ones.
    await server.addAgent('wang', PASSWORD, '王', 'supervisor');
    const wang = await loginAgent(server, 'wang', PASSWORD);
    const merchant = await user(server);
    await merchant.say('转人工');
    await merchant.waitFor('您是第 1 位');
    await merchant.say('取消转人工');
    await merchant.waitFor('已取消转人工');
    expect((await wang.call('GET', '/tickets?state=cancelled')).body.tickets).toMatchObject([{ state: 'cancelled', outcome: 'cancelled' }]);
    await merchant.say('刷卡密码错误');
    await merchant.waitFor('返回码55');
  });

  it('fraud goes in at high priority, ahead of an earlier normal ticket, with advice for the user first', async () => {
    const server = await start();
    await server.addAgent('wang', PASSWORD);
    const wang = await loginAgent(server, 'wang', PASSWORD);
    const first = await user(server);
    await first.say('转人工');
    await first.waitFor('您是第 1 位');
    const second = await user(server);
    await second.say('我的卡被盗刷了怎么办');
    await second.waitFor('冻结银行卡');
    await second.waitFor('您是第 1 位');
    const queue = (await wang.call('GET', '/tickets?state=waiting')).body.tickets;
    expect(queue.map((t: { conversationId: string; priority: string; reason: string }) => [t.conversationId, t.priority, t.reason])).toEqual([
      [second.conversationId, 'high', '疑似盗刷/诈骗'],
      [first.conversationId, 'normal', '用户要求转人工'],
    ]);
  });

  it('outside service hours says when people are back, and the ticket waits', async () => {
    // A one-minute window two hours from now (Beijing time): closed now, whatever the time of day.
    const at = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
    const server = await start({ env: { SERVICE_HOURS: `${at(120)}-${at(121)}` } });
    await server.addAgent('wang', PASSWORD);
    const wang = await loginAgent(server, 'wang', PASSWORD);
    const merchant = await user(server);
    await merchant.say('转人工');
    const told = await merchant.waitFor('非工作时间');
    // As a person writes it: 上午 9:05 / 下午 3:05, the hour without a leading zero.
    const [hour, minute] = at(120).split(':').map(Number) as [number, number];
    expect(told.text).toContain(`${hour > 12 ? hour - 12 : hour}:${String(minute).padStart(2, '0')}`);
    expect((await wang.call('GET', '/tickets?state=waiting')).body.tickets).toMatchObject([{ afterHours: true }]);
  });
});

describe('the agent API', () => {
  it('refuses a cookie session without its CSRF token, and a call without any session', async () => {
    const server = await start();
    await server.addAgent('wang', PASSWORD);
    const wang = await loginAgent(server, 'wang', PASSWORD, 'cookie');
    expect((await wang.call('GET', '/me')).status).toBe(200);
    const login = await fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wang', password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const noCsrf = await fetch(`${server.url}/api/agent/tickets/1/accept`, { method: 'POST', headers: { cookie: cookie.split(';')[0]! } });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe('CSRF');
    expect((await fetch(`${server.url}/api/agent/tickets`)).status).toBe(401);
  });

  it('marks the cookie Secure behind a trusted https proxy, and not on plain http', async () => {
    const server = await start({ env: { TRUST_PROXY: 'loopback' } });
    await server.addAgent('wang', PASSWORD);
    const login = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username: 'wang', password: PASSWORD }) });
    expect((await login({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect((await login({})).headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });

  // (That an unknown username meets the same answers is in loginThrottle.http.test.ts: the route's
  // limit of 10 attempts a minute per address leaves no room for both here.)
  it('slows down guessing with a 429 and Retry-After instead of locking the account', async () => {
    // A clock that stands still: the growing wait never runs out during the test.
    const server = await start({ now: () => new Date(IN_SERVICE_HOURS) });
    await server.addAgent('wang', PASSWORD);
    const attempt = (username: string, password: string) =>
      fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    // Five attempts are free; the sixth is checked and starts a wait, which the seventh meets.
    for (let i = 0; i < 6; i++) expect((await attempt('wang', 'wrong password')).status).toBe(401);
    const slowed = await attempt('wang', PASSWORD);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await slowed.json()) as { error: { code: string } }).error.code).toBe('THROTTLED');
  });

  it('transfers a ticket to a colleague, who then holds it; release hands it back to the bot', async () => {
    const server = await start();
    await server.addAgent('wang', PASSWORD, '王小明');
    await server.addAgent('li', PASSWORD, '李娜');
    const wang = await loginAgent(server, 'wang', PASSWORD);
    const li = await loginAgent(server, 'li', PASSWORD);
    const merchant = await user(server);
    await merchant.say('转人工');
    await merchant.waitFor('您是第 1 位');
    const [ticket] = (await wang.call('GET', '/tickets')).body.tickets;
    await wang.call('POST', `/tickets/${ticket.id}/accept`);
    expect((await wang.call('POST', `/tickets/${ticket.id}/transfer`, { agent: 'nobody' })).status).toBe(404);
    expect((await wang.call('POST', `/tickets/${ticket.id}/transfer`, { agent: 'li' })).body.ticket).toMatchObject({ state: 'assigned', agent: { displayName: '李娜' } });
    await merchant.waitFor('转接给客服 李娜');
    expect((await wang.call('POST', `/tickets/${ticket.id}/messages`, { text: '还在吗' })).status).toBe(403);
    expect((await li.call('GET', '/tickets?state=assigned&mine=1')).body.tickets).toHaveLength(1);
    expect((await li.call('POST', `/tickets/${ticket.id}/release`)).body.ticket).toMatchObject({ state: 'closed', outcome: 'released' });
    await merchant.waitFor('智能客服小客继续为您服务');
    await merchant.say('刷卡密码错误');
    await merchant.waitFor('返回码55');
  });
});

describe('the agent console when kefu runs as several instances', () => {
  it('has the consoles reconnect (and so read everything again) when events from other instances may have been missed', async () => {
    const cluster = createMemoryCluster();
    const server = await start({ coordination: cluster.coordination() });
    await server.addAgent('wang', PASSWORD, '王小明');
    const console = await stream(await loginAgent(server, 'wang', PASSWORD));
    await console.waitFor((f) => f.type === 'hello');
    cluster.resync();
    expect(await console.ended).toEqual({ code: 1012, reason: 'events may have been missed; reconnect' });
  });
});
