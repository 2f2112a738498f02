import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  Migrator,
  NO_MIGRATIONS,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteDialect,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type DialectAdapter,
  type QueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  StorageError,
  createMigrationProvider,
  createTicketStore,
  createTranscriptStore,
  createWechatStore,
  createMigrations,
  openDatabase,
  type KefuDatabase,
  type StorageDialect,
} from '../../src/storage/index.js';
import { adminQuery, createTestSchema, describePostgres, dropTestSchema, testPostgresUrl, useTempDatabases, withSearchPath } from './tempDatabases.js';

const temp = useTempDatabases();

const kefuTables = [
  'agent_sessions',
  'agents',
  'daily_counts',
  'directline_conversations',
  'feedback',
  'knowledge_edits',
  'login_failures',
  'login_throttle',
  'media',
  'misses',
  'redaction_carries',
  'state_items',
  'ticket_notes',
  'ticket_tags',
  'tickets',
  'transcript',
  'wechat_inbound',
  'wechat_outbox',
];

async function tableNames({ db }: KefuDatabase): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((table) => table.name).sort();
}

async function appliedMigrations({ db }: KefuDatabase) {
  const { rows } = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(db);
  return rows;
}

/** The SQL migration `name` would send to `dialect`, compiled against a driver that runs nothing. */
async function migrationSql(name: string, dialect: StorageDialect): Promise<string> {
  const statements: string[] = [];
  const parts: { adapter: DialectAdapter; compiler: QueryCompiler } =
    dialect === 'postgres'
      ? { adapter: new PostgresAdapter(), compiler: new PostgresQueryCompiler() }
      : { adapter: new SqliteAdapter(), compiler: new SqliteQueryCompiler() };
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => parts.adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => (dialect === 'postgres' ? new PostgresIntrospector(kysely) : new SqliteIntrospector(kysely)),
      createQueryCompiler: () => parts.compiler,
    },
    log: (event) => void statements.push(event.query.sql),
  });
  await createMigrations(dialect)[name]?.up(db);
  return statements.join(';\n');
}

describe('openDatabase', () => {
  it('creates every table and index in a fresh file', async () => {
    const database = await temp.open();

    expect(await tableNames(database)).toEqual(kefuTables);
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name`.execute(database.db);
    expect(rows.map((row) => row.name)).toEqual([
      'agent_sessions_agent_id_idx',
      'feedback_article_id_idx',
      'login_failures_created_at_idx',
      'login_throttle_last_attempt_ms_idx',
      'media_channel_conversation_id_idx',
      'misses_status_created_at_idx',
      'redaction_carries_at_idx',
      'ticket_notes_ticket_id_idx',
      'ticket_tags_tag_idx',
      'tickets_active_channel_conversation_id_idx',
      'tickets_channel_conversation_id_id_idx',
      'tickets_created_at_idx',
      'tickets_state_priority_created_at_idx',
      'transcript_channel_conversation_id_id_idx',
      'wechat_inbound_open_id_received_at_idx',
      'wechat_inbound_received_at_idx',
      'wechat_outbox_open_id_state_id_idx',
      'wechat_outbox_state_due_idx',
    ]);
  });

  it('records every applied migration by name in the migration table', async () => {
    const database = await temp.open();

    const applied = await appliedMigrations(database);
    expect(applied.map((row) => row.name)).toEqual(Object.keys(createMigrations('sqlite')));
    expect(applied.map((row) => row.name)).toEqual(['0001_initial', '0002_directline', '0003_handoff', '0004_login_throttle', '0005_conversation_keys', '0006_wechat', '0007_media', '0008_roles', '0009_misses', '0010_reports', '0011_ticket_notes', '0012_rating_comments', '0013_one_log', '0014_wechat_outbox_leases', '0015_ticket_acknowledged', '0016_redaction_carries', '0017_directline_append', '0018_wechat_inbound_leases']);
  });

  it('does not apply a migration again when the file is opened a second time', async () => {
    const first = await temp.open();
    await first.db.insertInto('state_items').values({ key: 'k', data: '1', etag: 'e', updated_at: '2026-01-01T00:00:00.000Z' }).execute();
    const before = await appliedMigrations(first);
    await first.close();

    const second = await temp.open();

    expect(await appliedMigrations(second)).toEqual(before);
    expect(await second.db.selectFrom('state_items').select('key').execute()).toEqual([{ key: 'k' }]);
  });

  it('turns on WAL, foreign keys and a busy timeout', async () => {
    const { db } = await temp.open();

    const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('creates the parent folders of the file when they are missing', async () => {
    const database = await openDatabase({ file: path.join(path.dirname(temp.file()), 'a', 'b', 'kefu.db') });
    try {
      expect(await tableNames(database)).toEqual(kefuTables);
    } finally {
      await database.close();
    }
  });

  it('opens an in-memory database when the file is :memory:', async () => {
    const database = await openDatabase({ file: ':memory:' });
    try {
      expect(await tableNames(database)).toEqual(kefuTables);
    } finally {
      await database.close();
    }
  });

  it('throws STORAGE_FAILED naming the file when it cannot be opened', async () => {
    const blocker = temp.file('not-a-folder');
    await writeFile(blocker, 'x');
    const file = path.join(blocker, 'kefu.db');

    const opening = openDatabase({ file });

    await expect(opening).rejects.toBeInstanceOf(StorageError);
    await expect(opening).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining(file) });
  });

  it('rolls a failed migration back entirely and names it', async () => {
    // A table in the way makes 0001 fail after it has created the tables before it.
    const raw = new SQLite(temp.file());
    raw.exec('create table feedback (x text)');
    raw.close();

    const opening = openDatabase({ file: temp.file() });

    await expect(opening).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('0001_initial') });
    const after = new SQLite(temp.file());
    try {
      const tables = after.prepare(`select name from sqlite_master where type = 'table' and name not like 'kysely_%' order by name`).pluck().all();
      expect(tables).toEqual(['feedback']);
    } finally {
      after.close();
    }
  });

  it('can be closed twice', async () => {
    const database = await temp.open();

    await database.close();
    await expect(database.close()).resolves.toBeUndefined();
  });
});

describe('createMigrations', () => {
  it('can be migrated down to an empty schema', async () => {
    const database = await temp.open();
    const migrator = new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') });

    const { error } = await migrator.migrateTo(NO_MIGRATIONS);

    expect(error).toBeUndefined();
    expect(await tableNames(database)).toEqual([]);
  });

  it('uses integer primary key autoincrement for ids on sqlite', async () => {
    const text = await migrationSql('0001_initial', 'sqlite');

    expect(text.match(/"id" integer primary key autoincrement/g)).toHaveLength(3);
    expect(text).not.toContain('serial');
  });

  it('uses serial primary key for ids on postgres', async () => {
    const text = await migrationSql('0001_initial', 'postgres');

    expect(text.match(/"id" serial primary key/g)).toHaveLength(3);
    expect(text).not.toContain('autoincrement');
  });

  it('writes 0003_handoff for postgres with serial ids and a partial unique index on active tickets', async () => {
    const text = await migrationSql('0003_handoff', 'postgres');

    expect(text.match(/"id" serial primary key/g)).toHaveLength(2);
    expect(text).not.toContain('autoincrement');
    expect(text).toContain(
      `create unique index "tickets_active_conversation_id_idx" on "tickets" ("conversation_id") where "state" in ('waiting', 'assigned')`,
    );
  });
});

describe('0004_login_throttle', () => {
  it('writes serial ids and bigint milliseconds for postgres, and a key per (username, address)', async () => {
    const text = await migrationSql('0004_login_throttle', 'postgres');

    expect(text).toContain('"last_attempt_ms" bigint not null');
    expect(text).toContain('"wait_until_ms" bigint not null');
    expect(text).toContain('constraint "login_throttle_pk" primary key ("username", "address")');
    expect(text.match(/"id" serial primary key/g)).toHaveLength(1);
  });

  it('keeps the agents of a file from before it, lock columns and all, and is undone by dropping its two tables', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(temp.file()) }) });
    try {
      const migrator = new Migrator({ db, provider: createMigrationProvider('sqlite') });
      expect((await migrator.migrateTo('0003_handoff')).error).toBeUndefined();
      await db.insertInto('agents').values({ username: 'wang', display_name: '王', password_hash: 'h', failed_logins: 5, locked_until: '2099-01-01T00:00:00.000Z', created_at: '2026-03-01T00:00:00.000Z' }).execute();

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect((await db.introspection.getTables()).map((t) => t.name)).toEqual(expect.arrayContaining(['login_failures', 'login_throttle']));
      expect(await db.selectFrom('agents').select(['username', 'failed_logins', 'locked_until']).execute()).toEqual([{ username: 'wang', failed_logins: 5, locked_until: '2099-01-01T00:00:00.000Z' }]);

      expect((await migrator.migrateTo('0003_handoff')).error).toBeUndefined();
      const tables = (await db.introspection.getTables()).map((t) => t.name);
      expect(tables).not.toContain('login_throttle');
      expect(tables).not.toContain('login_failures');
      expect(tables).toContain('agents');
    } finally {
      await db.destroy();
    }
  });
});

describe('0005_conversation_keys', () => {
  /** The names of the indexes on `table`, as SQLite lists them. */
  async function indexesOf(db: Kysely<any>, table: string): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table} and name not like 'sqlite_%' order by name`.execute(db);
    return rows.map((row) => row.name);
  }

  /** A ticket row as the 0003 schema takes it, on `channel`. */
  const ticketRow = (conversationId: string, channel: string, state: string, minute: number) => ({
    conversation_id: conversationId,
    channel,
    user_id: null,
    user_name: null,
    locale: 'zh-CN',
    reason: 'user-asked',
    priority: 'normal',
    state,
    outcome: state === 'closed' ? 'resolved' : null,
    after_hours: 0,
    agent_id: null,
    created_at: `2026-03-01T08:0${minute}:00.000Z`,
    updated_at: `2026-03-01T08:0${minute}:30.000Z`,
    assigned_at: null,
    first_assigned_at: null,
    ended_at: state === 'closed' ? `2026-03-01T08:0${minute}:30.000Z` : null,
    rating: null,
    rated_at: null,
    context: '{}',
    address: '{}',
  });

  /** A new ticket for the store, on `channel`. */
  const newTicket = (conversationId: string, channel: string) => ({
    conversationId,
    channel,
    userId: null,
    userName: null,
    locale: 'zh-CN',
    reason: 'user-asked',
    priority: 'normal' as const,
    afterHours: false,
    createdAt: '2026-03-01T09:00:00.000Z',
    context: {},
    address: {},
  });

  /** A raw connection to this test's file (no migrations run), closed by the caller. */
  const rawDb = () => new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(temp.file()) }) });

  it('writes the one-active-ticket rule per (channel, conversation_id) for postgres, as a partial unique index', async () => {
    const text = await migrationSql('0005_conversation_keys', 'postgres');

    expect(text).toContain('drop index "tickets_active_conversation_id_idx"');
    expect(text).toContain(
      `create unique index "tickets_active_channel_conversation_id_idx" on "tickets" ("channel", "conversation_id") where "state" in ('waiting', 'assigned')`,
    );
    expect(text).toContain('create index "tickets_channel_conversation_id_id_idx" on "tickets" ("channel", "conversation_id", "id")');
    expect(text).toContain('create index "transcript_channel_conversation_id_id_idx" on "transcript" ("channel", "conversation_id", "id")');
  });

  it('keeps the tickets and transcript of a file at 0004, and then lets a second channel open a ticket for the same conversation id', async () => {
    const db = rawDb();
    try {
      const migrator = new Migrator({ db, provider: createMigrationProvider('sqlite') });
      expect((await migrator.migrateTo('0004_login_throttle')).error).toBeUndefined();
      await db.insertInto('tickets').values([ticketRow('shared', 'directline', 'closed', 0), ticketRow('shared', 'directline', 'waiting', 1)]).execute();
      await db.insertInto('transcript').values({ conversation_id: 'shared', channel: 'directline', direction: 'in', type: 'message', text: '在吗', timestamp: '2026-03-01T08:01:00.000Z' }).execute();
      // The old rule, before: the same id on another channel is refused.
      await expect(db.insertInto('tickets').values(ticketRow('shared', 'emulator', 'waiting', 2)).execute()).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });

      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      expect(await indexesOf(db, 'tickets')).toEqual(['tickets_active_channel_conversation_id_idx', 'tickets_channel_conversation_id_id_idx', 'tickets_created_at_idx', 'tickets_state_priority_created_at_idx']);
      expect(await indexesOf(db, 'transcript')).toEqual(['transcript_channel_conversation_id_id_idx']);
      const tickets = createTicketStore(db);
      expect((await tickets.list()).map(({ channel, state }) => ({ channel, state }))).toEqual([
        { channel: 'directline', state: 'waiting' },
        { channel: 'directline', state: 'closed' },
      ]);
      expect((await createTranscriptStore(db).list({ channel: 'directline', conversationId: 'shared' })).map((entry) => entry.text)).toEqual(['在吗']);
      await expect(tickets.create(newTicket('shared', 'emulator'))).resolves.toMatchObject({ channel: 'emulator', state: 'waiting' });
      await expect(tickets.create(newTicket('shared', 'directline'))).rejects.toMatchObject({ code: 'STORAGE_DUPLICATE' });
    } finally {
      await db.destroy();
    }
  });

  it('is undone by bringing back the rule per conversation id, keeping one active ticket of an id (an assigned one first, else the oldest) and expiring the rest', async () => {
    const db = rawDb();
    try {
      const migrator = new Migrator({ db, provider: createMigrationProvider('sqlite') });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await db
        .insertInto('tickets')
        .values([
          ticketRow('shared', 'directline', 'waiting', 0),
          ticketRow('shared', 'emulator', 'assigned', 1),
          ticketRow('shared', 'msteams', 'waiting', 2),
          ticketRow('both-waiting', 'directline', 'waiting', 3),
          ticketRow('both-waiting', 'emulator', 'waiting', 4),
          ticketRow('alone', 'directline', 'waiting', 5),
          ticketRow('alone', 'directline', 'closed', 6),
        ])
        .execute();

      expect((await migrator.migrateTo('0004_login_throttle')).error).toBeUndefined();

      expect(await indexesOf(db, 'tickets')).toEqual(['tickets_active_conversation_id_idx', 'tickets_conversation_id_idx', 'tickets_state_priority_created_at_idx']);
      expect(await indexesOf(db, 'transcript')).toEqual(['transcript_conversation_id_id_idx']);
      const rows = await db.selectFrom('tickets').select(['conversation_id', 'channel', 'state', 'outcome', 'ended_at']).orderBy('id').execute();
      expect(rows).toEqual([
        { conversation_id: 'shared', channel: 'directline', state: 'expired', outcome: 'expired', ended_at: '2026-03-01T08:00:30.000Z' },
        { conversation_id: 'shared', channel: 'emulator', state: 'assigned', outcome: null, ended_at: null },
        { conversation_id: 'shared', channel: 'msteams', state: 'expired', outcome: 'expired', ended_at: '2026-03-01T08:02:30.000Z' },
        { conversation_id: 'both-waiting', channel: 'directline', state: 'waiting', outcome: null, ended_at: null },
        { conversation_id: 'both-waiting', channel: 'emulator', state: 'expired', outcome: 'expired', ended_at: '2026-03-01T08:04:30.000Z' },
        { conversation_id: 'alone', channel: 'directline', state: 'waiting', outcome: null, ended_at: null },
        { conversation_id: 'alone', channel: 'directline', state: 'closed', outcome: 'resolved', ended_at: '2026-03-01T08:06:30.000Z' },
      ]);
      // The old rule holds again: one active ticket per conversation id, whatever the channel.
      await expect(db.insertInto('tickets').values(ticketRow('alone', 'emulator', 'waiting', 7)).execute()).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    } finally {
      await db.destroy();
    }
  });
});

describe('0003_handoff', () => {
  /** A file migrated up to 0002, as kefu left it before tickets, with `requests` in `handoff_requests`. */
  async function fileAt0002(requests: readonly Record<string, unknown>[]): Promise<void> {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(temp.file()) }) });
    try {
      const { error } = await new Migrator({ db, provider: createMigrationProvider('sqlite') }).migrateTo('0002_directline');
      expect(error).toBeUndefined();
      for (const request of requests) await db.insertInto('handoff_requests').values(request).execute();
    } finally {
      await db.destroy();
    }
  }

  const request = (conversationId: string, second: number) => ({
    conversation_id: conversationId,
    channel: 'directline',
    user_id: `user-${conversationId}`,
    reason: 'user-asked',
    priority: 'high',
    created_at: `2026-03-01T08:00:0${second}.000Z`,
    context: JSON.stringify({ lastQuestion: '机器开不了机', second }),
  });

  it('moves an unanswered handoff request into the queue as a waiting ticket and drops the old table', async () => {
    await fileAt0002([request('a', 1)]);

    const database = await temp.open();

    expect(await tableNames(database)).not.toContain('handoff_requests');
    expect(await createTicketStore(database.db).list()).toEqual([
      {
        id: expect.any(Number),
        conversationId: 'a',
        channel: 'directline',
        userId: 'user-a',
        userName: null,
        locale: 'zh-CN',
        reason: 'user-asked',
        priority: 'high',
        state: 'waiting',
        outcome: null,
        afterHours: false,
        agentId: null,
        agentName: null,
        createdAt: '2026-03-01T08:00:01.000Z',
        updatedAt: '2026-03-01T08:00:01.000Z',
        assignedAt: null,
        endedAt: null,
        rating: null,
        ratingComment: null,
        ratedAt: null,
        context: { lastQuestion: '机器开不了机', second: 1 },
        address: {},
      },
    ]);
  });

  it('keeps only the newest request of a conversation waiting and expires the older ones', async () => {
    await fileAt0002([request('a', 1), request('b', 2), request('a', 3)]);

    const tickets = await createTicketStore((await temp.open()).db).list();

    const summary = tickets.map(({ conversationId, state, outcome, createdAt, endedAt }) => ({ conversationId, state, outcome, createdAt, endedAt }));
    expect(summary).toEqual([
      { conversationId: 'b', state: 'waiting', outcome: null, createdAt: '2026-03-01T08:00:02.000Z', endedAt: null },
      { conversationId: 'a', state: 'waiting', outcome: null, createdAt: '2026-03-01T08:00:03.000Z', endedAt: null },
      { conversationId: 'a', state: 'expired', outcome: 'expired', createdAt: '2026-03-01T08:00:01.000Z', endedAt: '2026-03-01T08:00:01.000Z' },
    ]);
  });

  it('gives tickets back as handoff requests when migrated down', async () => {
    const database = await temp.open();
    await createTicketStore(database.db).create({
      conversationId: 'a',
      channel: 'wechat',
      userId: null,
      userName: '王老板',
      locale: 'zh-CN',
      reason: 'low-confidence',
      priority: 'normal',
      afterHours: true,
      createdAt: '2026-03-01T08:00:00.000Z',
      context: { turns: [] },
      address: { openId: 'o-1' },
    });

    const { error } = await new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') }).migrateTo('0002_directline');

    expect(error).toBeUndefined();
    expect(await tableNames(database)).not.toContain('tickets');
    expect((await sql`select * from handoff_requests`.execute(database.db)).rows).toEqual([
      {
        id: 1,
        conversation_id: 'a',
        channel: 'wechat',
        user_id: null,
        reason: 'low-confidence',
        priority: 'normal',
        created_at: '2026-03-01T08:00:00.000Z',
        context: '{"turns":[]}',
      },
    ]);
  });
});

describe('0006_wechat', () => {
  it('compiles for PostgreSQL with a serial id and a bigint due time', async () => {
    const text = await migrationSql('0006_wechat', 'postgres');
    expect(text).toMatch(/create table "wechat_outbox" \("id" serial primary key/);
    expect(text).toMatch(/"due_at_ms" bigint not null/);
  });

  it('runs a message once: the second claim of a key sees the first', async () => {
    const database = await openDatabase({ file: ':memory:' });
    try {
      const store = createWechatStore(database.db);
      expect(await store.claim('msg:1', '2026-12-02T07:00:00.000Z', 'oUSER', { nowMs: Date.parse('2026-12-02T07:00:00.000Z'), untilMs: Date.parse('2026-12-02T07:00:00.000Z') + 4_500 })).toEqual({ kind: 'new' });
      expect(await store.claim('msg:1', '2026-12-02T07:00:01.000Z', 'oUSER', { nowMs: Date.parse('2026-12-02T07:00:01.000Z'), untilMs: Date.parse('2026-12-02T07:00:01.000Z') + 4_500 })).toEqual({ kind: 'running' });
      await store.finish('msg:1', { reply: '<xml/>', outbox: [] }, new Date('2026-12-02T07:00:02.000Z'));
      expect(await store.claim('msg:1', '2026-12-02T07:00:03.000Z', 'oUSER', { nowMs: Date.parse('2026-12-02T07:00:03.000Z'), untilMs: Date.parse('2026-12-02T07:00:03.000Z') + 4_500 })).toEqual({ kind: 'done', reply: '<xml/>' });
    } finally {
      await database.close();
    }
  });
});

describe('0007_media', () => {
  it('compiles for PostgreSQL with the bytes as bytea, and for SQLite as a blob', async () => {
    const postgres = await migrationSql('0007_media', 'postgres');
    expect(postgres).toMatch(/create table "media" \("id" text not null primary key/);
    expect(postgres).toContain('"bytes" bytea not null');
    expect(postgres).toContain(`check (content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp'))`);
    expect(postgres).toContain('create index "media_channel_conversation_id_idx" on "media" ("channel", "conversation_id")');
    expect(postgres).not.toContain('blob');
    expect(await migrationSql('0007_media', 'sqlite')).toContain('"bytes" blob not null');
  });

  it('is undone by dropping the media table, and nothing else', async () => {
    const database = await temp.open();
    const { error } = await new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') }).migrateTo('0006_wechat');
    expect(error).toBeUndefined();
    // Undoing 0013 brings back the Direct Line log that 0002 made.
    expect(await tableNames(database)).toEqual([...kefuTables.filter((table) => !['media', 'misses', 'knowledge_edits', 'daily_counts', 'ticket_notes', 'ticket_tags', 'redaction_carries'].includes(table)), 'directline_activities'].sort());
  });
});

describe('0013_one_log', () => {
  it("keeps Direct Line's activities in the transcript, and is undone by bringing back their own table", async () => {
    const database = await temp.open();
    expect(await tableNames(database)).not.toContain('directline_activities');
    const columns = (await database.db.introspection.getTables()).find((t) => t.name === 'transcript')!.columns.map((c) => c.name);
    expect(columns).toContain('activity');
    const { error } = await new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') }).migrateTo('0012_rating_comments');
    expect(error).toBeUndefined();
    expect(await tableNames(database)).toContain('directline_activities');
    const after = (await database.db.introspection.getTables()).find((t) => t.name === 'transcript')!.columns.map((c) => c.name);
    expect(after).not.toContain('activity');
  });
});

describe('0014_wechat_outbox_leases', () => {
  it('leases outbox messages with a holder and a bigint end, and is undone keeping the messages', async () => {
    expect(await migrationSql('0014_wechat_outbox_leases', 'postgres')).toContain('alter table "wechat_outbox" add column "lease_until_ms" bigint');
    const database = await temp.open();
    const store = createWechatStore(database.db);
    await store.enqueue([{ openId: 'oUSER', payload: '{}' }], new Date('2026-12-02T07:00:00.000Z'));
    expect(await store.claimDue(Date.parse('2026-12-02T07:00:00.000Z'), 1, { holder: 'a', leaseMs: 60_000 })).toHaveLength(1);
    const columns = async () => (await database.db.introspection.getTables()).find((t) => t.name === 'wechat_outbox')!.columns.map((c) => c.name);
    expect(await columns()).toEqual(expect.arrayContaining(['claimed_by', 'lease_until_ms']));

    const { error } = await new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') }).migrateTo('0013_one_log');
    expect(error).toBeUndefined();
    expect(await columns()).not.toContain('claimed_by');
    expect(await columns()).not.toContain('lease_until_ms');
    expect(await database.db.selectFrom('wechat_outbox').select(['open_id', 'state']).execute()).toEqual([{ open_id: 'oUSER', state: 'pending' }]);
  });
});

describe('0008_roles', () => {
  it('gives accounts made before roles the agent role, and refuses a role that does not exist', async () => {
    const database = await temp.open();
    await new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') }).migrateTo('0007_media');
    await database.db.insertInto('agents').values({ username: 'old', display_name: 'old', password_hash: 'x', created_at: '2026-01-01T00:00:00.000Z' } as never).execute();
    const { error } = await new Migrator({ db: database.db, provider: createMigrationProvider('sqlite') }).migrateToLatest();
    expect(error).toBeUndefined();
    expect(await database.db.selectFrom('agents').select(['username', 'role']).execute()).toEqual([{ username: 'old', role: 'agent' }]);
    await expect(database.db.updateTable('agents').set({ role: 'root' as never }).execute()).rejects.toThrow(/CHECK constraint/);
    expect(await migrationSql('0008_roles', 'postgres')).toContain(`alter table "agents" add column "role" text default 'agent' not null check (role in ('agent', 'supervisor', 'editor', 'admin'))`);
  });
});

describePostgres('migrating on a PostgreSQL database that others use', () => {
  it('is not upset by another schema of the database being dropped meanwhile', async () => {
    // Kysely's own check lists every table of the database and resolved each one's schema by
    // name: another schema dropped between the two failed kefu's start (8 of 15 tries here).
    let churning = true;
    const churn = (async () => {
      for (let i = 0; churning; i += 1) {
        const other = `churn_${process.pid}_${i}`;
        await adminQuery(`create schema ${other}; create table ${other}.t (id serial primary key)`);
        await adminQuery(`drop schema ${other} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 8; i += 1) {
        const schema = await createTestSchema();
        try {
          await (await openDatabase({ url: withSearchPath(testPostgresUrl, schema) })).close();
        } finally {
          await dropTestSchema(schema);
        }
      }
    } finally {
      churning = false;
      await churn;
    }
  });
});
