import { describe, expect, it } from 'vitest';
import { loadMessages, pickLocale } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import type { BusFactory } from '../../src/coordination/index.js';
import { createAgentDirectory, createHandoffDesk, createTicketNotes, HandoffError, parseServiceHours, type HandoffDesk, type HandoffDeskEvents, type NewHandoff, type TicketNotesEvents } from '../../src/handoff/index.js';
import { createAgentSessionStore, createAgentStore, createTicketNoteStore, createTicketStore, createTranscriptStore } from '../../src/storage/index.js';
import { createArrivals } from '../support/arrivals.js';
import { createMemoryCluster } from '../support/memoryCluster.js';
import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { useTempDatabases } from '../storage/tempDatabases.js';

const temp = useTempDatabases();
const messages = await loadMessages(localesDir);
const AT = Date.parse('2026-03-02T04:00:00.000Z'); // 12:00 in Beijing

/** Two instances' desks on one database (a connection each), whose events cross only as their wire form. */
async function twoInstances({ hours = 'always' }: { hours?: string } = {}) {
  const cluster = createMemoryCluster();
  const desk = async (buses: BusFactory): Promise<HandoffDesk & { transcript: ReturnType<typeof createTranscriptStore> }> => {
    const database = await temp.open();
    const transcript = createTranscriptStore(database.db);
    const made = createHandoffDesk({
      tickets: createTicketStore(database.db),
      transcript,
      agents: createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db), passwordCost: TEST_PASSWORD_COST }),
      delivery: { deliver: async () => undefined },
      wording: (locale) => messages[pickLocale(locale)].handoff,
      serviceHours: parseServiceHours(hours, 'Asia/Shanghai'),
      now: () => new Date(AT),
      buses,
    });
    return Object.assign(made, { transcript });
  };
  const a = await desk(cluster.instance());
  const b = await desk(cluster.instance());
  const { db } = await temp.open();
  const directory = createAgentDirectory({ agents: createAgentStore(db), sessions: createAgentSessionStore(db), passwordCost: TEST_PASSWORD_COST });
  const staff: { id: number; displayName: string }[] = [];
  for (const name of ['one', 'two']) staff.push(await directory.add({ username: name, displayName: `客服${name}`, password: 'correct-horse-1' }));
  /** What a desk's consoles would be told, as they are told it. */
  const heard = (desk: HandoffDesk) => {
    const tickets = createArrivals<HandoffDeskEvents['ticket'][0]>();
    const said = createArrivals<HandoffDeskEvents['message'][0]>();
    const typing = createArrivals<HandoffDeskEvents['typing'][0]>();
    desk.on('ticket', tickets.add);
    desk.on('message', said.add);
    desk.on('typing', typing.add);
    return { tickets, said, typing };
  };
  return { a, b, cluster, heard, agent: (n: 1 | 2) => ({ id: staff[n - 1]!.id, displayName: staff[n - 1]!.displayName }) };
}

const request = (conversationId: string): NewHandoff => ({
  conversationId,
  channel: 'directline',
  userId: `user-${conversationId}`,
  locale: 'zh-CN',
  address: { serviceUrl: 'directline://kefu' },
  reason: '用户要求转人工',
  priority: 'normal',
  context: { vars: {}, articlesShown: [], transcript: [] },
});

describe('the handoff desk on several instances', () => {
  it("shows agents on B the ticket a user opened on A, read from the database there", async () => {
    const { a, b, heard } = await twoInstances();
    const onB = heard(b);
    const changedOnA: number[] = [];
    const changedOnB: number[] = [];
    a.on('changed', (t) => changedOnA.push(t.id));
    b.on('changed', (t) => changedOnB.push(t.id));
    const { ticket } = await a.request(request('c1'));
    const seen = await onB.tickets.waitFor((t) => t.id === ticket.id);
    expect(seen).toMatchObject({ id: ticket.id, state: 'waiting', queuePosition: 1, conversationId: 'c1' });
    // The change is A's to log: B's consoles hear of it, B's log does not.
    expect(changedOnA).toEqual([ticket.id]);
    expect(changedOnB).toEqual([]);
    a.stop();
    b.stop();
  });

  it("passes a waiting user's words from A to an agent watching on B, and the agent's answer from B to A's consoles", async () => {
    const { a, b, heard, agent } = await twoInstances();
    const onA = heard(a);
    const onB = heard(b);
    b.agentConnected(agent(1).id);
    const { ticket } = await a.request(request('c1'));
    // A knows that a console is open on B, so it pushes the user's words at all.
    await onB.tickets.waitFor((t) => t.id === ticket.id);
    expect(a.online()).toEqual([agent(1).id]);
    const at = new Date(AT).toISOString();
    await a.transcript.append({ conversationId: 'c1', channel: 'directline', direction: 'in', fromId: 'user-c1', fromRole: 'user', type: 'message', text: '机器一直显示连接失败', timestamp: at });
    await a.userMessage(ticket, { text: '机器一直显示连接失败', timestamp: at });
    expect((await onB.said.waitFor((m) => m.ticketId === ticket.id)).message).toMatchObject({ from: 'user', text: '机器一直显示连接失败' });

    a.userTyping(ticket);
    await onB.typing.waitFor((t) => t.ticketId === ticket.id);

    await b.accept(ticket.id, agent(1));
    await b.sendMessage(ticket.id, agent(1), '您好，请重启一下机器');
    const answer = await onA.said.waitFor((m) => m.ticketId === ticket.id && m.message.from === 'agent');
    expect(answer.message).toMatchObject({ from: 'agent', text: '您好，请重启一下机器', agentName: '客服one' });
    expect((await onA.tickets.waitFor((t) => t.id === ticket.id && t.state === 'assigned')).agent).toEqual({ id: agent(1).id, displayName: '客服one' });
    a.stop();
    b.stop();
  });

  it('shows agents on B the very message A told of, though newer ones are already in the transcript', async () => {
    const { a, b, heard, agent } = await twoInstances();
    const onB = heard(b);
    b.agentConnected(agent(1).id);
    const { ticket } = await a.request(request('c1'));
    await onB.tickets.waitFor((t) => t.id === ticket.id);
    const at = new Date(AT).toISOString();
    const line = (fromRole: 'user' | 'bot', text: string) => a.transcript.append({ conversationId: 'c1', channel: 'directline', direction: fromRole === 'user' ? 'in' : 'out', fromId: fromRole, fromRole, type: 'message', text, timestamp: at });
    // Two messages stored before the first one's event is told (the second waited for its turn).
    await line('user', '第一句');
    await line('user', '第二句');
    await a.userMessage(ticket, { text: '第一句', timestamp: at });
    await line('bot', '机器人甲');
    await line('bot', '机器人乙');
    a.botMessage(ticket, { text: '机器人甲', timestamp: 'another clock' });
    await a.userMessage(ticket, { text: '第二句', timestamp: at });
    const said = [await onB.said.waitFor(() => true), await onB.said.waitFor(() => true), await onB.said.waitFor(() => true)];
    expect(said.map((m) => m.message.text)).toEqual(['第一句', '机器人甲', '第二句']);
    a.stop();
    b.stop();
  });

  it("after hours, acknowledges a waiting user's first message once, whichever instance each message reaches", async () => {
    const { a, b } = await twoInstances({ hours: '09:00-10:00' }); // the desks' clock says 12:00
    const { ticket } = await a.request(request('c1'));
    const at = new Date(AT).toISOString();
    const told = await Promise.all([a.userMessage(ticket, { text: '在吗', timestamp: at }), b.userMessage(ticket, { text: '人呢', timestamp: at })]);
    expect(told.filter((text) => text !== undefined)).toEqual([expect.stringMatching(/留言已收到/)]);
    expect(await a.userMessage(ticket, { text: '还在吗', timestamp: at })).toBeUndefined();
    a.stop();
    b.stop();
  });

  it('lets exactly one of two agents on different instances accept a ticket', async () => {
    const { a, b, agent } = await twoInstances();
    const { ticket } = await a.request(request('c1'));
    const results = await Promise.allSettled([a.accept(ticket.id, agent(1)), b.accept(ticket.id, agent(2))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(HandoffError);
    a.stop();
    b.stop();
  });

  it('tells its consoles to read everything again when the bus may have missed events', async () => {
    const { a, b, cluster } = await twoInstances();
    let resyncs = 0;
    b.on('resync', () => (resyncs += 1));
    cluster.resync();
    expect(resyncs).toBe(1);
    a.stop();
    b.stop();
  });

  it("shows agents on B a note and tags written on A, read from B's database", async () => {
    const desks = await twoInstances();
    const { ticket } = await desks.a.request(request('c1'));
    const cluster = createMemoryCluster();
    const notesOn = async (buses: BusFactory) => createTicketNotes({ store: createTicketNoteStore((await temp.open()).db), now: () => new Date(AT), buses });
    const a = await notesOn(cluster.instance());
    const b = await notesOn(cluster.instance());
    const notes = createArrivals<TicketNotesEvents['note'][0]>();
    const tags = createArrivals<TicketNotesEvents['tags'][0]>();
    b.on('note', notes.add);
    b.on('tags', tags.add);
    await a.add(ticket.id, desks.agent(1), '商户说换过电池了');
    await a.setTags(ticket.id, ['电池', '连不上']);
    expect((await notes.waitFor((n) => n.ticketId === ticket.id)).note).toMatchObject({ text: '商户说换过电池了', agent: desks.agent(1) });
    expect((await tags.waitFor((t) => t.ticketId === ticket.id)).tags).toEqual(['电池', '连不上']);
    desks.a.stop();
    desks.b.stop();
  });
});
