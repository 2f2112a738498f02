import { Migrator, sql, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { StorageError } from './StorageError.js';

/** The SQL dialects the migrations know how to write for. Only SQLite is wired up today. */
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

/**
 * Every migration by name, for `dialect`. Names sort in the order they apply; a schema change
 * is a new key (`0002_...`), never an edit of an existing one.
 */
export function createMigrations(dialect: StorageDialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_directline': directLine(),
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
 * @throws StorageError `STORAGE_FAILED` naming the migration that failed.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: StorageDialect): Promise<void> {
  const migrator = new Migrator({ db, provider: createMigrationProvider(dialect) });
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
