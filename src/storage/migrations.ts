import { Migrator, sql, type CreateTableBuilder, type DatabaseIntrospector, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { StorageError } from './StorageError.js';

/** The SQL dialects the migrations know how to write for. */
export type StorageDialect = 'sqlite' | 'postgres';

/**
 * An auto-incrementing integer primary key named `id`: the one column type the two dialects
 * spell differently (`integer primary key autoincrement` vs `serial primary key`).
 */
function addIdColumn<TB extends string, C extends string>(
  table: CreateTableBuilder<TB, C>,
  dialect: StorageDialect,
): CreateTableBuilder<TB, C | 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (col) => col.primaryKey())
    : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
}

// Migrations take Kysely<any> on purpose: each one sees the schema as it was when it was
// written, not today's `Database`. Never edit a released migration; add the next key.
function initial(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('state_items')
        .addColumn('key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('data', 'text', (col) => col.notNull())
        .addColumn('etag', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();

      await addIdColumn(db.schema.createTable('transcript'), dialect)
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('activity_id', 'text')
        .addColumn('direction', 'text', (col) => col.notNull().check(sql`direction in ('in', 'out')`))
        .addColumn('from_id', 'text')
        .addColumn('from_role', 'text', (col) => col.check(sql`from_role in ('user', 'bot', 'agent')`))
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('text', 'text')
        .addColumn('timestamp', 'text', (col) => col.notNull())
        .addColumn('payload', 'text')
        .execute();
      await db.schema
        .createIndex('transcript_conversation_id_id_idx')
        .on('transcript')
        .columns(['conversation_id', 'id'])
        .execute();

      await addIdColumn(db.schema.createTable('feedback'), dialect)
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('article_id', 'text', (col) => col.notNull())
        .addColumn('helpful', 'integer', (col) => col.notNull().check(sql`helpful in (0, 1)`))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('feedback_article_id_idx').on('feedback').column('article_id').execute();

      await addIdColumn(db.schema.createTable('handoff_requests'), dialect)
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('user_id', 'text')
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('priority', 'text', (col) => col.notNull().check(sql`priority in ('normal', 'high')`))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('context', 'text', (col) => col.notNull())
        .execute();
    },

    async down(db: Kysely<any>) {
      // Dropping a table drops its indexes on both dialects.
      for (const table of ['handoff_requests', 'feedback', 'transcript', 'state_items']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

// Direct Line: the conversations kefu serves itself and their activity log. The sequence number
// is the watermark clients resume from, so it only grows, per conversation.
function directLine(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('directline_conversations')
        .addColumn('id', 'text', (col) => col.primaryKey().notNull())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('directline_activities')
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('seq', 'integer', (col) => col.notNull())
        .addColumn('activity', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('directline_activities_pk', ['conversation_id', 'seq'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('directline_activities').execute();
      await db.schema.dropTable('directline_conversations').execute();
    },
  };
}

// Human handoff: tickets replace the bare `handoff_requests` log, plus the agents who answer
// them and their sign-in sessions.
function handoff(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await addIdColumn(db.schema.createTable('agents'), dialect)
        .addColumn('username', 'text', (col) => col.notNull().unique())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0).check(sql`disabled in (0, 1)`))
        .addColumn('failed_logins', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('last_login_at', 'text')
        .execute();

      await addIdColumn(db.schema.createTable('tickets'), dialect)
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('user_id', 'text')
        .addColumn('user_name', 'text')
        .addColumn('locale', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('priority', 'text', (col) => col.notNull().check(sql`priority in ('normal', 'high')`))
        .addColumn('state', 'text', (col) =>
          col.notNull().check(sql`state in ('waiting', 'assigned', 'closed', 'cancelled', 'expired')`),
        )
        .addColumn('outcome', 'text', (col) =>
          col.check(sql`outcome in ('resolved', 'released', 'cancelled', 'ended_by_user', 'expired')`),
        )
        .addColumn('after_hours', 'integer', (col) => col.notNull().check(sql`after_hours in (0, 1)`))
        // Agents are disabled, not deleted; should one be deleted, its tickets stay, unassigned.
        .addColumn('agent_id', 'integer', (col) => col.references('agents.id').onDelete('set null'))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('assigned_at', 'text')
        .addColumn('first_assigned_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('rating', 'integer', (col) => col.check(sql`rating between 1 and 5`))
        .addColumn('rated_at', 'text')
        .addColumn('context', 'text', (col) => col.notNull())
        .addColumn('address', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('tickets_state_priority_created_at_idx')
        .on('tickets')
        .columns(['state', 'priority', 'created_at'])
        .execute();
      await db.schema.createIndex('tickets_conversation_id_idx').on('tickets').column('conversation_id').execute();
      // One active ticket per conversation, held by the database so that two processes
      // handing off the same conversation at once cannot both open one.
      await db.schema
        .createIndex('tickets_active_conversation_id_idx')
        .unique()
        .on('tickets')
        .column('conversation_id')
        .where(sql.ref('state'), 'in', ['waiting', 'assigned'])
        .execute();

      await db.schema
        .createTable('agent_sessions')
        .addColumn('token_hash', 'text', (col) => col.primaryKey().notNull())
        .addColumn('agent_id', 'integer', (col) => col.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('cookie', 'bearer')`))
        .addColumn('csrf_token', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('agent_sessions_agent_id_idx').on('agent_sessions').column('agent_id').execute();

      // The old requests were never answered: they join the queue. Only the newest of a
      // conversation can wait (the unique index above); any older one is expired where it
      // was made. Ids are not copied: PostgreSQL's sequence would not move past them.
      await sql`
        insert into tickets (conversation_id, channel, user_id, user_name, locale, reason, priority, state, outcome,
          after_hours, agent_id, created_at, updated_at, assigned_at, first_assigned_at, ended_at, rating, rated_at,
          context, address)
        select h.conversation_id, h.channel, h.user_id, null, 'zh-CN', h.reason, h.priority,
          case when h.id = newest.id then 'waiting' else 'expired' end,
          case when h.id = newest.id then null else 'expired' end,
          0, null, h.created_at, h.created_at, null, null,
          case when h.id = newest.id then null else h.created_at end,
          null, null, h.context, '{}'
        from handoff_requests h
        join (select conversation_id, max(id) as id from handoff_requests group by conversation_id) newest
          on newest.conversation_id = h.conversation_id
        order by h.id
      `.execute(db);
      await db.schema.dropTable('handoff_requests').execute();
    },

    async down(db: Kysely<any>) {
      await addIdColumn(db.schema.createTable('handoff_requests'), dialect)
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('user_id', 'text')
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('priority', 'text', (col) => col.notNull().check(sql`priority in ('normal', 'high')`))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('context', 'text', (col) => col.notNull())
        .execute();
      await sql`
        insert into handoff_requests (conversation_id, channel, user_id, reason, priority, created_at, context)
        select conversation_id, channel, user_id, reason, priority, created_at, context from tickets order by id
      `.execute(db);
      for (const table of ['agent_sessions', 'tickets', 'agents']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

// Sign-in throttling replaces the hard lock-out (agents.failed_logins and locked_until stay, unused):
// attempts counted per (username, address) and per username, and a log of refused sign-ins.
function loginThrottle(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      // bigint: epoch milliseconds outgrow PostgreSQL's integer (SQLite's integer is 64-bit anyway).
      await db.schema
        .createTable('login_throttle')
        .addColumn('username', 'text', (col) => col.notNull())
        .addColumn('address', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull())
        .addColumn('last_attempt_ms', 'bigint', (col) => col.notNull())
        .addColumn('wait_until_ms', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('login_throttle_pk', ['username', 'address'])
        .execute();
      // Pruning looks for counts nobody has added to for a while.
      await db.schema.createIndex('login_throttle_last_attempt_ms_idx').on('login_throttle').column('last_attempt_ms').execute();

      await addIdColumn(db.schema.createTable('login_failures'), dialect)
        .addColumn('username', 'text', (col) => col.notNull())
        .addColumn('address', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull().check(sql`reason in ('unknown_user', 'bad_password', 'disabled', 'throttled')`))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('login_failures_created_at_idx').on('login_failures').column('created_at').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('login_failures').execute();
      await db.schema.dropTable('login_throttle').execute();
    },
  };
}

// Tickets and transcripts belong to a channel's conversation, not to a conversation id: each
// channel chooses its own ids, so one id on two channels is two users. The one-active-ticket
// rule moves to (channel, conversation_id), and the lookup indexes lead with the channel so
// that reading one conversation never walks another channel's rows with the same id.
// Index changes only, written with Kysely's builder, so both dialects take them as they are.
function conversationKeys(): Migration {
  const active = ['waiting', 'assigned'];
  return {
    async up(db: Kysely<any>) {
      // At most one active ticket per id (the old rule) is at most one per channel and id: the
      // new unique index cannot fail on an existing file.
      await db.schema.dropIndex('tickets_active_conversation_id_idx').execute();
      await db.schema
        .createIndex('tickets_active_channel_conversation_id_idx')
        .unique()
        .on('tickets')
        .columns(['channel', 'conversation_id'])
        .where(sql.ref('state'), 'in', active)
        .execute();
      // `id` last: the latest ticket of a conversation is read straight off the index.
      await db.schema.dropIndex('tickets_conversation_id_idx').execute();
      await db.schema.createIndex('tickets_channel_conversation_id_id_idx').on('tickets').columns(['channel', 'conversation_id', 'id']).execute();
      await db.schema.dropIndex('transcript_conversation_id_id_idx').execute();
      await db.schema
        .createIndex('transcript_channel_conversation_id_id_idx')
        .on('transcript')
        .columns(['channel', 'conversation_id', 'id'])
        .execute();
    },

    async down(db: Kysely<any>) {
      // The old rule allows one active ticket per id, whatever the channel. Where several
      // channels have one, one stays (an assigned one, since a person is talking to that user;
      // else the oldest) and the others expire, as 0003 expired old requests; with no clock
      // here, they end at their last update. The one kept beats each other directly, so the
      // outcome does not depend on the order the rows are updated in.
      await sql`
        update tickets set state = 'expired', outcome = 'expired', ended_at = updated_at
        where state in ('waiting', 'assigned')
          and exists (
            select 1 from tickets kept
            where kept.conversation_id = tickets.conversation_id
              and kept.id <> tickets.id
              and kept.state in ('waiting', 'assigned')
              and ((kept.state = 'assigned' and tickets.state = 'waiting') or (kept.state = tickets.state and kept.id < tickets.id))
          )
      `.execute(db);
      await db.schema.dropIndex('transcript_channel_conversation_id_id_idx').execute();
      await db.schema.createIndex('transcript_conversation_id_id_idx').on('transcript').columns(['conversation_id', 'id']).execute();
      await db.schema.dropIndex('tickets_channel_conversation_id_id_idx').execute();
      await db.schema.createIndex('tickets_conversation_id_idx').on('tickets').column('conversation_id').execute();
      await db.schema.dropIndex('tickets_active_channel_conversation_id_idx').execute();
      await db.schema
        .createIndex('tickets_active_conversation_id_idx')
        .unique()
        .on('tickets')
        .column('conversation_id')
        .where(sql.ref('state'), 'in', active)
        .execute();
    },
  };
}

// WeChat: each inbound message once (WeChat retries a message it got no answer to within 5 s, and a
// retry may reach another instance), and the customer-service messages still to send, kept until
// sent so that a restart resumes them.
function wechat(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('wechat_inbound')
        .addColumn('dedup_key', 'text', (col) => col.primaryKey())
        .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('running', 'done')`))
        // The passive reply's XML (before sealing), or '' when the answer went as customer-service messages.
        .addColumn('reply', 'text')
        .addColumn('received_at', 'text', (col) => col.notNull())
        // Who sent it: WeChat's 48-hour window for customer-service messages runs from their last one.
        .addColumn('open_id', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('wechat_inbound_received_at_idx').on('wechat_inbound').column('received_at').execute();
      await db.schema.createIndex('wechat_inbound_open_id_received_at_idx').on('wechat_inbound').columns(['open_id', 'received_at']).execute();
      await addIdColumn(db.schema.createTable('wechat_outbox'), dialect)
        .addColumn('open_id', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('pending', 'sent', 'failed')`))
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('due_at_ms', 'bigint', (col) => col.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('wechat_outbox_state_due_idx').on('wechat_outbox').columns(['state', 'due_at_ms', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('wechat_outbox').execute();
      await db.schema.dropTable('wechat_inbound').execute();
    },
  };
}

// Images users and agents send (a photo of the terminal's screen): the bytes themselves, kept with
// the conversation they belong to, which decides who may see them. The id is random and
// unguessable; it is also the only way to name one (`/media/<id>`).
function media(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('media')
        .addColumn('id', 'text', (col) => col.primaryKey().notNull())
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('content_type', 'text', (col) => col.notNull().check(sql`content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')`))
        .addColumn('size', 'integer', (col) => col.notNull())
        .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (col) => col.notNull())
        .addColumn('uploader_role', 'text', (col) => col.notNull().check(sql`uploader_role in ('user', 'agent')`))
        .addColumn('uploader_id', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('media_channel_conversation_id_idx').on('media').columns(['channel', 'conversation_id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('media').execute();
    },
  };
}

// Accounts get a role (agent, supervisor, editor, admin): what they may see and change. Accounts
// made before roles existed answered hand-overs, so they keep doing that.
function roles(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('agents')
        .addColumn('role', 'text', (col) => col.notNull().defaultTo('agent').check(sql`role in ('agent', 'supervisor', 'editor', 'admin')`))
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('agents').dropColumn('role').execute();
    },
  };
}

// What the bot missed (no answer, candidates nobody picked, a 👎, a person asked for right after an
// answer), redacted text only, for the editors' inbox; and every change the workspace makes to the
// knowledge files, with who made it.
function misses(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await addIdColumn(db.schema.createTable('misses'), dialect)
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('noAnswer', 'unpicked', 'thumbsDown', 'askedPerson')`))
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('article_id', 'text')
        .addColumn('status', 'text', (col) => col.notNull().defaultTo('open').check(sql`status in ('open', 'resolved', 'ignored')`))
        .addColumn('resolution', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('misses_status_created_at_idx').on('misses').columns(['status', 'created_at']).execute();
      await addIdColumn(db.schema.createTable('knowledge_edits'), dialect)
        .addColumn('file', 'text', (col) => col.notNull())
        .addColumn('article_id', 'text')
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('detail', 'text')
        .addColumn('agent_id', 'integer', (col) => col.notNull())
        .addColumn('agent_name', 'text', (col) => col.notNull())
        .addColumn('commit_sha', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('knowledge_edits').execute();
      await db.schema.dropTable('misses').execute();
    },
  };
}

// Reports: counts per day (in the service time zone), channel, metric and subject (an article, a
// flow step), kept as the bot goes, so that no report scans messages; and when an agent first
// answered a ticket.
function reports(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('daily_counts')
        .addColumn('day', 'text', (col) => col.notNull())
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('metric', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('count', 'integer', (col) => col.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('daily_counts_pk', ['day', 'channel', 'metric', 'subject'])
        .execute();
      await db.schema.alterTable('tickets').addColumn('first_response_at', 'text').execute();
      await db.schema.createIndex('tickets_created_at_idx').on('tickets').column('created_at').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('tickets_created_at_idx').execute();
      await db.schema.alterTable('tickets').dropColumn('first_response_at').execute();
      await db.schema.dropTable('daily_counts').execute();
    },
  };
}

// What agents keep on a ticket besides the conversation: private notes (never sent to the user)
// and tags, for their colleagues and for finding a ticket again.
function ticketNotes(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await addIdColumn(db.schema.createTable('ticket_notes'), dialect)
        .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id').onDelete('cascade'))
        .addColumn('agent_id', 'integer', (col) => col.notNull())
        .addColumn('agent_name', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('ticket_notes_ticket_id_idx').on('ticket_notes').column('ticket_id').execute();
      await db.schema
        .createTable('ticket_tags')
        .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id').onDelete('cascade'))
        .addColumn('tag', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
        .execute();
      await db.schema.createIndex('ticket_tags_tag_idx').on('ticket_tags').column('tag').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('ticket_tags').execute();
      await db.schema.dropTable('ticket_notes').execute();
    },
  };
}

// Why a user rated as they did: the words they add after a low rating, for supervisors.
function ratingComments(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('tickets').addColumn('rating_comment', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('tickets').dropColumn('rating_comment').execute();
    },
  };
}

// One log per conversation: Direct Line's replay reads the transcript (the full activity, as its
// client saw it, kept beside the transcript's fields; the watermark is the transcript id) instead
// of a second copy of every message in `directline_activities`. Conversations from before keep
// their transcript; their stream replays from this version on.
function oneLog(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('transcript').addColumn('activity', 'text').execute();
      await db.schema.dropTable('directline_activities').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema
        .createTable('directline_activities')
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('seq', 'integer', (col) => col.notNull())
        .addColumn('activity', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('directline_activities_pk', ['conversation_id', 'seq'])
        .execute();
      await db.schema.alterTable('transcript').dropColumn('activity').execute();
    },
  };
}

// Several kefu processes may share one PostgreSQL: an outbox message is leased to the process
// sending it (`claimed_by` until `lease_until_ms`), so that no other sends it meanwhile, and one
// whose process stopped is taken over once the lease has run out. A message is claimed only as
// its user's earliest pending one, which the index finds.
// A WeChat message being handled is held until a time: an instance that dies while handling it
// no longer keeps WeChat's retries (which reach another instance) from being answered.
function wechatInboundLeases(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('wechat_inbound').addColumn('running_until_ms', 'bigint').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('wechat_inbound').dropColumn('running_until_ms').execute();
    },
  };
}

// PostgreSQL only: a Direct Line append in one round trip instead of five (begin, lock, read,
// insert, commit). The conversation's row lock orders concurrent appends, so ids commit in the
// order they are given; `after` is read after the lock (a statement of its own, so its snapshot
// is newer than the wait) and is the watermark just before the new row. SQLite has one writer.
function directLineAppend(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await sql`
        create function kefu_directline_append(p_conversation text, p_row jsonb, out id bigint, out after bigint) language plpgsql as $$
        begin
          perform 1 from directline_conversations c where c.id = p_conversation for update;
          if found then
            select coalesce(max(t.id), 0) into after from transcript t
              where t.channel = 'directline' and t.conversation_id = p_conversation and t.activity is not null;
          end if;
          insert into transcript (conversation_id, channel, activity_id, direction, from_id, from_role, type, text, "timestamp", payload, activity)
            select r.conversation_id, r.channel, r.activity_id, r.direction, r.from_id, r.from_role, r.type, r.text, r."timestamp", r.payload, r.activity
            from jsonb_populate_record(null::transcript, p_row) r
            returning transcript.id into id;
        end $$`.execute(db);
    },
    async down(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await sql`drop function kefu_directline_append(text, jsonb)`.execute(db);
    },
  };
}

// What redaction carries from a user's message to the next (lengths and Luhn sums, never digits),
// for instances sharing one database: the next message may reach another instance.
function redactionCarries(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('redaction_carries')
        .addColumn('conversation_key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('carry', 'text', (col) => col.notNull())
        .addColumn('at_ms', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('redaction_carries_at_idx').on('redaction_carries').column('at_ms').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('redaction_carries').execute();
    },
  };
}

// When a waiting user's first message after hours was answered "we will reply in the morning":
// once per ticket, whichever instance received the message (it was a set in one process's memory).
function ticketAcknowledged(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('tickets').addColumn('acknowledged_at', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('tickets').dropColumn('acknowledged_at').execute();
    },
  };
}

function wechatOutboxLeases(): Migration {
  return {
    async up(db: Kysely<any>) {
      // One column a statement: SQLite adds no more at once.
      await db.schema.alterTable('wechat_outbox').addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable('wechat_outbox').addColumn('lease_until_ms', 'bigint').execute();
      await db.schema.createIndex('wechat_outbox_open_id_state_id_idx').on('wechat_outbox').columns(['open_id', 'state', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('wechat_outbox_open_id_state_id_idx').execute();
      await db.schema.alterTable('wechat_outbox').dropColumn('lease_until_ms').execute();
      await db.schema.alterTable('wechat_outbox').dropColumn('claimed_by').execute();
    },
  };
}

/**
 * Every migration by name, for `dialect`. Names sort in the order they apply; a schema change
 * is a new key (`0002_...`), never an edit of an existing one.
 */
export function createMigrations(dialect: StorageDialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_directline': directLine(),
    '0003_handoff': handoff(dialect),
    '0004_login_throttle': loginThrottle(dialect),
    '0005_conversation_keys': conversationKeys(),
    '0006_wechat': wechat(dialect),
    '0007_media': media(dialect),
    '0008_roles': roles(),
    '0009_misses': misses(dialect),
    '0010_reports': reports(),
    '0011_ticket_notes': ticketNotes(dialect),
    '0012_rating_comments': ratingComments(),
    '0013_one_log': oneLog(),
    '0014_wechat_outbox_leases': wechatOutboxLeases(),
    '0015_ticket_acknowledged': ticketAcknowledged(),
    '0016_redaction_carries': redactionCarries(),
    '0017_directline_append': directLineAppend(dialect),
    '0018_wechat_inbound_leases': wechatInboundLeases(),
  };
}

/** The in-code migrations as a Kysely {@link MigrationProvider}, for `dialect`. */
export function createMigrationProvider(dialect: StorageDialect): MigrationProvider {
  return {
    async getMigrations() {
      return createMigrations(dialect);
    },
  };
}

/**
 * Applies every pending migration with Kysely's {@link Migrator} (which records each applied
 * name in its `kysely_migration` table, so a migration never runs twice).
 *
 * `schema` (PostgreSQL) is where kefu's tables live: Kysely keeps its own tables there too. Left
 * out, Kysely takes a `kysely_migration` table in any schema it can see as its own, and would
 * skip creating one beside kefu's tables when another schema of the database has one.
 *
 * @throws StorageError `STORAGE_FAILED` naming the migration that failed.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: StorageDialect, { schema }: { readonly schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({ db: schema === undefined ? db : withinSchema(db, schema), provider: createMigrationProvider(dialect), ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  throw new StorageError(
    'STORAGE_FAILED',
    failed === undefined ? `migrations could not run: ${reason}` : `migration ${failed} failed: ${reason}`,
    { cause: error },
  );
}

/**
 * `db` whose introspection sees `schema` only. Kysely's migrator asks whether its tables exist by
 * listing every table of the database, and PostgreSQL's listing resolves each table's schema by
 * name: a schema dropped meanwhile by someone else (another installation, a test finishing) fails
 * it with "schema … does not exist". kefu's tables are all in its own schema.
 */
function withinSchema(db: Kysely<any>, schema: string): Kysely<any> {
  const tables = async () =>
    (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db)).rows.map((row) => ({ name: row.name, schema, isView: false, columns: [] }));
  const introspection: DatabaseIntrospector = {
    getSchemas: async () => (await sql<{ name: string }>`select nspname as name from pg_namespace where nspname = ${schema}`.execute(db)).rows,
    getTables: tables,
    getMetadata: async () => ({ tables: await tables() }),
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      // Kysely's methods read private fields: they run on the instance itself, not the proxy.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
