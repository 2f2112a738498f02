import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnExplanation } from '../../src/conversation/index.js';
import { loginAgent, type AgentClient } from '../support/agentClient.js';
import { connectUser } from '../support/directLineUser.js';
import { runCli } from '../support/runCli.js';
import { startServer, type TestServer } from '../support/startServer.js';

/*
 * "Try a question" (issue 12 §1): an editor asks what the bot would do with a message, and the
 * answer must be what a merchant really gets. kefu on a port, an editor on the API, a merchant on
 * Direct Line sending the same words, and `npm run kb -- search` as its own process.
 */

const PASSWORD = 'correct horse battery';
let server: TestServer;
let editor: AgentClient;
let agent: AgentClient;

beforeAll(async () => {
  server = await startServer();
  await server.addAgent('ed', PASSWORD, '编辑小周', 'editor');
  await server.addAgent('wang', PASSWORD, '王小明', 'agent');
  editor = await loginAgent(server, 'ed', PASSWORD, 'cookie');
  agent = await loginAgent(server, 'wang', PASSWORD);
});
afterAll(() => server.close());

const tryIt = async (text: string): Promise<TurnExplanation> => {
  const response = await editor.call('POST', '/workspace/try', { text });
  expect(response.status).toBe(200);
  return response.body as TurnExplanation;
};

/** The first thing the bot says to a new conversation's message. */
async function botReplyTo(text: string): Promise<string> {
  const merchant = await connectUser(server);
  try {
    await merchant.waitFor('智能客服');
    await merchant.say(text);
    const reply = await merchant.waitFor((a) => a.type === 'message' && a.from.id !== merchant.userId);
    return reply.text ?? '';
  } finally {
    await merchant.close();
  }
}

describe('POST /api/agent/workspace/try', () => {
  it.each([
    ['押金怎么退', 'flow'],
    ['刷卡密码错误', 'answer'],
    ['押金', 'didYouMean'],
    ['你们是骗子吧', 'offerPerson'],
    ['今天股票涨了吗', 'noAnswer'],
  ] as const)('says what the bot really does with "%s" (%s)', async (text, outcome) => {
    const explained = await tryIt(text);
    expect(explained.outcome).toBe(outcome);
    const reply = await botReplyTo(text);
    if (outcome === 'answer') expect(reply).toContain(explained.article!.title);
    if (outcome === 'flow') expect(explained.flow).toMatchObject({ id: 'deposit-refund' });
    if (outcome === 'didYouMean') {
      expect(reply).toContain('您是想问');
      expect(explained.offered!.length).toBeGreaterThan(1);
    }
    if (outcome === 'noAnswer') expect(reply).toContain('还没学会');
    if (outcome === 'offerPerson') expect(explained.steps[0]).toMatchObject({ kind: 'offerPerson', text: reply });
  });

  it('shows the words as the search weighs them, the rules that fired, and the candidates with coverage, similarity and margin', async () => {
    const explained = await tryIt('信用咔 mima cuole');
    expect(explained.query.rules).toEqual(
      expect.arrayContaining([
        { kind: 'pinyin', from: 'mima cuole', to: '密码 错了' },
        { kind: 'synonym', from: '信用咔', to: '信用卡' },
        { kind: 'synonym', from: '错了', to: '错误' },
      ]),
    );
    expect(explained.query.units.map((u) => u.text)).toEqual(['信用卡', '密码', '错误']);
    for (const unit of explained.query.units) expect(unit).toMatchObject({ known: true, ignored: false, weight: expect.any(Number) });
    const [first, second] = explained.search.hits;
    expect(first).toMatchObject({ id: expect.any(String), coverage: expect.any(Number), similarity: expect.any(Number) });
    expect(explained.search.margin).toBe(Math.round((second!.score / first!.score) * 1000) / 1000);
  });

  it('hides a card number before anything reads it', async () => {
    const explained = await tryIt('卡号6222021234567890123刷不了');
    expect(JSON.stringify(explained)).not.toMatch(/\d{12,}/);
  });

  it('refuses an empty or over-long text with a 400 that says why, and an agent with a 403 naming the editor role', async () => {
    const empty = await editor.call('POST', '/workspace/try', { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('问题不能为空');
    expect((await editor.call('POST', '/workspace/try', { text: '问'.repeat(2001) })).status).toBe(400);
    expect((await editor.call('POST', '/workspace/try', [1, 2])).status).toBe(400);
    const refused = await agent.call('POST', '/workspace/try', { text: '押金怎么退' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.params).toEqual({ role: 'editor', capability: 'knowledge' });
  });

  it('lists the articles and flows serving now, for the workspace and at /api/kb/articles', async () => {
    const listed = await editor.call('GET', '/workspace/articles');
    expect(listed.status).toBe(200);
    expect(listed.body.articles.length).toBeGreaterThanOrEqual(50);
    expect(listed.body.articles).toContainEqual(expect.objectContaining({ id: 'pin-wrong', category: expect.any(String), questions: expect.any(Number) }));
    expect(listed.body.flows.map((f: { id: string }) => f.id)).toContain('deposit-refund');
    const open = await fetch(`${server.url}/api/kb/articles`);
    expect(open.status).toBe(200);
    expect(((await open.json()) as { articles: unknown[] }).articles).toHaveLength(listed.body.articles.length);
  });
});

describe('npm run kb -- search', { timeout: 60_000 }, () => {
  it('prints the decision the bot makes: a walkthrough for 押金怎么退, not an answer', async () => {
    const { code, stdout } = await runCli('kb', ['search', '押金怎么退']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/决定 decision: 开始排查 start a walkthrough deposit-refund/);
    const json = await runCli('kb', ['search', '押金怎么退', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: 'flow', flow: { id: 'deposit-refund' } });
  });
});
