import { afterEach, describe, expect, it } from 'vitest';
import { loginAgent } from '../support/agentClient.js';
import { clockAt, IN_SERVICE_HOURS } from '../support/clocks.js';
import { connectUser } from '../support/directLineUser.js';
import { startServer, type TestServer } from '../support/startServer.js';

/*
 * Reports (issue 12 §3, §4) with real parts: merchants on Direct Line whose turns the bot counts,
 * a seeded month of tickets, and supervisors and editors reading the figures over the API.
 */

const PASSWORD = 'correct horse battery';
const DAY = IN_SERVICE_HOURS.slice(0, 10);
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start() {
  const server = await startServer({ now: clockAt(IN_SERVICE_HOURS), env: { SERVICE_HOURS: '09:00-21:00' } });
  servers.push(server);
  await server.addAgent('boss', PASSWORD, '主管老周', 'supervisor');
  await server.addAgent('ed', PASSWORD, '编辑小周', 'editor');
  await server.addAgent('wang', PASSWORD, '王小明', 'agent');
  return {
    server,
    boss: await loginAgent(server, 'boss', PASSWORD),
    editor: await loginAgent(server, 'ed', PASSWORD),
    agent: await loginAgent(server, 'wang', PASSWORD),
  };
}

async function conversation(server: TestServer, ...texts: string[]) {
  const merchant = await connectUser(server);
  try {
    await merchant.waitFor('智能客服');
    for (const text of texts) {
      await merchant.say(text);
      await merchant.waitFor((a) => a.type === 'message' && a.from.id !== merchant.userId);
    }
  } finally {
    await merchant.close();
  }
}

describe('the counts the bot keeps, as reports show them', () => {
  it('counts conversations, questions, fallbacks, hand-overs, articles shown, picked, voted on and followed by a person, and walkthroughs left', async () => {
    const { server, boss, editor } = await start();
    await conversation(server, '今天股票涨了吗', '刷卡密码错误', '👎 没帮助', '转人工');
    await conversation(server, '押金', '押金怎么退？退还条件');
    await conversation(server, '押金怎么退', '不弄了');

    const report = (await boss.call('GET', `/reports?from=${DAY}&to=${DAY}`)).body;
    expect(report.days).toEqual([
      { day: DAY, channel: 'directline', conversations: 3, contained: 2, containment: 0.667, escalations: 1, questions: 3, fallbacks: 1, fallbackRate: 0.333 },
    ]);
    expect(report.escalationsByReason).toEqual([{ reason: '用户要求转人工', count: 1 }]);

    const { articles, flows } = (await editor.call('GET', `/workspace/performance?from=${DAY}&to=${DAY}`)).body;
    expect(articles[0]).toMatchObject({ id: 'pin-wrong', shown: 1, unhelpful: 1, helpfulRate: 0, handoversAfter: 1, trouble: 2 });
    expect(articles.find((a: { id: string }) => a.id === 'deposit-refund')).toMatchObject({ shown: 1, picked: 1, trouble: 0 });
    expect(flows.find((f: { id: string }) => f.id === 'deposit-refund')).toMatchObject({ started: 1, completed: 0, completionRate: 0, leftAt: [{ step: 'kind', count: 1 }], reached: [{ step: 'kind', count: 1 }] });
  });
});

describe('a seeded month', () => {
  it('gives the figures computed independently from the same seed: containment, escalations by reason, waits, handle time, CSAT per agent', async () => {
    const { server, boss, agent } = await start();
    const db = server.runtime.database.db;
    // A small seeded generator: the same month on every run.
    let seed = 20261130;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const wangId = (await server.runtime.agents.get('wang'))!.id;
    const bossId = (await server.runtime.agents.get('boss'))!.id;
    const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const expected = { conversations: 0, escalations: 0, reasons: new Map<string, number>(), waits: [] as number[], handles: [] as number[], ratings: [] as number[], perAgent: new Map<number, number>() };
    const counts: { day: string; channel: string; metric: string; subject: string; count: number }[] = [];
    let n = 0;
    for (const day of days) {
      const conversations = 20 + Math.floor(random() * 30);
      expected.conversations += conversations;
      counts.push({ day, channel: 'directline', metric: 'conversations', subject: '', count: conversations });
      const tickets = Math.floor(random() * 6);
      for (let t = 0; t < tickets; t++) {
        // 10:00 Beijing on that day, plus a little.
        const created = Date.parse(`${day}T02:00:00.000Z`) + t * 60_000;
        const wait = Math.floor(random() * 600);
        const handle = 60 + Math.floor(random() * 1800);
        const rating = random() < 0.7 ? 1 + Math.floor(random() * 5) : null;
        const agentId = pick([wangId, bossId]);
        const reason = pick(['用户要求转人工', '连续未能解答', '疑似诈骗']);
        expected.escalations += 1;
        expected.reasons.set(reason, (expected.reasons.get(reason) ?? 0) + 1);
        expected.waits.push(wait);
        expected.handles.push(handle);
        if (rating !== null) expected.ratings.push(rating);
        expected.perAgent.set(agentId, (expected.perAgent.get(agentId) ?? 0) + 1);
        await db
          .insertInto('tickets')
          .values({
            conversation_id: `seed-${n++}`,
            channel: 'directline',
            user_id: null,
            user_name: null,
            locale: 'zh-CN',
            reason,
            priority: 'normal',
            state: 'closed',
            outcome: 'resolved',
            after_hours: 0,
            agent_id: agentId,
            created_at: new Date(created).toISOString(),
            updated_at: new Date(created).toISOString(),
            assigned_at: new Date(created + wait * 1000).toISOString(),
            first_assigned_at: new Date(created + wait * 1000).toISOString(),
            first_response_at: new Date(created + wait * 1000 + 30_000).toISOString(),
            ended_at: new Date(created + (wait + handle) * 1000).toISOString(),
            rating,
            rated_at: null,
            context: '{}',
            address: '{}',
          } as never)
          .execute();
      }
    }
    await db.insertInto('daily_counts').values(counts).execute();

    const report = (await boss.call('GET', '/reports?from=2026-11-01&to=2026-11-30')).body;
    const nearest = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];
    expect(report.totals).toMatchObject({ conversations: expected.conversations, escalations: expected.escalations, contained: expected.conversations - expected.escalations });
    expect(report.days).toHaveLength(30);
    expect(Object.fromEntries(report.escalationsByReason.map((r: { reason: string; count: number }) => [r.reason, r.count]))).toEqual(Object.fromEntries(expected.reasons));
    expect(report.queueWait).toEqual({ p50: nearest(expected.waits, 50), p90: nearest(expected.waits, 90), count: expected.waits.length });
    expect(report.handleTime).toEqual({ p50: nearest(expected.handles, 50), p90: nearest(expected.handles, 90), count: expected.handles.length });
    expect(report.firstResponse).toMatchObject({ p50: 30, p90: 30 });
    const average = Math.round((expected.ratings.reduce((a, b) => a + b, 0) / expected.ratings.length) * 100) / 100;
    expect(report.csat).toMatchObject({ average, count: expected.ratings.length });
    expect(Object.values(report.csat.distribution).reduce((a: number, b) => a + (b as number), 0)).toBe(expected.ratings.length);
    expect(Object.fromEntries(report.agents.map((a: { agentId: number; tickets: number }) => [a.agentId, a.tickets]))).toEqual(Object.fromEntries(expected.perAgent));

    const { token } = (await (await fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'boss', password: PASSWORD, kind: 'bearer' }) })).json()) as { token: string };
    const csv = await fetch(`${server.url}/api/agent/reports/days.csv?from=2026-11-01&to=2026-11-30`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A byte-order mark first, so spreadsheet programs read UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('日期 day,渠道 channel,会话 conversations,未转人工 contained,自助率 containment,转人工 escalations,提问 questions,未答 fallbacks,未答率 fallback rate');
    expect(lines).toHaveLength(31);
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['2026-11-01', 'directline', String(counts[0]!.count)]);
    const viaClient = await boss.call('GET', '/reports?from=2026-11-31&to=2026-11-30');
    expect(viaClient.status).toBe(400);
    expect(viaClient.body.error.params).toEqual({ field: 'from' });
    expect((await boss.call('GET', '/reports?from=2025-01-01&to=2026-11-30')).status).toBe(400);
    expect((await agent.call('GET', '/reports')).body.error.params).toEqual({ role: 'supervisor', capability: 'reports' });
  });
});
