import { afterAll, beforeAll, expect, it, type TestContext } from 'vitest';
import { loginAgent } from '../support/agentClient.js';
import { startCluster, type Cluster } from '../support/startCluster.js';
import { describePostgres } from '../storage/tempDatabases.js';
import { describeMessages, openStream, reconnect, say, startConversation, transcript, type RawConversation, type RawStream, type StreamActivity } from './rawDirectLine.js';
import { within } from './within.js';

/*
 * Three kefu processes on one PostgreSQL schema behind a round-robin proxy (test/support/
 * startCluster.ts): what a user and the agents must see whichever instance each of their requests
 * reaches. Started once for the file; the test that kills an instance starts it again.
 *
 * Ticket expiry running once across instances is proved at the store, where the race is settled
 * (an update that takes each ticket once): test/storage/expireOnce.test.ts, on both databases.
 */

const PASSWORD = 'cluster-agent-password-1';
// Questions the knowledge base answers; none starts a walkthrough or asks for a person.
const QUESTIONS = ['余额不足怎么办', '卡过期了咋整', '刷卡提示无效卡号', '手续费怎么算的'];
/** How long an event may take before it counts as lost: a guard, far above the usual tens of ms. */
const LOST_MS = 10_000;
/** The token route's limit per address a minute, low so that exceeding it three times over is quick. */
const TOKEN_LIMIT = 6;

const isMessage = (a: StreamActivity) => a.type === 'message';
const fromBot = (a: StreamActivity) => a.type === 'message' && a.from.role !== 'user';
const ids = (activities: readonly StreamActivity[]) => activities.filter(isMessage).map((a) => a.id);

describePostgres('kefu as three instances on one PostgreSQL database', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({
      instances: 3,
      env: { TOKEN_RATE_LIMIT: String(TOKEN_LIMIT) },
      agents: ['wang', 'li', 'zhang'].map((username) => ({ username, password: PASSWORD })),
    });
  }, 120_000);

  afterAll(async () => {
    const codes = await cluster?.stop();
    // Every instance still running stops cleanly on SIGTERM.
    for (const code of Object.values(codes ?? {})) if (code !== undefined) expect(code).toBe(0);
  }, 60_000);

  /** A conversation started on `base` with its stream opened there; resolved once the greeting arrived. */
  async function userOn(base: string, { onTestFinished }: Pick<TestContext, 'onTestFinished'>): Promise<{ conversation: RawConversation; stream: RawStream }> {
    const conversation = await startConversation(base, cluster.secret);
    const stream = await openStream(conversation.streamUrl);
    onTestFinished(() => stream.close());
    await within(stream.next(fromBot), LOST_MS, () => `the greeting never reached the stream at ${base}`);
    return { conversation, stream };
  }

  it('delivers every reply once and in order to the stream on A while the user posts through B and C', async ({ onTestFinished }) => {
    const [a, b, c] = cluster.instances;
    const { conversation, stream } = await userOn(a!.url, { onTestFinished });

    for (const [i, question] of QUESTIONS.entries()) {
      const via = i % 2 === 0 ? b! : c!;
      const id = await say(via.url, conversation, question);
      await within(stream.replyTo(id), LOST_MS, () => `the reply to "${question}" (posted through ${via.name}) never reached the stream on ${a!.name}; it got:\n${describeMessages(stream.activities)}`);
    }
    // A last turn on A itself: the stream sends in order, so once its reply is in, any duplicate of
    // an earlier frame would be too.
    const last = await say(a!.url, conversation, QUESTIONS[0]!);
    await within(stream.replyTo(last), LOST_MS, () => `the reply to a message posted on ${a!.name} never reached its stream`);

    // Exactly the log, once each, in the log's order: the user's echoes and every reply.
    const log = await transcript(b!.url, conversation);
    expect(ids(stream.activities)).toEqual(ids(log));
  }, 60_000);

  it('shows an agent streaming on B the ticket of a user on A who asks for a person', async ({ onTestFinished }) => {
    const [a, b] = cluster.instances;
    const wang = await loginAgent(b!, 'wang', PASSWORD);
    const desk = await wang.stream();
    onTestFinished(() => desk.close());
    await desk.waitFor((f) => f.type === 'hello');

    const { conversation, stream } = await userOn(a!.url, { onTestFinished });
    const asked = await say(a!.url, conversation, '转人工');
    const queued = await within(stream.replyTo(asked), LOST_MS, () => `the user on ${a!.name} was never answered after asking for a person`);
    expect(queued.text).toMatch(/您是第 \d+ 位/);

    // The ticket is in the shared database (B's API lists it); its arrival on B's live stream is what is tested.
    const listed = await wang.call('GET', '/tickets?state=waiting');
    expect(listed.body.tickets.map((t: { conversationId: string }) => t.conversationId)).toContain(conversation.conversationId);
    const frame = await within(
      desk.waitFor((f) => f.type === 'ticket' && f.ticket.conversationId === conversation.conversationId),
      LOST_MS,
      () => `the agent streaming on ${b!.name} never heard of the ticket created on ${a!.name}; the stream got: ${JSON.stringify(desk.frames.map((f) => f.type))}`,
    );
    expect(frame.ticket.state).toBe('waiting');
  }, 60_000);

  it('lets exactly one of two agents on different instances accept a ticket; the other is refused with 409', async ({ onTestFinished }) => {
    const [a, b, c] = cluster.instances;
    const { conversation, stream } = await userOn(a!.url, { onTestFinished });
    const asked = await say(a!.url, conversation, '转人工');
    await within(stream.replyTo(asked), LOST_MS, () => `the user on ${a!.name} was never answered after asking for a person`);

    const [li, zhang] = await Promise.all([loginAgent(b!, 'li', PASSWORD), loginAgent(c!, 'zhang', PASSWORD)]);
    const waiting = (await li.call('GET', '/tickets?state=waiting')).body.tickets as { id: number; conversationId: string }[];
    const ticket = waiting.find((t) => t.conversationId === conversation.conversationId);
    expect(ticket, 'the ticket of the user on A, listed on B').toBeDefined();

    const [byLi, byZhang] = await Promise.all([li.call('POST', `/tickets/${ticket!.id}/accept`), zhang.call('POST', `/tickets/${ticket!.id}/accept`)]);
    expect([byLi.status, byZhang.status].sort()).toEqual([200, 409]);
    const [won, lost] = byLi.status === 200 ? [byLi, byZhang] : [byZhang, byLi];
    expect(lost.body.error.code).toBe('TICKET_TAKEN');
    expect(won.body.ticket).toMatchObject({ id: ticket!.id, state: 'assigned' });
  }, 60_000);

  it('gives a user whose instance is killed mid-conversation everything they missed, once, when they reconnect through the proxy', async ({ onTestFinished }) => {
    // Through the proxy, as the widget connects: the stream lands on whichever instance is next.
    const conversation = await startConversation(cluster.url, cluster.secret);
    const streamPath = new URL(conversation.streamUrl).pathname;
    const first = await openStream(conversation.streamUrl);
    onTestFinished(() => first.close());
    const upgrade = cluster.routes.seen.findLast((route) => route.kind === 'upgrade' && route.path === streamPath);
    const victim = cluster.instances.find((instance) => instance.name === upgrade?.instance)!;
    expect(victim, 'the instance the proxy gave the stream to').toBeDefined();
    onTestFinished(() => (victim.running ? undefined : victim.restart()));
    await within(first.next(fromBot), LOST_MS, () => `the greeting never reached the stream on ${victim.name}`);

    // A turn on the instance that holds the stream, answered live; then that instance dies.
    const before = await say(victim.url, conversation, QUESTIONS[0]!);
    await within(first.replyTo(before), LOST_MS, () => `the reply to a message posted on ${victim.name} never reached its stream`);
    await victim.kill();
    await within(first.closed, LOST_MS, () => `the stream through the proxy stayed open after ${victim.name} was killed`);

    // While the user is away, two more messages reach the instances left.
    const missed = [];
    for (const question of QUESTIONS.slice(1, 3)) missed.push(await say(cluster.url, conversation, question));

    const resumed = await reconnect(cluster.url, conversation, first.watermark);
    expect(new URL(resumed.streamUrl).host).toBe(new URL(cluster.url).host);
    const second = await openStream(resumed.streamUrl);
    onTestFinished(() => second.close());
    for (const id of missed) await within(second.replyTo(id), LOST_MS, () => `the reply to ${id}, sent while the user was away, never came after reconnecting; the new stream got:\n${describeMessages(second.activities)}`);

    // The two streams together are the log: nothing lost, nothing twice, in order.
    const log = await transcript(cluster.url, conversation);
    expect([...ids(first.activities), ...ids(second.activities)]).toEqual(ids(log));
  }, 90_000);

  it('holds the token route to its per-address limit across the instances', async () => {
    // As many requests as the three would grant if each counted alone, round-robin through the proxy.
    const sent = TOKEN_LIMIT * cluster.instances.length;
    const statuses: number[] = [];
    for (let i = 0; i < sent; i += TOKEN_LIMIT) {
      statuses.push(...(await Promise.all(Array.from({ length: TOKEN_LIMIT }, async () => (await fetch(`${cluster.url}/api/webchat/token`, { method: 'POST' })).status))));
    }
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    const granted = statuses.filter((status) => status === 200).length;
    expect(granted, `tokens granted to one address across ${cluster.instances.length} instances (TOKEN_RATE_LIMIT=${TOKEN_LIMIT} a minute)`).toBeLessThanOrEqual(TOKEN_LIMIT);
    expect(granted, 'the first requests of the minute get their tokens').toBeGreaterThan(0);
  }, 60_000);
});
