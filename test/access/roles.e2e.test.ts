import { afterEach, describe, expect, it } from 'vitest';
import { ROLES, can, roleFor, type Role } from '../../src/access/index.js';
import { loginAgent, type AgentClient, type AgentStream } from '../support/agentClient.js';
import { connectUser } from '../support/directLineUser.js';
import { startServer, type TestServer } from '../support/startServer.js';

/*
 * Roles as the server enforces them: kefu on a port, accounts of every role signed in through the
 * API, a merchant on Direct Line whose hand-over makes a ticket.
 */

const PASSWORD = 'correct horse battery';
const servers: TestServer[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const server of servers.splice(0)) await server.close();
});

async function withAccounts(roles: Record<string, Role>) {
  const server = await startServer();
  servers.push(server);
  const clients: Record<string, AgentClient> = {};
  for (const [username, role] of Object.entries(roles)) {
    await server.addAgent(username, PASSWORD, username, role);
    clients[username] = await loginAgent(server, username, PASSWORD, 'bearer');
  }
  return { server, clients };
}

async function stream(client: AgentClient): Promise<AgentStream> {
  const s = await client.stream();
  closers.push(() => s.close());
  return s;
}

describe('the roles', () => {
  it('grant tickets to agents and supervisors, every ticket and reports to supervisors, knowledge to editors, everything to admins', () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, (['tickets', 'allTickets', 'reports', 'knowledge', 'accounts'] as const).filter((c) => can(role, c))]));
    expect(table).toEqual({
      agent: ['tickets'],
      supervisor: ['tickets', 'allTickets', 'reports'],
      editor: ['knowledge'],
      admin: ['tickets', 'allTickets', 'reports', 'knowledge', 'accounts'],
    });
    expect([roleFor('tickets'), roleFor('allTickets'), roleFor('knowledge'), roleFor('accounts')]).toEqual(['agent', 'supervisor', 'editor', 'admin']);
  });
});

describe('every route asks for its role', () => {
  it('refuses with a 403 that names the missing role, and says what the account may do on /me', async () => {
    const { clients } = await withAccounts({ ed: 'editor', wang: 'agent', boss: 'admin' });

    const refused = await clients.ed!.call('GET', '/tickets');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', params: { role: 'agent', capability: 'tickets' } });
    expect(refused.body.error.message).toContain('需要客服（agent）权限');
    for (const path of ['/agents', '/tickets/1', '/media/abc']) expect((await clients.ed!.call('GET', path)).status).toBe(403);
    expect((await clients.ed!.call('POST', '/tickets/1/accept')).status).toBe(403);

    const accounts = await clients.wang!.call('GET', '/accounts');
    expect(accounts.status).toBe(403);
    expect(accounts.body.error.params).toEqual({ role: 'admin', capability: 'accounts' });

    expect((await clients.ed!.call('GET', '/me')).body).toMatchObject({ agent: { username: 'ed', role: 'editor' }, capabilities: ['knowledge'] });
    expect((await clients.wang!.call('GET', '/me')).body.capabilities).toEqual(['tickets']);
  });

  it('lets an admin list accounts and change a role, which counts from the next request of a signed-in account', async () => {
    const { clients } = await withAccounts({ boss: 'admin', wang: 'agent' });
    const listed = await clients.boss!.call('GET', '/accounts');
    expect(listed.status).toBe(200);
    expect(listed.body.accounts.map((a: { username: string; role: string }) => [a.username, a.role])).toEqual([
      ['boss', 'admin'],
      ['wang', 'agent'],
    ]);
    expect(listed.body.accounts[0]).not.toHaveProperty('passwordHash');

    expect((await clients.wang!.call('GET', '/accounts')).status).toBe(403);
    const changed = await clients.boss!.call('POST', '/accounts/wang/role', { role: 'admin' });
    expect(changed).toMatchObject({ status: 200, body: { account: { username: 'wang', role: 'admin' } } });
    expect((await clients.wang!.call('GET', '/accounts')).status).toBe(200);

    const bad = await clients.boss!.call('POST', '/accounts/wang/role', { role: 'root' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('agent, supervisor, editor, admin');
    expect((await clients.boss!.call('POST', '/accounts/nobody/role', { role: 'agent' })).status).toBe(404);
  });
});

describe('who sees which ticket', () => {
  it("shows an agent the queue and their own tickets, live and on request, and a supervisor everyone's", async () => {
    const { server, clients } = await withAccounts({ wang: 'agent', li: 'agent', zhang: 'supervisor' });
    const [liStream, bossStream] = [await stream(clients.li!), await stream(clients.zhang!)];

    const merchant = await connectUser(server);
    closers.push(() => merchant.close());
    await merchant.waitFor('智能客服');
    await merchant.say('转人工');
    await merchant.waitFor('您是第 1 位');
    const waiting = await liStream.waitFor((f) => f.type === 'ticket' && f.ticket.state === 'waiting');
    const id = waiting.ticket.id as number;
    // In the queue, every agent sees it.
    expect((await clients.li!.call('GET', `/tickets/${id}`)).status).toBe(200);

    expect((await clients.wang!.call('POST', `/tickets/${id}/accept`)).status).toBe(200);
    // Li hears once that it left the queue (to drop it), then nothing more of it.
    const taken = await liStream.waitFor((f) => f.type === 'ticket' && f.ticket.id === id);
    expect(taken.ticket.state).toBe('assigned');
    await merchant.say('我的机器刷不了卡');
    await bossStream.waitFor((f) => f.type === 'message' && f.ticketId === id && f.message.text === '我的机器刷不了卡');
    await merchant.say('在吗');
    await bossStream.waitFor((f) => f.type === 'message' && f.ticketId === id && f.message.text === '在吗');
    expect(liStream.frames.filter((f) => f.type === 'message' && f.ticketId === id)).toEqual([]);

    const forLi = await clients.li!.call('GET', `/tickets/${id}`);
    expect(forLi.status).toBe(403);
    expect(forLi.body.error.params.role).toBe('supervisor');
    const ids = async (client: AgentClient, query: string) => (await client.call('GET', `/tickets${query}`)).body.tickets.map((t: { id: number }) => t.id);
    expect(await ids(clients.li!, '?state=assigned')).toEqual([]);
    expect(await ids(clients.li!, '')).toEqual([]);
    expect(await ids(clients.wang!, '?state=assigned')).toEqual([id]);
    expect(await ids(clients.zhang!, '?state=assigned')).toEqual([id]);
    expect((await clients.zhang!.call('GET', `/tickets/${id}`)).status).toBe(200);
  });

  it('keeps editors off the desk stream, so an editor at work is never counted as an agent online', async () => {
    const { clients } = await withAccounts({ ed: 'editor', wang: 'agent' });
    await expect(clients.ed!.stream()).rejects.toThrow('stream refused: 403');
    const wangStream = await stream(clients.wang!);
    const hello = await wangStream.waitFor((f) => f.type === 'hello');
    expect(hello.online).toEqual([clients.wang!.agent.id]);
  });
});
