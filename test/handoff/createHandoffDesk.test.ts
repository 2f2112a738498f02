import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { describe, expect, it } from 'vitest';
import { loadMessages, pickLocale } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { createAgentDirectory, createHandoffDesk, HandoffError, parseServiceHours, type ConversationKey, type NewHandoff, type UserNotice } from '../../src/handoff/index.js';
import { createAgentSessionStore, createAgentStore, createTicketStore, createTranscriptStore } from '../../src/storage/index.js';
import { useTempDatabases } from '../storage/tempDatabases.js';

const temp = useTempDatabases();
const messages = await loadMessages(localesDir);

/** A desk on a fresh database, a clock the test moves, and what reached the users. */
async function setUp({ hours = 'always' }: { hours?: string } = {}) {
  const database = await temp.open();
  let time = Date.parse('2026-03-02T04:00:00.000Z'); // 12:00 in Beijing
  const delivered: { conversationId: string; notice: UserNotice }[] = [];
  const agents = createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db) , passwordCost: TEST_PASSWORD_COST });
  const transcript = createTranscriptStore(database.db);
  const desk = createHandoffDesk({
    tickets: createTicketStore(database.db),
    transcript,
    agents,
    delivery: {
      async deliver(ticket, notice) {
        delivered.push({ conversationId: ticket.conversationId, notice });
      },
    },
    wording: (locale) => messages[pickLocale(locale)].handoff,
    serviceHours: parseServiceHours(hours, 'Asia/Shanghai'),
    expireAfterHours: 24,
    now: () => new Date(time),
  });
  // Two agents in the directory (tickets reference them).
  const staff: { id: number; displayName: string }[] = [];
  for (const name of ['one', 'two']) staff.push(await agents.add({ username: name, displayName: `客服${name}`, password: 'correct-horse-1' }));
  return {
    desk,
    transcript,
    delivered,
    agent: (n: 1 | 2) => ({ id: staff[n - 1]!.id, displayName: staff[n - 1]!.displayName }),
    advance: (minutes: number) => {
      time += minutes * 60_000;
    },
  };
}

const request = (conversationId: string, priority: 'normal' | 'high' = 'normal', channel = 'directline'): NewHandoff => ({
  conversationId,
  channel,
  userId: `user-${conversationId}`,
  locale: 'zh-CN',
  address: { serviceUrl: 'directline://kefu' },
  reason: '用户要求转人工',
  priority,
  context: { vars: {}, articlesShown: [], transcript: [] },
});

/** Conversation `conversationId` on `channel` (directline, like {@link request}, unless given). */
const on = (conversationId: string, channel = 'directline'): ConversationKey => ({ channel, conversationId });

describe('createHandoffDesk', () => {
  it('tells the queue position, and no number for the wait until there is a history to base it on', async () => {
    const { desk } = await setUp();
    expect((await desk.request(request('a'))).text).toBe('已为您排队，您是第 1 位。客服接入后会直接在这里回复您，您可以先把问题描述一下。');
    expect((await desk.request(request('b'))).text).toMatch(/^已为您排队，您是第 2 位。/);
    expect((await desk.request(request('a'))).created).toBe(false);
  });

  it('estimates the wait from the median of recent waits, times the place in the queue', async () => {
    const { desk, advance, agent } = await setUp();
    // Three tickets that waited 2, 4 and 6 minutes: median 4.
    for (const [i, minutes] of [2, 4, 6].entries()) {
      const { ticket } = await desk.request(request(`old-${i}`));
      advance(minutes);
      await desk.accept(ticket.id, agent(1));
    }
    desk.agentConnected(1);
    await desk.request(request('first'));
    const second = await desk.request(request('second'));
    expect(second.text).toBe('已为您排队，您是第 2 位。预计等待约 8 分钟。');
  });

  it('promises no wait while no agent is available: none at a console, or every one away', async () => {
    const { desk, advance, agent } = await setUp();
    for (const [i, minutes] of [2, 4, 6].entries()) {
      const { ticket } = await desk.request(request(`old-${i}`));
      advance(minutes);
      await desk.accept(ticket.id, agent(1));
    }
    const noEstimate = '已为您排队，您是第 1 位。客服接入后会直接在这里回复您，您可以先把问题描述一下。';
    expect((await desk.request(request('nobody'))).text).toBe(noEstimate);
    desk.agentConnected(1);
    desk.setAway(1, true);
    expect(desk.away()).toEqual([1]);
    expect((await desk.request(request('away'))).text).toBe(noEstimate.replace('第 1 位', '第 2 位'));
    desk.setAway(1, false);
    expect((await desk.request(request('back'))).text).toBe('已为您排队，您是第 3 位。预计等待约 12 分钟。');
    desk.agentDisconnected(1);
    expect(desk.away()).toEqual([]);
  });

  it('outside service hours says when people are back, in Beijing time', async () => {
    const { desk } = await setUp({ hours: '09:00-11:00' }); // it is 12:00 in Beijing
    const { text, ticket } = await desk.request(request('late'));
    expect(text).toMatch(/^现在是非工作时间。人工服务时间为每天 09:00-11:00（北京时间），客服将于明天（\d+月\d+日，周.）上午 9:00 上班。/);
    // No brackets inside brackets, and nothing that says "please wait".
    expect(text).not.toMatch(/（[^（）]*（|请稍等/);
    expect(ticket.afterHours).toBe(true);
  });

  it('lets exactly one of two agents accept; the other learns who has it', async () => {
    const { desk, agent } = await setUp();
    const { ticket } = await desk.request(request('a'));
    const results = await Promise.allSettled([desk.accept(ticket.id, agent(1)), desk.accept(ticket.id, agent(2))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(HandoffError);
    expect((lost.reason as HandoffError).code).toBe('HANDOFF_TICKET_TAKEN');
  });

  it('gives every one of many tickets to exactly one agent when several agents accept them all at once', async () => {
    const { desk, agent } = await setUp();
    const tickets = [];
    for (let i = 0; i < 10; i++) tickets.push((await desk.request(request(`c${i}`))).ticket);
    const attempts = tickets.flatMap((t) => [1, 2].map((n) => desk.accept(t.id, agent(n as 1 | 2)).then((v) => v.id, () => undefined)));
    const won = (await Promise.all(attempts)).filter((id) => id !== undefined);
    expect(won.sort((a, b) => a! - b!)).toEqual(tickets.map((t) => t.id));
  });

  it('after hours, acknowledges the first message of a waiting user once, as a message left for the morning', async () => {
    const { desk } = await setUp({ hours: '09:00-10:00' }); // the desk's clock says 12:00
    const { ticket } = await desk.request(request('a'));
    const at = new Date().toISOString();
    expect(await desk.userMessage(ticket, { text: '在吗', timestamp: at })).toMatch(/留言已收到/);
    expect(await desk.userMessage(ticket, { text: '人呢', timestamp: at })).toBeUndefined();
  });

  it('in service hours acknowledges nothing (the queue message said it all), nor once a person has it', async () => {
    const { desk, agent } = await setUp();
    const { ticket } = await desk.request(request('a'));
    const at = new Date().toISOString();
    expect(await desk.userMessage(ticket, { text: '在吗', timestamp: at })).toBeUndefined();
    const assigned = (await desk.accept(ticket.id, agent(1))) && (await desk.activeFor(on('a')))!;
    expect(await desk.userMessage(assigned, { text: '你好', timestamp: at })).toBeUndefined();
  });

  it("rebuilds the agents' view of a queued user's message only while some agent's console is connected", async () => {
    const { desk } = await setUp();
    const { ticket } = await desk.request(request('a'));
    const heard: string[] = [];
    desk.on('ticket', () => heard.push('ticket'));
    desk.on('message', () => heard.push('message'));
    const at = new Date().toISOString();
    await desk.userMessage(ticket, { text: '在吗', timestamp: at });
    expect(heard).toEqual([]);
    desk.agentConnected(1);
    await desk.userMessage(ticket, { text: '人呢', timestamp: at });
    expect(heard).toEqual(['message', 'ticket']);
  });

  it('tells the user when an agent joins and asks for a rating on close; takes the rating once', async () => {
    const { desk, delivered, agent } = await setUp();
    const { ticket } = await desk.request(request('a'));
    await desk.accept(ticket.id, agent(2));
    await desk.close(ticket.id, agent(2));
    expect(delivered.map((d) => (d.notice.kind === 'text' ? d.notice.text : `${d.notice.kind}:${d.notice.kind === 'status' ? d.notice.state : ''}`))).toEqual([
      'status:accepted',
      '客服 客服two 已接入，正在为您服务。',
      'status:completed',
      messages['zh-CN'].handoff.closed,
    ]);
    const pending = await desk.pendingRating(on('a'));
    expect(pending?.id).toBe(ticket.id);
    expect((await desk.rate(ticket.id, 5))?.rating).toBe(5);
    expect(await desk.rate(ticket.id, 1)).toBeUndefined();
    expect(await desk.pendingRating(on('a'))).toBeUndefined();
  });

  it('expires tickets nobody took within a day, and tells their users', async () => {
    const { desk, delivered, advance } = await setUp();
    await desk.request(request('a'));
    advance(23 * 60);
    expect(await desk.sweep()).toBe(0);
    advance(61);
    expect(await desk.sweep()).toBe(1);
    expect(await desk.activeFor(on('a'))).toBeUndefined();
    expect(delivered.at(-1)?.notice).toMatchObject({ kind: 'text', text: messages['zh-CN'].handoff.expired });
  });

  it('keeps a card number an agent pasted out of the transcript and away from the user', async () => {
    const { desk, delivered, agent } = await setUp();
    const { ticket } = await desk.request(request('a'));
    await desk.accept(ticket.id, agent(1));
    const message = await desk.sendMessage(ticket.id, agent(1), '您的卡号 6222 0212 3456 7890 128 对吗');
    expect(message.text).not.toMatch(/6222/);
    expect(JSON.stringify(delivered)).not.toMatch(/6222 0212/);
  });

  // A channel chooses its conversation ids: whoever claims the same id on another channel is
  // someone else, and must not reach this user's ticket or what they said.
  describe('the same conversation id on two channels', () => {
    it('opens a ticket for each, both active at once, and never gives one channel the other\'s', async () => {
      const { desk } = await setUp();
      const onDirectLine = await desk.request(request('shared'));

      const onEmulator = await desk.request(request('shared', 'normal', 'emulator'));

      expect(onEmulator).toMatchObject({ created: true, text: expect.stringMatching(/^已为您排队，您是第 2 位。/) });
      expect(onEmulator.ticket.id).not.toBe(onDirectLine.ticket.id);
      expect((await desk.activeFor(on('shared')))?.id).toBe(onDirectLine.ticket.id);
      expect((await desk.activeFor(on('shared', 'emulator')))?.id).toBe(onEmulator.ticket.id);
      expect(await desk.activeFor(on('shared', 'msteams'))).toBeUndefined();
      expect((await desk.standing(on('shared', 'emulator'))).active?.id).toBe(onEmulator.ticket.id);
      expect(await desk.standing(on('shared', 'msteams'))).toEqual({});
    });

    it('does not ask the other channel to rate a ticket a person closed', async () => {
      const { desk, agent } = await setUp();
      const { ticket } = await desk.request(request('shared'));
      await desk.accept(ticket.id, agent(1));
      await desk.close(ticket.id, agent(1));

      expect((await desk.pendingRating(on('shared')))?.id).toBe(ticket.id);
      expect(await desk.standing(on('shared', 'emulator'))).toEqual({});
      expect(await desk.pendingRating(on('shared', 'emulator'))).toBeUndefined();
    });

    it('shows the agent only what was said on the ticket\'s own channel', async () => {
      const { desk, transcript } = await setUp();
      const said = (channel: string, text: string) =>
        transcript.append({ conversationId: 'shared', channel, direction: 'in', fromRole: 'user', type: 'message', text, timestamp: '2026-03-02T04:00:00.000Z' });
      await said('directline', '我的机器开不了机');
      await said('emulator', '把你们的转账记录发我');
      const { ticket } = await desk.request(request('shared'));

      const shown = await desk.get(ticket.id);

      expect(shown.transcript.map((m) => m.text)).toEqual(['我的机器开不了机']);
      expect(shown.ticket.preview).toBe('我的机器开不了机');
    });
  });
});
