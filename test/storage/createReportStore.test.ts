import { expect, it } from 'vitest';
import { createAgentStore, createReportStore, createTicketStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';
import { at, newTicket } from './ticketFixtures.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  it('reports tickets created in a range with their agent name and rating as a number', async () => {
    const { db } = await temp.open();
    const tickets = createTicketStore(db);
    const agent = await createAgentStore(db).add({ username: 'li', displayName: '小李', passwordHash: 'h', createdAt: at(0) });
    const rated = await tickets.create(newTicket('c1', { createdAt: at(1) }));
    await tickets.transition(rated.id, { from: ['waiting'], to: 'assigned', agentId: agent.id, at: at(2) });
    await tickets.responded(rated.id, at(3));
    await tickets.transition(rated.id, { from: ['assigned'], to: 'closed', outcome: 'resolved', at: at(4) });
    await tickets.rate(rated.id, 4, at(5));
    await tickets.create(newTicket('c2', { createdAt: at(10) }));

    expect(await createReportStore(db).ticketsBetween(at(0), at(10))).toEqual([
      {
        id: rated.id,
        channel: 'directline',
        conversationId: 'c1',
        reason: 'user-asked',
        outcome: 'resolved',
        createdAt: at(1),
        firstAssignedAt: at(2),
        firstResponseAt: at(3),
        endedAt: at(4),
        agentId: agent.id,
        agentName: '小李',
        rating: 4,
        ratingComment: null,
        ratedAt: at(5),
      },
    ]);
  });
});
