import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { guardStorage } from './StorageError.js';

export interface RedactionCarryStoreOptions {
  /** A carry older than this is ignored: the next message is a new thought. Default 10 minutes. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/**
 * Redaction's carries (opaque strings here; \`Carry\` is their type) in the database, so that every instance hides a card split over two
 * messages that reached different instances. What is kept is lengths and Luhn sums, never
 * digits. Expired rows are purged at most once per lifetime, by whichever call comes next.
 */
export function createRedactionCarryStore<Carry extends string = string>(db: Kysely<Database>, { ttlMs = 10 * 60_000, now = () => Date.now() }: RedactionCarryStoreOptions = {}) {
  let purgedAt = now();
  /**
   * Conversations whose last read found no carry: most messages leave none either, and their
   * "forget it" then needs no statement. (A carry another instance wrote in between is at worst
   * kept until it expires, hiding a little more of a later message.) Bounded like the memory store.
   */
  const absent = new Set<string>();
  return {
    get: (key: string): Promise<Carry | undefined> =>
      guardStorage(`reading the redaction carry of ${key}`, async () => {
        const row = await db.selectFrom('redaction_carries').select('carry').where('conversation_key', '=', key).where('at_ms', '>=', now() - ttlMs).executeTakeFirst();
        absent.delete(key);
        if (!row) {
          absent.add(key);
          if (absent.size > 10_000) absent.delete(absent.values().next().value!);
        }
        return row?.carry as Carry | undefined;
      }),
    set: (key: string, carry: Carry | undefined): Promise<void> =>
      guardStorage(`keeping the redaction carry of ${key}`, async () => {
        const at = now();
        if (carry !== undefined) {
          await db
            .insertInto('redaction_carries')
            .values({ conversation_key: key, carry, at_ms: at })
            .onConflict((oc) => oc.column('conversation_key').doUpdateSet({ carry, at_ms: at }))
            .execute();
          absent.delete(key);
        } else if (!absent.has(key)) await db.deleteFrom('redaction_carries').where('conversation_key', '=', key).execute();
        if (at - purgedAt < ttlMs) return;
        purgedAt = at;
        await db.deleteFrom('redaction_carries').where('at_ms', '<', at - ttlMs).execute();
      }),
  };
}
