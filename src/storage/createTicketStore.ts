import { sql, type Kysely, type Selectable } from 'kysely';
import type { ConversationKey } from './ConversationKey.js';
import { fromJson, toJson } from './json.js';
import type { Database, TicketOutcome, TicketState, TicketsTable } from './schema.js';
import type { TicketFields, TicketProgress } from './TicketFields.js';
import { StorageError, guardDuplicate, guardStorage } from './StorageError.js';

export type { TicketOutcome, TicketState } from './schema.js';

/** A ticket to open: a user waiting for a person. */
export interface NewTicket extends TicketFields {
  /** What the agent needs to pick up (recent turns, the flow reached, ...); JSON-serialisable. */
  readonly context: unknown;
  /** How to reach the user on their channel; JSON-serialisable. */
  readonly address: unknown;
}

/** A ticket as read back: what it was opened with, and where it stands. */
export interface StoredTicket extends NewTicket, TicketProgress {
  readonly id: number;
  readonly agentId: number | null;
  /** The display name of the agent, when there is one. */
  readonly agentName: string | null;
  readonly ratedAt: string | null;
}

/** A conditional change of state; see {@link TicketStore.transition}. */
export interface TicketTransition {
  /** Only moves if the current state is one of these. */
  readonly from: readonly TicketState[];
  /** And, when given, only if the current agent is this one (`null`: no agent). */
  readonly fromAgentId?: number | null;
  readonly to: TicketState;
  /** The new agent when given; `undefined` leaves it unchanged, `null` removes it. */
  readonly agentId?: number | null;
  readonly outcome?: TicketOutcome;
  /**
   * ISO-8601. Sets `updatedAt`; also `assignedAt` when the ticket becomes assigned or changes
   * agent, and `endedAt` when `to` is closed, cancelled or expired.
   */
  readonly at: string;
}

export interface ListTicketsOptions {
  /** Only tickets in these states. Default: every state. */
  readonly states?: readonly TicketState[];
  /** Only tickets of this agent. */
  readonly agentId?: number;
  /** At most this many. Default 200. */
  readonly limit?: number;
}

export interface TicketStore {
  /**
   * Opens a ticket and returns it as stored, with its id.
   *
   * @throws StorageError `STORAGE_DUPLICATE` naming the channel and conversation when it
   *   already has an active (waiting or assigned) ticket there.
   */
  create(ticket: NewTicket): Promise<StoredTicket>;
  get(id: number): Promise<StoredTicket | undefined>;
  /**
   * The conversation's waiting or assigned ticket: on `key.channel` only, since another channel
   * may use the same conversation id for someone else.
   */
  activeFor(key: ConversationKey): Promise<StoredTicket | undefined>;
  /** The conversation's most recently opened ticket, in any state, on `key.channel` only. */
  latestFor(key: ConversationKey): Promise<StoredTicket | undefined>;
  /**
   * Waiting tickets first, in queue order (high priority first, then oldest first); then the
   * others, most recently updated first.
   */
  list(options?: ListTicketsOptions): Promise<StoredTicket[]>;
  /**
   * Compare-and-set: moves the ticket in one `update ... where id = ? and state in (...)
   * [and agent_id = ?]`, so of two processes racing (two agents accepting one ticket) exactly
   * one wins. Returns the ticket as this change left it, or `undefined` when the condition
   * did not hold (someone else got there first, or there is no such ticket).
   */
  transition(id: number, change: TicketTransition): Promise<StoredTicket | undefined>;
  /**
   * Records a 1-5 rating on a closed ticket not rated yet; `undefined` when the ticket is not
   * closed or already rated.
   *
   * @throws StorageError `STORAGE_FAILED` naming the rating when it is not an integer in 1..5.
   */
  rate(id: number, rating: number, at: string): Promise<StoredTicket | undefined>;
  /**
   * How long (ms) the tickets first assigned at or after `since` waited for an agent (from
   * opening to the first agent), most recently assigned first, at most `limit`. After-hours
   * tickets are left out: their wait is the night.
   */
  recentWaits(options: { readonly since: string; readonly limit: number }): Promise<number[]>;
  /** Position in the waiting queue (1 = next), in {@link list} order; `undefined` unless waiting. */
  queuePosition(id: number): Promise<number | undefined>;
  /** Moves every waiting ticket opened before `before` to expired (outcome `expired`); returns them. */
  expireWaiting(before: string, at: string): Promise<StoredTicket[]>;
  /** Notes an agent's first message to the user (later ones change nothing), for first-response times. */
  responded(id: number, at: string): Promise<void>;
  /**
   * Marks a waiting ticket's user as told their message will be answered later; true only for the
   * first call of the ticket (on any instance), so they are told once.
   */
  acknowledge(id: number, at: string): Promise<boolean>;
  /** Keeps what the user said about their rating (once, on a rated ticket); undefined otherwise. */
  comment(id: number, text: string): Promise<StoredTicket | undefined>;
}

type TicketRow = Selectable<TicketsTable>;

const endStates: ReadonlySet<TicketState> = new Set(['closed', 'cancelled', 'expired']);

function toTicket(row: TicketRow, agentName: string | null): StoredTicket {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    userId: row.user_id,
    userName: row.user_name,
    locale: row.locale,
    reason: row.reason,
    priority: row.priority,
    state: row.state,
    outcome: row.outcome,
    afterHours: Number(row.after_hours) === 1,
    agentId: row.agent_id,
    agentName,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    assignedAt: row.assigned_at,
    endedAt: row.ended_at,
    rating: row.rating,
    ratingComment: row.rating_comment,
    ratedAt: row.rated_at,
    context: fromJson(row.context, `context of ticket ${row.id}`),
    address: fromJson(row.address, `address of ticket ${row.id}`),
  };
}

/**
 * Tickets in the `tickets` table, with their agent's display name from `agents`.
 *
 * Timestamps are compared as text (queue order, `since`, `before`), so give them all in one
 * form: UTC as `Date.prototype.toISOString` writes it. The store never reads the clock.
 */
export function createTicketStore(db: Kysely<Database>): TicketStore {
  function selectTickets() {
    return db
      .selectFrom('tickets')
      .leftJoin('agents', 'agents.id', 'tickets.agent_id')
      .selectAll('tickets')
      .select('agents.display_name as agent_name');
  }

  /** Rows returned by an update, with their agents' names (an update cannot join). */
  async function withAgentNames(rows: readonly TicketRow[]): Promise<StoredTicket[]> {
    const agentIds = [...new Set(rows.flatMap((row) => (row.agent_id === null ? [] : [row.agent_id])))];
    const agents =
      agentIds.length === 0 ? [] : await db.selectFrom('agents').select(['id', 'display_name']).where('id', 'in', agentIds).execute();
    const names = new Map(agents.map((agent) => [agent.id, agent.display_name]));
    return rows.map((row) => toTicket(row, row.agent_id === null ? null : (names.get(row.agent_id) ?? null)));
  }

  return {
    async create(ticket) {
      return guardStorage(`opening a ticket for conversation ${ticket.conversationId}`, async () => {
        const row = {
          conversation_id: ticket.conversationId,
          channel: ticket.channel,
          user_id: ticket.userId,
          user_name: ticket.userName,
          locale: ticket.locale,
          reason: ticket.reason,
          priority: ticket.priority,
          state: 'waiting' as const,
          outcome: null,
          after_hours: ticket.afterHours ? (1 as const) : (0 as const),
          agent_id: null,
          created_at: ticket.createdAt,
          updated_at: ticket.createdAt,
          assigned_at: null,
          first_assigned_at: null,
          first_response_at: null,
          acknowledged_at: null,
          rating_comment: null,
          ended_at: null,
          rating: null,
          rated_at: null,
          context: toJson(ticket.context, `context of the ticket for conversation ${ticket.conversationId}`),
          address: toJson(ticket.address, `address of the ticket for conversation ${ticket.conversationId}`),
        };
        const { id } = await guardDuplicate(`${ticket.channel} conversation ${ticket.conversationId} already has an active ticket`, () =>
          db.insertInto('tickets').values(row).returning('id').executeTakeFirstOrThrow(),
        );
        return toTicket({ id, ...row }, null);
      });
    },

    async responded(id, at) {
      await guardStorage(`noting the first response on ticket ${id}`, () =>
        db.updateTable('tickets').set({ first_response_at: at }).where('id', '=', id).where('first_response_at', 'is', null).execute(),
      );
    },

    async acknowledge(id, at) {
      return guardStorage(`acknowledging ticket ${id}`, async () => {
        const result = await db.updateTable('tickets').set({ acknowledged_at: at }).where('id', '=', id).where('state', '=', 'waiting').where('acknowledged_at', 'is', null).executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      });
    },

    async get(id) {
      return guardStorage(`reading ticket ${id}`, async () => {
        const row = await selectTickets().where('tickets.id', '=', id).executeTakeFirst();
        return row && toTicket(row, row.agent_name);
      });
    },

    async activeFor({ channel, conversationId }) {
      return guardStorage(`reading the active ticket of ${channel} conversation ${conversationId}`, async () => {
        const row = await selectTickets()
          .where('tickets.channel', '=', channel)
          .where('tickets.conversation_id', '=', conversationId)
          .where('tickets.state', 'in', ['waiting', 'assigned'])
          .executeTakeFirst();
        return row && toTicket(row, row.agent_name);
      });
    },

    async latestFor({ channel, conversationId }) {
      return guardStorage(`reading the latest ticket of ${channel} conversation ${conversationId}`, async () => {
        const row = await selectTickets()
          .where('tickets.channel', '=', channel)
          .where('tickets.conversation_id', '=', conversationId)
          .orderBy('tickets.id', 'desc')
          .limit(1)
          .executeTakeFirst();
        return row && toTicket(row, row.agent_name);
      });
    },

    async list({ states, agentId, limit = 200 } = {}) {
      if (states?.length === 0) return [];
      return guardStorage('listing tickets', async () => {
        let query = selectTickets();
        if (states !== undefined) query = query.where('tickets.state', 'in', states);
        if (agentId !== undefined) query = query.where('tickets.agent_id', '=', agentId);
        // One order for both groups: the CASEs are constant outside the group they sort, so
        // waiting tickets come first in queue order and the rest by last update.
        const rows = await query
          .orderBy(sql`case when tickets.state = 'waiting' then 0 else 1 end`)
          .orderBy(sql`case when tickets.state = 'waiting' and tickets.priority = 'high' then 0 else 1 end`)
          .orderBy(sql`case when tickets.state = 'waiting' then tickets.created_at end`)
          .orderBy(sql`case when tickets.state = 'waiting' then tickets.id end`)
          .orderBy('tickets.updated_at', 'desc')
          .orderBy('tickets.id', 'desc')
          .limit(Math.max(0, Math.floor(limit)))
          .execute();
        return rows.map((row) => toTicket(row, row.agent_name));
      });
    },

    async transition(id, { from, fromAgentId, to, agentId, outcome, at }) {
      if (from.length === 0) return undefined;
      return guardStorage(`moving ticket ${id} to ${to}`, async () => {
        let query = db
          .updateTable('tickets')
          .set((eb) => ({
            state: to,
            updated_at: at,
            ...(agentId !== undefined && { agent_id: agentId }),
            ...(outcome !== undefined && { outcome }),
            // Right-hand sides see the row as it was before this update, on both dialects.
            ...(to === 'assigned' && {
              assigned_at: eb
                .case()
                .when(
                  eb.or([
                    eb('state', '<>', 'assigned'),
                    ...(agentId === undefined ? [] : [eb('agent_id', 'is distinct from', agentId)]),
                  ]),
                )
                .then(at)
                .else(eb.ref('assigned_at'))
                .end(),
              first_assigned_at: eb.fn.coalesce('first_assigned_at', eb.val(at)),
            }),
            ...(endStates.has(to) && { ended_at: at }),
          }))
          .where('id', '=', id)
          .where('state', 'in', from);
        if (fromAgentId === null) query = query.where('agent_id', 'is', null);
        else if (fromAgentId !== undefined) query = query.where('agent_id', '=', fromAgentId);
        const row = await query.returningAll().executeTakeFirst();
        return row && (await withAgentNames([row]))[0];
      });
    },

    async comment(id, text) {
      return guardStorage(`noting the rating comment of ticket ${id}`, async () => {
        const row = await db
          .updateTable('tickets')
          .set({ rating_comment: text })
          .where('id', '=', id)
          .where('rating', 'is not', null)
          .where('rating_comment', 'is', null)
          .returningAll()
          .executeTakeFirst();
        return row && (await withAgentNames([row]))[0];
      });
    },

    async rate(id, rating, at) {
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
        throw new StorageError('STORAGE_FAILED', `rating of ticket ${id} must be an integer from 1 to 5, got ${rating}`);
      }
      return guardStorage(`rating ticket ${id}`, async () => {
        const row = await db
          .updateTable('tickets')
          .set({ rating, rated_at: at })
          .where('id', '=', id)
          .where('state', '=', 'closed')
          .where('rating', 'is', null)
          .returningAll()
          .executeTakeFirst();
        return row && (await withAgentNames([row]))[0];
      });
    },

    async recentWaits({ since, limit }) {
      return guardStorage('reading recent waits', async () => {
        const rows = await db
          .selectFrom('tickets')
          .select(['created_at', 'first_assigned_at'])
          .where('first_assigned_at', '>=', since)
          .where('after_hours', '=', 0)
          .orderBy('first_assigned_at', 'desc')
          .orderBy('id', 'desc')
          .limit(Math.max(0, Math.floor(limit)))
          .execute();
        return rows.flatMap(({ created_at, first_assigned_at }) => {
          const waited = Date.parse(first_assigned_at ?? '') - Date.parse(created_at);
          // Clocks of two processes can disagree by a little: a wait is never negative.
          return Number.isNaN(waited) ? [] : [Math.max(0, waited)];
        });
      });
    },

    async queuePosition(id) {
      return guardStorage(`reading the queue position of ticket ${id}`, async () => {
        // One statement, so the ticket and the queue ahead of it are read at the same moment.
        const row = await db
          .selectFrom('tickets as me')
          .where('me.id', '=', id)
          .where('me.state', '=', 'waiting')
          .select((eb) =>
            eb
              .selectFrom('tickets as ahead')
              .select(eb.fn.countAll().as('count'))
              .where('ahead.state', '=', 'waiting')
              .where((ahead) =>
                ahead.or([
                  ahead.and([ahead('ahead.priority', '=', 'high'), ahead('me.priority', '=', 'normal')]),
                  ahead.and([
                    ahead('ahead.priority', '=', ahead.ref('me.priority')),
                    ahead.or([
                      ahead('ahead.created_at', '<', ahead.ref('me.created_at')),
                      ahead.and([ahead('ahead.created_at', '=', ahead.ref('me.created_at')), ahead('ahead.id', '<', ahead.ref('me.id'))]),
                    ]),
                  ]),
                ]),
              )
              .as('ahead'),
          )
          .executeTakeFirst();
        // PostgreSQL returns count() as a string (bigint); SQLite as a number.
        return row && Number(row.ahead ?? 0) + 1;
      });
    },

    async expireWaiting(before, at) {
      return guardStorage(`expiring tickets waiting since before ${before}`, async () => {
        const rows = await db
          .updateTable('tickets')
          .set({ state: 'expired', outcome: 'expired', updated_at: at, ended_at: at })
          .where('state', '=', 'waiting')
          .where('created_at', '<', before)
          .returningAll()
          .execute();
        return withAgentNames(rows.sort((a, b) => a.id - b.id));
      });
    },
  };
}
