import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

/** A ticket as reports need it: times, outcome, agent and rating, never the conversation's text. */
export interface ReportTicket {
  readonly id: number;
  readonly channel: string;
  readonly conversationId: string;
  readonly reason: string;
  readonly outcome: string | null;
  /** ISO-8601 */
  readonly createdAt: string;
  readonly firstAssignedAt: string | null;
  readonly firstResponseAt: string | null;
  readonly endedAt: string | null;
  readonly agentId: number | null;
  readonly agentName: string | null;
  readonly rating: number | null;
  /** What the user said about a low rating, redacted. */
  readonly ratingComment: string | null;
  readonly ratedAt: string | null;
}

export interface ReportStore {
  /** Tickets opened at or after `from` and before `to` (ISO-8601), oldest first. */
  ticketsBetween(from: string, to: string): Promise<ReportTicket[]>;
}

/** The reads behind the supervisors' reports: plain SQL that SQLite and PostgreSQL both run. */
export function createReportStore(db: Kysely<Database>): ReportStore {
  return {
    async ticketsBetween(from, to) {
      return guardStorage('reading tickets for a report', async () => {
        const rows = await db
          .selectFrom('tickets')
          .leftJoin('agents', 'agents.id', 'tickets.agent_id')
          .select([
            'tickets.id',
            'tickets.channel',
            'tickets.conversation_id',
            'tickets.reason',
            'tickets.outcome',
            'tickets.created_at',
            'tickets.first_assigned_at',
            'tickets.first_response_at',
            'tickets.ended_at',
            'tickets.agent_id',
            'agents.display_name',
            'tickets.rating',
            'tickets.rating_comment',
            'tickets.rated_at',
          ])
          .where('tickets.created_at', '>=', from)
          .where('tickets.created_at', '<', to)
          .orderBy('tickets.created_at')
          .execute();
        return rows.map((r) => ({
          id: r.id,
          channel: r.channel,
          conversationId: r.conversation_id,
          reason: r.reason,
          outcome: r.outcome,
          createdAt: r.created_at,
          firstAssignedAt: r.first_assigned_at,
          firstResponseAt: r.first_response_at,
          endedAt: r.ended_at,
          agentId: r.agent_id,
          agentName: r.display_name,
          rating: r.rating === null ? null : Number(r.rating),
          ratingComment: r.rating_comment,
          ratedAt: r.rated_at,
        }));
      });
    },
  };
}
