import { PostgresAdapter, type Kysely } from 'kysely';
import type { StorageDialect } from './migrations.js';

/**
 * Which database `db` (or a transaction or connection of it) talks to. Repositories take a bare
 * Kysely instance, so that nothing above the storage layer has to say which database it has;
 * the few statements the two spell differently ask here. Kysely marks `getExecutor` internal,
 * but its adapter is what names the dialect (and test/storage checks this on both).
 */
export function dialectOf(db: Kysely<any>): StorageDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
