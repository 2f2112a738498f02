import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  StorageError,
  createAgentStore,
  createTicketStore,
  type ConversationKey,
  type Database,
  type NewTicket,
  type StoredTicket,
  type TicketStore,
} from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  /** 08:mm on the day of the tests, as the handoff service would give it. */
  const at = (minute: number, second = 0) => `2026-03-01T08:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;

  const ticket = (conversationId: string, extra: Partial<NewTicket> = {}): NewTicket => ({
    conversationId,
    channel: 'directline',
    userId: `user-${conversationId}`,
    userName: '王老板',
    locale: 'zh-CN',
    reason: 'user-asked',
    priority: 'normal',
    afterHours: false,
    createdAt: at(0),
    context: { lastQuestion: '机器开不了机', turns: [{ role: 'user', text: '人工' }], confidence: 0.2, flow: null },
    address: { channelId: 'directline', conversation: { id: conversationId }, serviceUrl: 'http://localhost' },
    ...extra,
  });

  async function open(): Promise<{ db: Kysely<Database>; store: TicketStore }> {
    const { db } = await temp.open();
    return { db, store: createTicketStore(db) };
  }

  /** Adds an agent and returns their id. */
  async function addAgent(db: Kysely<Database>, username: string, displayName = username): Promise<number> {
    const agent = await createAgentStore(db).add({ username, displayName, passwordHash: 'hash', createdAt: at(0) });
    return agent.id;
  }

  /** The rejection of `promise`, which must reject. */
  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => error,
    );
  }

  const conversations = (tickets: readonly StoredTicket[]) => tickets.map((stored) => stored.conversationId);

  /** Conversation `conversationId` on `channel` (directline, like {@link ticket}, unless given). */
  const on = (conversationId: string, channel = 'directline'): ConversationKey => ({ channel, conversationId });

  describe('createTicketStore', () => {
    describe('create and read', () => {
      it('opens a waiting ticket and reads it back by id as it was returned', async () => {
        const { store } = await open();

        const created = await store.create(ticket('a', { priority: 'high', afterHours: true, createdAt: at(5) }));

        expect(created).toEqual({
          id: expect.any(Number),
          ...ticket('a', { priority: 'high', afterHours: true, createdAt: at(5) }),
          state: 'waiting',
          outcome: null,
          agentId: null,
          agentName: null,
          updatedAt: at(5),
          assignedAt: null,
          endedAt: null,
          rating: null,
          ratingComment: null,
          ratedAt: null,
        });
        expect(await store.get(created.id)).toEqual(created);
        expect(await store.get(created.id + 1)).toBeUndefined();
      });

      it('gives context and address back exactly as they were stored, after reopening the file', async () => {
        const before = await temp.open();
        const { id } = await createTicketStore(before.db).create(ticket('a'));
        await before.close();

        const stored = await createTicketStore((await temp.open()).db).get(id);

        expect(stored?.context).toEqual(ticket('a').context);
        expect(stored?.address).toEqual(ticket('a').address);
      });

      it('throws STORAGE_FAILED naming the conversation when the context has no JSON form', async () => {
        const { store } = await open();

        const error = await rejection(store.create(ticket('conv-x', { context: undefined })));

        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('conv-x') });
      });

      it('finds the active ticket of a conversation, and none once it has ended', async () => {
        const { db, store } = await open();
        const agent = await addAgent(db, 'li');
        const { id } = await store.create(ticket('a'));
        await store.create(ticket('b'));

        expect((await store.activeFor(on('a')))?.id).toBe(id);
        await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: agent, at: at(1) });
        expect(await store.activeFor(on('a'))).toMatchObject({ id, state: 'assigned' });
        await store.transition(id, { from: ['assigned'], to: 'closed', outcome: 'resolved', at: at(2) });
        expect(await store.activeFor(on('a'))).toBeUndefined();
        expect(await store.activeFor(on('nobody'))).toBeUndefined();
      });

      it('finds the latest ticket of a conversation in any state', async () => {
        const { store } = await open();
        const first = await store.create(ticket('a', { createdAt: at(0) }));
        await store.transition(first.id, { from: ['waiting'], to: 'cancelled', outcome: 'cancelled', at: at(1) });
        expect(await store.latestFor(on('a'))).toMatchObject({ id: first.id, state: 'cancelled' });

        const second = await store.create(ticket('a', { createdAt: at(2) }));

        expect(await store.latestFor(on('a'))).toMatchObject({ id: second.id, state: 'waiting' });
        expect(await store.latestFor(on('nobody'))).toBeUndefined();
      });
    });

    describe('one active ticket per conversation', () => {
      it.each([
        { state: 'waiting', accept: false },
        { state: 'assigned', accept: true },
      ])('throws STORAGE_DUPLICATE naming the conversation when its ticket is $state', async ({ accept }) => {
        const { db, store } = await open();
        const { id } = await store.create(ticket('conv-7'));
        if (accept) await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: await addAgent(db, 'li'), at: at(1) });

        const error = await rejection(store.create(ticket('conv-7', { createdAt: at(2) })));

        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ code: 'STORAGE_DUPLICATE', message: expect.stringContaining('conv-7') });
        expect(await store.list()).toHaveLength(1);
      });

      it('opens a second ticket for the conversation once the first has ended', async () => {
        const { store } = await open();
        const first = await store.create(ticket('a'));
        await store.transition(first.id, { from: ['waiting'], to: 'expired', outcome: 'expired', at: at(1) });

        const second = await store.create(ticket('a', { createdAt: at(2) }));

        expect(second.id).not.toBe(first.id);
        expect((await store.list()).map((stored) => stored.state)).toEqual(['waiting', 'expired']);
      });

      it('lets exactly one of two connections open a ticket for the same conversation', async () => {
        const stores = [createTicketStore((await temp.open()).db), createTicketStore((await temp.open()).db)];

        const outcomes = await Promise.allSettled(stores.map((store) => store.create(ticket('a'))));

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []))).toEqual([
          expect.objectContaining({ code: 'STORAGE_DUPLICATE' }),
        ]);
      });
    });

    // A channel chooses its conversation ids: the same id on another channel is someone else.
    describe('conversations keyed by channel and id', () => {
      it('keeps two tickets active at once for the same conversation id on two channels, each found on its own channel', async () => {
        const { db, store } = await open();
        const onDirectLine = await store.create(ticket('shared'));
        const onEmulator = await store.create(ticket('shared', { channel: 'emulator', createdAt: at(1) }));
        await store.transition(onEmulator.id, { from: ['waiting'], to: 'assigned', agentId: await addAgent(db, 'li'), at: at(2) });

        expect(await store.activeFor(on('shared'))).toMatchObject({ id: onDirectLine.id, channel: 'directline', state: 'waiting' });
        expect(await store.activeFor(on('shared', 'emulator'))).toMatchObject({ id: onEmulator.id, channel: 'emulator', state: 'assigned' });
        expect(await store.activeFor(on('shared', 'msteams'))).toBeUndefined();
      });

      it('gives each channel its own latest ticket, however recent the other channel is', async () => {
        const { store } = await open();
        const onDirectLine = await store.create(ticket('shared'));
        await store.transition(onDirectLine.id, { from: ['waiting'], to: 'cancelled', outcome: 'cancelled', at: at(1) });
        const onEmulator = await store.create(ticket('shared', { channel: 'emulator', createdAt: at(2) }));

        expect(await store.latestFor(on('shared'))).toMatchObject({ id: onDirectLine.id, state: 'cancelled' });
        expect(await store.latestFor(on('shared', 'emulator'))).toMatchObject({ id: onEmulator.id, state: 'waiting' });
        expect(await store.latestFor(on('shared', 'msteams'))).toBeUndefined();
      });

      it('still refuses a second active ticket on the same channel, naming the channel and the conversation', async () => {
        const { store } = await open();
        await store.create(ticket('shared'));
        await store.create(ticket('shared', { channel: 'emulator' }));

        const error = await rejection(store.create(ticket('shared', { channel: 'emulator', createdAt: at(2) })));

        expect(error).toMatchObject({ code: 'STORAGE_DUPLICATE', message: expect.stringMatching(/emulator.*shared/) });
        expect(await store.list()).toHaveLength(2);
      });
    });

    describe('the queue', () => {
      it('lists waiting tickets high priority first, then oldest first, then the others most recently updated first', async () => {
        const { store } = await open();
        const ended = await store.create(ticket('ended-early', { createdAt: at(0) }));
        const cancelled = await store.create(ticket('ended-late', { createdAt: at(0, 1) }));
        await store.create(ticket('normal-old', { createdAt: at(1) }));
        await store.create(ticket('high-new', { priority: 'high', createdAt: at(4) }));
        await store.create(ticket('normal-new', { createdAt: at(3) }));
        await store.create(ticket('high-old', { priority: 'high', createdAt: at(2) }));
        await store.transition(cancelled.id, { from: ['waiting'], to: 'cancelled', outcome: 'cancelled', at: at(9) });
        await store.transition(ended.id, { from: ['waiting'], to: 'expired', outcome: 'expired', at: at(8) });

        expect(conversations(await store.list())).toEqual(['high-old', 'high-new', 'normal-old', 'normal-new', 'ended-late', 'ended-early']);
      });

      it('orders tickets opened in the same instant by the order they were opened', async () => {
        const { store } = await open();
        for (const id of ['first', 'second', 'third']) await store.create(ticket(id, { createdAt: at(1) }));

        expect(conversations(await store.list())).toEqual(['first', 'second', 'third']);
      });

      it('lists only the states, the agent and the number of tickets asked for', async () => {
        const { db, store } = await open();
        const [li, wang] = [await addAgent(db, 'li'), await addAgent(db, 'wang')];
        const ids: number[] = [];
        for (let minute = 0; minute < 5; minute++) ids.push((await store.create(ticket(`c${minute}`, { createdAt: at(minute) }))).id);
        for (const [i, agentId] of [li, wang, li].entries()) {
          await store.transition(ids[i] ?? 0, { from: ['waiting'], to: 'assigned', agentId, at: at(6 + i) });
        }

        expect(conversations(await store.list({ states: ['waiting'] }))).toEqual(['c3', 'c4']);
        expect(conversations(await store.list({ states: ['assigned'], agentId: li }))).toEqual(['c2', 'c0']);
        expect(conversations(await store.list({ agentId: wang }))).toEqual(['c1']);
        expect(conversations(await store.list({ limit: 3 }))).toEqual(['c3', 'c4', 'c2']);
        expect(await store.list({ states: [] })).toEqual([]);
      });

      it('gives the agent name with each assigned ticket', async () => {
        const { db, store } = await open();
        const li = await addAgent(db, 'li', '李娜');
        const { id } = await store.create(ticket('a'));
        await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(1) });

        expect(await store.list()).toEqual([expect.objectContaining({ agentId: li, agentName: '李娜' })]);
        expect(await store.get(id)).toMatchObject({ agentId: li, agentName: '李娜' });
      });

      it('gives each waiting ticket its place in the order of the list, and none to others', async () => {
        const { db, store } = await open();
        await store.create(ticket('normal-old', { createdAt: at(1) }));
        await store.create(ticket('high-new', { priority: 'high', createdAt: at(4) }));
        await store.create(ticket('normal-new', { createdAt: at(3) }));
        await store.create(ticket('high-old', { priority: 'high', createdAt: at(2) }));
        await store.create(ticket('same-instant', { createdAt: at(3) }));
        const taken = await store.create(ticket('taken', { priority: 'high', createdAt: at(0) }));
        await store.transition(taken.id, { from: ['waiting'], to: 'assigned', agentId: await addAgent(db, 'li'), at: at(5) });

        const waiting = await store.list({ states: ['waiting'] });
        const positions = await Promise.all(waiting.map((stored) => store.queuePosition(stored.id)));

        expect(conversations(waiting)).toEqual(['high-old', 'high-new', 'normal-old', 'normal-new', 'same-instant']);
        expect(positions).toEqual([1, 2, 3, 4, 5]);
        expect(await store.queuePosition(taken.id)).toBeUndefined();
        expect(await store.queuePosition(9999)).toBeUndefined();
      });
    });

    describe('transition', () => {
      it('assigns a waiting ticket to an agent, recording when', async () => {
        const { db, store } = await open();
        const li = await addAgent(db, 'li', '李娜');
        const { id } = await store.create(ticket('a'));

        const assigned = await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(3) });

        expect(assigned).toMatchObject({ id, state: 'assigned', agentId: li, agentName: '李娜', outcome: null });
        expect(assigned).toMatchObject({ assignedAt: at(3), updatedAt: at(3), endedAt: null });
        expect(await store.get(id)).toEqual(assigned);
      });

      it('lets exactly one of two agents accepting the same ticket at once win', async () => {
        const { db, store } = await open();
        const [li, wang] = [await addAgent(db, 'li'), await addAgent(db, 'wang')];
        const { id } = await store.create(ticket('a'));

        const results = await Promise.all(
          [li, wang].map((agentId) => store.transition(id, { from: ['waiting'], to: 'assigned', agentId, at: at(1) })),
        );

        const winners = results.filter((result) => result !== undefined);
        expect(winners).toHaveLength(1);
        expect(await store.get(id)).toMatchObject({ state: 'assigned', agentId: winners[0]?.agentId });
      });

      it('lets exactly one of two connections accepting the same ticket at once win', async () => {
        const first = await temp.open();
        const [li, wang] = [await addAgent(first.db, 'li'), await addAgent(first.db, 'wang')];
        const stores = [createTicketStore(first.db), createTicketStore((await temp.open()).db)] as const;
        const { id } = await stores[0].create(ticket('a'));

        const results = await Promise.all(
          stores.map((store, i) => store.transition(id, { from: ['waiting'], to: 'assigned', agentId: i === 0 ? li : wang, at: at(1) })),
        );

        expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      });

      it('transfers an assigned ticket only from the agent named in fromAgentId, restarting assignedAt', async () => {
        const { db, store } = await open();
        const [li, wang, zhao] = [await addAgent(db, 'li'), await addAgent(db, 'wang'), await addAgent(db, 'zhao')];
        const { id } = await store.create(ticket('a'));
        await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(1) });

        const wrong = await store.transition(id, { from: ['assigned'], fromAgentId: wang, to: 'assigned', agentId: zhao, at: at(2) });
        const right = await store.transition(id, { from: ['assigned'], fromAgentId: li, to: 'assigned', agentId: wang, at: at(3) });

        expect(wrong).toBeUndefined();
        expect(right).toMatchObject({ state: 'assigned', agentId: wang, assignedAt: at(3), updatedAt: at(3) });
      });

      it('matches fromAgentId null only when the ticket has no agent', async () => {
        const { db, store } = await open();
        const li = await addAgent(db, 'li');
        const { id } = await store.create(ticket('a'));
        await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(1) });

        const closed = await store.transition(id, { from: ['assigned'], fromAgentId: null, to: 'closed', at: at(2) });
        const released = await store.transition(id, { from: ['assigned'], fromAgentId: li, to: 'waiting', agentId: null, outcome: 'released', at: at(3) });
        const cancelled = await store.transition(id, { from: ['waiting'], fromAgentId: null, to: 'cancelled', at: at(4) });

        expect(closed).toBeUndefined();
        expect(released).toMatchObject({ state: 'waiting', agentId: null, agentName: null, outcome: 'released' });
        expect(cancelled).toMatchObject({ state: 'cancelled' });
      });

      it('keeps assignedAt when an assigned ticket stays with its agent, and restarts it when the same agent accepts it again', async () => {
        const { db, store } = await open();
        const li = await addAgent(db, 'li');
        const { id } = await store.create(ticket('a'));
        await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(1) });

        const kept = await store.transition(id, { from: ['assigned'], to: 'assigned', agentId: li, at: at(2) });
        await store.transition(id, { from: ['assigned'], to: 'waiting', outcome: 'released', at: at(3) });
        const again = await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(4) });

        expect(kept).toMatchObject({ assignedAt: at(1), updatedAt: at(2) });
        expect(again).toMatchObject({ agentId: li, assignedAt: at(4) });
      });

      it('returns undefined and changes nothing when the ticket is in none of the from states', async () => {
        const { store } = await open();
        const created = await store.create(ticket('a'));

        expect(await store.transition(created.id, { from: ['assigned'], to: 'closed', outcome: 'resolved', at: at(1) })).toBeUndefined();
        expect(await store.transition(created.id, { from: [], to: 'closed', at: at(1) })).toBeUndefined();
        expect(await store.transition(9999, { from: ['waiting'], to: 'closed', at: at(1) })).toBeUndefined();
        expect(await store.get(created.id)).toEqual(created);
      });

      it.each(['closed', 'cancelled', 'expired'] as const)('records when the ticket ended and how when it becomes %s', async (to) => {
        const { store } = await open();
        const { id } = await store.create(ticket('a'));

        const ended = await store.transition(id, { from: ['waiting'], to, outcome: 'ended_by_user', at: at(7) });

        expect(ended).toMatchObject({ state: to, outcome: 'ended_by_user', endedAt: at(7), updatedAt: at(7) });
      });
    });

    describe('rate', () => {
      async function closedTicket(store: TicketStore): Promise<number> {
        const { id } = await store.create(ticket('a'));
        await store.transition(id, { from: ['waiting'], to: 'closed', outcome: 'resolved', at: at(1) });
        return id;
      }

      it('records a rating on a closed ticket once', async () => {
        const { store } = await open();
        const id = await closedTicket(store);

        expect(await store.rate(id, 4, at(2))).toMatchObject({ id, rating: 4, ratedAt: at(2), state: 'closed' });
        expect(await store.rate(id, 1, at(3))).toBeUndefined();
        expect(await store.get(id)).toMatchObject({ rating: 4, ratedAt: at(2) });
      });

      it('does not rate a ticket that is not closed', async () => {
        const { store } = await open();
        const waiting = await store.create(ticket('a'));
        const cancelled = await store.create(ticket('b'));
        await store.transition(cancelled.id, { from: ['waiting'], to: 'cancelled', at: at(1) });

        expect(await store.rate(waiting.id, 5, at(2))).toBeUndefined();
        expect(await store.rate(cancelled.id, 5, at(2))).toBeUndefined();
        expect(await store.rate(9999, 5, at(2))).toBeUndefined();
      });

      it.each([0, 6, 2.5, Number.NaN])('throws STORAGE_FAILED naming the rating %s and records nothing', async (rating) => {
        const { store } = await open();
        const id = await closedTicket(store);

        const error = await rejection(store.rate(id, rating, at(2)));

        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining(String(rating)) });
        expect(await store.get(id)).toMatchObject({ rating: null });
      });
    });

    describe('recentWaits', () => {
      it('gives how long the latest assigned tickets waited, newest first, leaving out after-hours and unassigned ones', async () => {
        const { db, store } = await open();
        const li = await addAgent(db, 'li');
        const accept = (id: number, minute: number) => store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(minute) });
        const early = await store.create(ticket('early', { createdAt: at(0) }));
        const night = await store.create(ticket('night', { createdAt: at(0), afterHours: true }));
        const late = await store.create(ticket('late', { createdAt: at(2) }));
        await store.create(ticket('unassigned', { createdAt: at(1) }));
        await accept(early.id, 3);
        await accept(night.id, 4);
        await accept(late.id, 5);

        expect(await store.recentWaits({ since: at(0), limit: 10 })).toEqual([3 * 60_000, 3 * 60_000]);
        expect(await store.recentWaits({ since: at(0), limit: 1 })).toEqual([3 * 60_000]);
        expect(await store.recentWaits({ since: at(4), limit: 10 })).toEqual([3 * 60_000]);
        expect(await store.recentWaits({ since: at(6), limit: 10 })).toEqual([]);
      });

      it('measures the wait to the first agent, not to a transfer', async () => {
        const { db, store } = await open();
        const [li, wang] = [await addAgent(db, 'li'), await addAgent(db, 'wang')];
        const { id } = await store.create(ticket('a', { createdAt: at(0) }));
        await store.transition(id, { from: ['waiting'], to: 'assigned', agentId: li, at: at(1) });
        await store.transition(id, { from: ['assigned'], fromAgentId: li, to: 'assigned', agentId: wang, at: at(9) });

        expect(await store.recentWaits({ since: at(0), limit: 10 })).toEqual([60_000]);
      });
    });

    describe('expireWaiting', () => {
      it('expires the tickets waiting since before the cutoff and returns them', async () => {
        const { db, store } = await open();
        await store.create(ticket('old-1', { createdAt: at(0) }));
        await store.create(ticket('old-2', { createdAt: at(1) }));
        await store.create(ticket('new', { createdAt: at(5) }));
        const taken = await store.create(ticket('taken', { createdAt: at(0) }));
        await store.transition(taken.id, { from: ['waiting'], to: 'assigned', agentId: await addAgent(db, 'li'), at: at(2) });

        const expired = await store.expireWaiting(at(5), at(10));

        const summary = expired.map(({ conversationId, state, outcome, endedAt, updatedAt }) => ({ conversationId, state, outcome, endedAt, updatedAt }));
        expect(summary).toEqual([
          { conversationId: 'old-1', state: 'expired', outcome: 'expired', endedAt: at(10), updatedAt: at(10) },
          { conversationId: 'old-2', state: 'expired', outcome: 'expired', endedAt: at(10), updatedAt: at(10) },
        ]);
        expect(conversations(await store.list({ states: ['waiting', 'assigned'] }))).toEqual(['new', 'taken']);
        expect(await store.expireWaiting(at(5), at(11))).toEqual([]);
      });
    });
  });
});
