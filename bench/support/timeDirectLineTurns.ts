import { createServer } from 'node:http';
import WebSocket from 'ws';
import type { Runtime } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';
import { createApp, listen } from '../../src/server/index.js';

/**
 * Times each text as a Direct Line user meets it: from the POST of the message to the bot's reply
 * on the WebSocket stream, over real HTTP and a real WebSocket on loopback, one after another.
 */
export async function timeDirectLineTurns(runtime: Runtime, texts: readonly string[]): Promise<number[]> {
  const http = createServer(createApp({ knowledge: runtime.knowledge, logger: createLogger({ level: 'silent' }), directLine: runtime.directLine }));
  http.on('upgrade', (req, socket, head) => void (runtime.directLine.handleUpgrade(req, socket, head) || socket.destroy()));
  const server = await listen(http, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  const latencies: number[] = [];
  // Direct Line takes at most 60 messages a minute per conversation: a new conversation every 50.
  for (let start = 0; start < texts.length; start += PER_CONVERSATION) {
    latencies.push(...(await timeOneConversation(base, texts.slice(start, start + PER_CONVERSATION))));
  }
  await server.close();
  return latencies;
}

const PER_CONVERSATION = 50;

async function timeOneConversation(base: string, texts: readonly string[]): Promise<number[]> {
  const { token, userId } = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; userId: string };
  const started = (await (await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { conversationId: string; streamUrl: string };
  const ws = new WebSocket(started.streamUrl);
  // When each reply arrived on the stream, by the id of the message it answers: the reply can
  // arrive before the POST that caused it returns.
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (t: number) => void>();
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text) return;
    for (const a of (JSON.parse(text) as { activities: { replyToId?: string; type: string; from: { role?: string } }[] }).activities) {
      if (a.from.role !== 'bot' || a.type !== 'message' || !a.replyToId || arrived.has(a.replyToId)) continue;
      const t = performance.now();
      arrived.set(a.replyToId, t);
      waiting.get(a.replyToId)?.(t);
    }
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const latencies: number[] = [];
  for (const text of texts) {
    const t0 = performance.now();
    const res = await fetch(`${base}/v3/directline/conversations/${started.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text, from: { id: userId } }),
    });
    if (!res.ok) throw new Error(`Direct Line refused a message: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const t1 = arrived.get(id) ?? (await new Promise<number>((resolve) => waiting.set(id, resolve)));
    latencies.push(t1 - t0);
    waiting.delete(id);
  }
  ws.close();
  return latencies;
}
