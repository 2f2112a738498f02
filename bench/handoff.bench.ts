/**
 * `npm run bench:handoff [-- --messages 50 --runs 3]`
 *
 * At most 60 messages per conversation: Direct Line refuses more than 60 posts a minute from one.
 *
 * How fast a taken-over conversation is live, over real HTTP and WebSockets on loopback:
 * - agent -> user: from an agent's POST /api/agent/tickets/:id/messages to the text on the user's
 *   Direct Line stream;
 * - user -> agent: from the user's POST of an activity to the message frame on the agent stream;
 * - baseline, in the same run: from the user's question to the bot's answer on the Direct Line
 *   stream (what users already wait for when no person is involved).
 * Medians (and p95) per run, then the median over --runs runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { loadConfig } from '../src/config/index.js';
import { createHttpServer } from '../src/app/createHttpServer.js';
import { createRuntime } from '../src/app/createRuntime.js';
import { createLogger } from '../src/log/index.js';
import { listen } from '../src/server/index.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' } } });
const count = Number(values.messages);
const runs = Number(values.runs);
// Questions answered from the knowledge base: none starts a flow (a flow can end in a handoff,
// after which the bot is silent) and none repeats the one before it.
const questions = ['刷卡提示密码错误怎么办', '余额不足怎么办', '卡过期了', '客服几点上班', '刷卡提示无效卡号', '机器连不上网络', '打印不出小票', '电签机押金多少'];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => sorted(xs)[Math.floor(xs.length * 0.95)]!;

type Activity = { type: string; text?: string; replyToId?: string; from: { id: string; role?: string } };

/** A Direct Line conversation: post as the user, and wait for what the stream brings. */
async function directLineUser(base: string) {
  const { token, userId } = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; userId: string };
  const started = (await (await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { conversationId: string; streamUrl: string };
  const ws = new WebSocket(started.streamUrl);
  const waiters: { test: (a: Activity) => boolean; resolve: (t: number) => void }[] = [];
  // When the bot's replies arrived, by the message they answer: a reply can arrive before the
  // POST that caused it returns its id.
  const replies = new Map<string, number>();
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text) return;
    const t = performance.now();
    for (const a of (JSON.parse(text) as { activities: Activity[] }).activities) {
      if (a.from.role === 'bot' && a.type === 'message' && a.replyToId && !replies.has(a.replyToId)) replies.set(a.replyToId, t);
      const w = waiters.find((x) => x.test(a));
      if (w) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(t);
      }
    }
  });
  await new Promise((resolve) => ws.once('open', resolve));
  return {
    /** When the bot's first reply to message `id` arrived. */
    replyTo: (id: string) => replies.get(id) ?? new Promise<number>((resolve) => waiters.push({ test: (a) => a.from.role === 'bot' && a.type === 'message' && a.replyToId === id, resolve })),
    until: (test: (a: Activity) => boolean) => new Promise<number>((resolve) => waiters.push({ test, resolve })),
    post: (text: string) =>
      fetch(`${base}/v3/directline/conversations/${started.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, from: { id: userId, role: 'user' } }),
      }).then(async (r) => {
        // A refusal (429 past the per-conversation limit, say) would otherwise wait for a reply forever.
        if (!r.ok) throw new Error(`POST answered ${r.status}: ${await r.text()}`);
        return ((await r.json()) as { id: string }).id;
      }),
    close: () => ws.close(),
  };
}

async function run() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-bench-handoff-'));
  const logger = createLogger({ level: 'silent' });
  const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent', SERVICE_HOURS: 'always' }, process.cwd()), logger, { watch: false });
  const http = createHttpServer(runtime, logger);
  const server = await listen(http.server, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  try {
    // Baseline: the bot answering.
    const asker = await directLineUser(base);
    const bot: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const id = await asker.post(questions[i % questions.length]!);
      bot.push((await asker.replyTo(id)) - t0);
    }
    asker.close();
    // A conversation taken over by an agent.
    await runtime.agents.add({ username: 'bench', password: 'bench password 1' });
    const login = (await (await fetch(`${base}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench password 1', kind: 'bearer' }) })).json()) as { token: string };
    const auth = { authorization: `Bearer ${login.token}` };
    const merchant = await directLineUser(base);
    const queued = merchant.until((a) => (a.text ?? '').includes('您是第'));
    await merchant.post('转人工');
    await queued;
    const { tickets } = (await (await fetch(`${base}/api/agent/tickets`, { headers: auth })).json()) as { tickets: { id: number }[] };
    const ticketId = tickets[0]!.id;
    const accepted = await fetch(`${base}/api/agent/tickets/${ticketId}/accept`, { method: 'POST', headers: auth });
    if (!accepted.ok) throw new Error(`accept refused: ${accepted.status} ${await accepted.text()}`);
    const stream = new WebSocket(`${base.replace('http', 'ws')}/api/agent/stream`, { headers: auth });
    const frames: { test: (f: { type: string; message?: { text: string } }) => boolean; resolve: (t: number) => void }[] = [];
    stream.on('message', (data) => {
      const t = performance.now();
      const frame = JSON.parse(String(data)) as { type: string; message?: { text: string } };
      const w = frames.find((x) => x.test(frame));
      if (w) {
        frames.splice(frames.indexOf(w), 1);
        w.resolve(t);
      }
    });
    await new Promise((resolve) => stream.once('open', resolve));

    const toUser: number[] = [];
    const toAgent: number[] = [];
    for (let i = 0; i < count; i++) {
      const text = `客服回复 ${i}`;
      const delivered = merchant.until((a) => a.text === text);
      const t0 = performance.now();
      const sent = await fetch(`${base}/api/agent/tickets/${ticketId}/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      if (sent.status !== 201) throw new Error(`agent message refused: ${sent.status} ${await sent.text()}`);
      toUser.push((await delivered) - t0);

      const said = `用户消息 ${i}`;
      const heard = new Promise<number>((resolve) => frames.push({ test: (f) => f.type === 'message' && f.message?.text === said, resolve }));
      const t1 = performance.now();
      await merchant.post(said);
      toAgent.push((await heard) - t1);
    }
    stream.close();
    merchant.close();
    return { bot, toUser, toAgent };
  } finally {
    http.close();
    await server.close();
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

type Row = { bot: number; botP95: number; toUser: number; toUserP95: number; toAgent: number; toAgentP95: number };
const results: Row[] = [];
for (let r = 0; r < runs; r++) {
  const { bot, toUser, toAgent } = await run();
  const row = { bot: median(bot), botP95: p95(bot), toUser: median(toUser), toUserP95: p95(toUser), toAgent: median(toAgent), toAgentP95: p95(toAgent) };
  results.push(row);
  console.log(
    `run ${r + 1}: bot answer p50 ${row.bot.toFixed(2)} ms (p95 ${row.botP95.toFixed(2)}) | agent -> user p50 ${row.toUser.toFixed(2)} ms (p95 ${row.toUserP95.toFixed(2)}) | user -> agent p50 ${row.toAgent.toFixed(2)} ms (p95 ${row.toAgentP95.toFixed(2)})`,
  );
}
const m = (key: keyof Row) => median(results.map((r) => r[key]));
console.log(
  `median of ${runs} runs, ${count} messages each: bot answer ${m('bot').toFixed(2)} ms; agent -> user ${m('toUser').toFixed(2)} ms (${(m('toUser') / m('bot')).toFixed(2)}x the bot's answer); user -> agent ${m('toAgent').toFixed(2)} ms (${(m('toAgent') / m('bot')).toFixed(2)}x)`,
);
