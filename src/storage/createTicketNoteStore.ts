import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

/** An agent's private note on a ticket. */
export interface TicketNote {
  readonly id: number;
  readonly ticketId: number;
  readonly agent: { readonly id: number; readonly displayName: string };
  readonly text: string;
  /** ISO-8601 */
  readonly createdAt: string;
}

/** What to look for among past tickets. */
export interface TicketQuery {
  /** Words the user or an agent wrote in the conversation (case-insensitive). */
  readonly text?: string;
  /** The user's id or name on their channel. */
  readonly user?: string;
  readonly tag?: string;
  /** Opened at or after / before (ISO-8601). */
  readonly from?: string;
  readonly to?: string;
  /** Only tickets this agent had. */
  readonly agentId?: number;
  readonly limit: number;
}

export interface TicketNoteStore {
  addNote(note: { readonly ticketId: number; readonly agentId: number; readonly agentName: string; readonly text: string; readonly createdAt: string }): Promise<TicketNote>;
  notes(ticketId: number): Promise<TicketNote[]>;
  /** Replaces the ticket's tags; returns them sorted. */
  setTags(ticketId: number, tags: readonly string[]): Promise<string[]>;
  tags(ticketId: number): Promise<string[]>;
  /** The tags of several tickets in one read, by ticket id (tickets without tags left out). */
  tagsFor(ticketIds: readonly number[]): Promise<Map<number, string[]>>;
  /** Ids of tickets matching every part of the query, newest first. */
  search(query: TicketQuery): Promise<number[]>;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Notes and tags in `ticket_notes` and `ticket_tags`, and the search over past tickets. */
export function createTicketNoteStore(db: Kysely<Database>): TicketNoteStore {
  const toNote = (r: { id: number; ticket_id: number; agent_id: number; agent_name: string; text: string; created_at: string }): TicketNote => ({
    id: r.id,
    ticketId: r.ticket_id,
    agent: { id: r.agent_id, displayName: r.agent_name },
    text: r.text,
    createdAt: r.created_at,
  });
  return {
    async addNote({ ticketId, agentId, agentName, text, createdAt }) {
      return guardStorage(`adding a note to ticket ${ticketId}`, async () =>
        toNote(
          await db
            .insertInto('ticket_notes')
            .values({ ticket_id: ticketId, agent_id: agentId, agent_name: agentName, text, created_at: createdAt })
            .returningAll()
            .executeTakeFirstOrThrow(),
        ),
      );
    },
    async notes(ticketId) {
      return guardStorage(`reading the notes of ticket ${ticketId}`, async () =>
        (await db.selectFrom('ticket_notes').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute()).map(toNote),
      );
    },
    async setTags(ticketId, tags) {
      const unique = [...new Set(tags)].sort();
      return guardStorage(`tagging ticket ${ticketId}`, async () => {
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
          if (unique.length > 0) await trx.insertInto('ticket_tags').values(unique.map((tag) => ({ ticket_id: ticketId, tag }))).execute();
        });
        return unique;
      });
    },
    async tags(ticketId) {
      return guardStorage(`reading the tags of ticket ${ticketId}`, async () =>
        (await db.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', ticketId).orderBy('tag').execute()).map((r) => r.tag),
      );
    },
    async tagsFor(ticketIds) {
      if (ticketIds.length === 0) return new Map();
      return guardStorage('reading the tags of tickets', async () => {
        const rows = await db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', [...ticketIds]).orderBy('tag').execute();
        const found = new Map<number, string[]>();
        for (const r of rows) found.set(r.ticket_id, [...(found.get(r.ticket_id) ?? []), r.tag]);
        return found;
      });
    },

    async search({ text, user, tag, from, to, agentId, limit }) {
      return guardStorage('searching tickets', async () => {
        let query = db.selectFrom('tickets').select('tickets.id');
        if (from) query = query.where('tickets.created_at', '>=', from);
        if (to) query = query.where('tickets.created_at', '<', to);
        if (agentId !== undefined) query = query.where('tickets.agent_id', '=', agentId);
        if (user) {
          const like = `%${escapeLike(user.toLowerCase())}%`;
          query = query.where((eb) =>
            eb.or([eb(sql`lower(tickets.user_id)`, 'like', sql`${like} escape '\\'`), eb(sql`lower(tickets.user_name)`, 'like', sql`${like} escape '\\'`), eb('tickets.conversation_id', '=', user)]),
          );
        }
        if (tag) query = query.where((eb) => eb.exists(eb.selectFrom('ticket_tags').select('ticket_tags.tag').whereRef('ticket_tags.ticket_id', '=', 'tickets.id').where('ticket_tags.tag', '=', tag)));
        if (text) {
          const like = `%${escapeLike(text.toLowerCase())}%`;
          query = query.where((eb) =>
            eb.exists(
              eb
                .selectFrom('transcript')
                .select('transcript.id')
                .whereRef('transcript.channel', '=', 'tickets.channel')
                .whereRef('transcript.conversation_id', '=', 'tickets.conversation_id')
                .where(sql`lower(transcript.text)`, 'like', sql`${like} escape '\\'`),
            ),
          );
        }
        const rows = await query.orderBy('tickets.created_at', 'desc').orderBy('tickets.id', 'desc').limit(limit).execute();
        return rows.map((r) => r.id);
      });
    },
  };
}
