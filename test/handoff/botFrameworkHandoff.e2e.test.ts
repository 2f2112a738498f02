import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loginAgent } from '../support/agentClient.js';
import { createArrivals } from '../support/arrivals.js';
import { startServer, type TestServer } from '../support/startServer.js';

/** A stand-in for the Bot Connector service: it receives what kefu sends to the user. */
async function fakeConnector() {
  const received = createArrivals<Record<string, any>>();
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.add(JSON.parse(body || '{}') as Record<string, any>);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${received.seen.length}` }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: received.seen,
    waitFor: received.waitFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let server: TestServer | undefined;
let connector: Awaited<ReturnType<typeof fakeConnector>> | undefined;
afterEach(async () => {
  await server?.close();
  await connector?.close();
});

describe('handoff on a Bot Framework channel (/api/messages)', () => {
  it('queues the user, then delivers the agent joining, the agent messages and handoff.status events to the channel service', async () => {
    server = await startServer();
    connector = await fakeConnector();
    await server.addAgent('wang', 'correct horse battery', '王小明');
    const wang = await loginAgent(server, 'wang', 'correct horse battery');
    const say = (text: string) =>
      fetch(`${server!.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `in-${Math.random()}`,
          text,
          channelId: 'emulator',
          serviceUrl: connector!.url,
          locale: 'zh-CN',
          timestamp: new Date().toISOString(),
          from: { id: 'user-1', name: '商户', role: 'user' },
          recipient: { id: 'kefu', name: 'kefu', role: 'bot' },
          conversation: { id: 'bf-handoff-1' },
        }),
      });

    expect((await say('转人工')).status).toBeLessThan(300);
    await connector.waitFor((a) => /您是第 1 位/.test(a.text ?? ''));
    const initiate = await connector.waitFor((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(initiate.attachments?.[0]?.contentType).toBe('application/json');

    const [ticket] = (await wang.call('GET', '/tickets')).body.tickets;
    expect(ticket).toMatchObject({ channel: 'emulator', conversationId: 'bf-handoff-1', userName: '商户' });
    await wang.call('POST', `/tickets/${ticket.id}/accept`);
    const status = await connector.waitFor((a) => a.type === 'event' && a.name === 'handoff.status');
    expect(status.value).toMatchObject({ state: 'accepted' });
    await connector.waitFor((a) => a.text === '客服 王小明 已接入，正在为您服务。');

    await wang.call('POST', `/tickets/${ticket.id}/messages`, { text: '您好，请问机器型号是？' });
    const reply = await connector.waitFor((a) => a.text === '您好，请问机器型号是？');
    expect(reply.conversation.id).toBe('bf-handoff-1');
    expect(reply.channelData).toMatchObject({ kefu: { from: 'agent', agentName: '王小明' } });

    // The user's answer goes to the agent; the bot sends nothing back for it.
    const before = connector.received.length;
    const stream = await wang.stream();
    await say('传统POS机');
    await stream.waitFor((f) => f.type === 'message' && f.message.text === '传统POS机');
    await wang.call('POST', `/tickets/${ticket.id}/close`);
    await connector.waitFor((a) => a.type === 'event' && a.name === 'handoff.status' && a.value?.state === 'completed');
    const since = connector.received.slice(before).filter((a) => a.type === 'message').map((a) => a.text);
    expect(since[0]).toMatch(/请为本次服务打分/);
    await stream.close();
  });
});
