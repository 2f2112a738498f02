import { expect, it } from 'vitest';
import { createAgentStore, createTicketNoteStore, createTicketStore, createTranscriptStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';
import { at, newTicket } from './ticketFixtures.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  async function open() {
    const { db } = await temp.open();
    return { db, tickets: createTicketStore(db), notes: createTicketNoteStore(db), transcript: createTranscriptStore(db) };
  }

  it('keeps notes in the order written and tags sorted, once each, replacing the old ones', async () => {
    const { tickets, notes } = await open();
    const { id } = await tickets.create(newTicket('c1'));
    await notes.addNote({ ticketId: id, agentId: 7, agentName: '小李', text: '已回电', createdAt: at(1) });
    await notes.addNote({ ticketId: id, agentId: 8, agentName: '小张', text: '等配件', createdAt: at(2) });

    expect(await notes.notes(id)).toEqual([
      { id: expect.any(Number), ticketId: id, agent: { id: 7, displayName: '小李' }, text: '已回电', createdAt: at(1) },
      { id: expect.any(Number), ticketId: id, agent: { id: 8, displayName: '小张' }, text: '等配件', createdAt: at(2) },
    ]);
    expect(await notes.setTags(id, ['退款', 'pos', '退款'])).toEqual(['pos', '退款']);
    expect(await notes.setTags(id, ['打印机'])).toEqual(['打印机']);
    expect(await notes.tags(id)).toEqual(['打印机']);
    expect(await notes.tagsFor([id, 999])).toEqual(new Map([[id, ['打印机']]]));
  });

  it('finds tickets by user in any case, by words said in any case (% and _ taken literally), by tag, time and agent, newest first', async () => {
    const { db, tickets, notes, transcript } = await open();
    const agent = await createAgentStore(db).add({ username: 'li', displayName: '小李', passwordHash: 'h', createdAt: at(0) });
    const first = await tickets.create(newTicket('c1', { userId: 'Wang.Laoban', createdAt: at(1) }));
    const second = await tickets.create(newTicket('c2', { userName: 'Zhao 50%', createdAt: at(2) }));
    await tickets.transition(second.id, { from: ['waiting'], to: 'assigned', agentId: agent.id, at: at(3) });
    await transcript.append({ conversationId: 'c1', channel: 'directline', direction: 'in', type: 'message', text: 'The PRINTER is broken', timestamp: at(1) });
    await transcript.append({ conversationId: 'c2', channel: 'directline', direction: 'in', type: 'message', text: '100% 刷卡失败', timestamp: at(2) });
    await notes.setTags(first.id, ['printer']);

    expect(await notes.search({ user: 'wang.laoban', limit: 10 })).toEqual([first.id]);
    expect(await notes.search({ user: 'zhao 50%', limit: 10 })).toEqual([second.id]);
    expect(await notes.search({ user: 'zhao 5_%', limit: 10 })).toEqual([]);
    expect(await notes.search({ text: 'printer', limit: 10 })).toEqual([first.id]);
    expect(await notes.search({ text: '0% 刷卡', limit: 10 })).toEqual([second.id]);
    expect(await notes.search({ tag: 'printer', limit: 10 })).toEqual([first.id]);
    expect(await notes.search({ agentId: agent.id, limit: 10 })).toEqual([second.id]);
    expect(await notes.search({ from: at(2), limit: 10 })).toEqual([second.id]);
    expect(await notes.search({ limit: 10 })).toEqual([second.id, first.id]);
    expect(await notes.search({ limit: 1 })).toEqual([second.id]);
  });

});
