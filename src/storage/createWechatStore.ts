import type { ExpressionBuilder, Kysely } from 'kysely';
import { dialectOf } from './dialectOf.js';
import type { Database, WechatOutboxTable } from './schema.js';
import { guardStorage } from './StorageError.js';

/** How a WeChat message stands when it arrives: new to kefu, being handled, or answered. */
export type WechatClaim = { readonly kind: 'new' } | { readonly kind: 'running' } | { readonly kind: 'done'; readonly reply: string };

/** A customer-service message waiting in the outbox. */
export interface WechatOutboxItem {
  readonly id: number;
  readonly openId: string;
  /** The message as the channel wrote it (JSON). */
  readonly payload: string;
  readonly attempts: number;
}

/** Who claims outbox messages, and for how long no other may. */
export interface WechatLease {
  /** The claiming outbox, unique among the processes that share the database. */
  readonly holder: string;
  readonly leaseMs: number;
}

export interface WechatStore {
  /**
   * Claims a message by its dedup key: `new` for the first arrival (now `running`, held until
   * `hold.untilMs`), otherwise how the first one stands. One insert decides, so two instances
   * never both run it; a `running` message whose hold has passed (its instance died) is taken
   * over by one claim, as `new`.
   */
  claim(key: string, receivedAt: string, openId: string, hold: { readonly nowMs: number; readonly untilMs: number }): Promise<WechatClaim>;
  /** Holds a running message longer (its turn went on past WeChat's wait). */
  hold(key: string, untilMs: number): Promise<void>;
  /**
   * Ends a message: its passive reply ('' when none), and the customer-service messages it leaves
   * to send, in one transaction, so an acknowledged message is never answered half.
   */
  finish(key: string, result: { readonly reply: string; readonly outbox: readonly { readonly openId: string; readonly payload: string }[] }, at: Date): Promise<void>;
  /** Queues customer-service messages (an agent's, say) outside a turn. */
  enqueue(items: readonly { readonly openId: string; readonly payload: string }[], at: Date): Promise<void>;
  /**
   * Leases to `holder`, until `nowMs + leaseMs`, up to `limit` pending messages due at `nowMs` that
   * no live lease holds, oldest first, and returns them. Only a user's earliest pending message is
   * claimed, so a user's messages go in order whichever process sends them: the next one waits
   * until that one is sent or given up.
   */
  claimDue(nowMs: number, limit: number, lease: WechatLease): Promise<WechatOutboxItem[]>;
  /** The epoch ms from which a pending message may be claimed, if any is pending. */
  nextDue(): Promise<number | undefined>;
  /** Sent, ending `holder`'s lease; false (and nothing changed) when `holder` no longer holds it. */
  markSent(id: number, holder: string): Promise<boolean>;
  /** Extends `holder`'s lease on a message to `untilMs`; false when `holder` no longer holds it. */
  renew(id: number, holder: string, untilMs: number): Promise<boolean>;
  /**
   * Another try at `dueAtMs`, or given up (`failed`) when `dueAtMs` is undefined, ending `holder`'s
   * lease; false (and nothing changed) when `holder` no longer holds it.
   */
  markFailed(id: number, holder: string, error: string, dueAtMs?: number): Promise<boolean>;
  /** When the user last wrote or tapped (WeChat's 48-hour window runs from there), by kefu's clock; undefined if never. */
  lastUserMessageAt(openId: string): Promise<string | undefined>;
  /** Customer-service messages to the user sent or waiting after `sinceIso` (they count against the quota). */
  countSince(openId: string, sinceIso: string): Promise<number>;
}

/** `outbox` is its user's earliest pending message: none queued before it to that user is still pending. */
const isUsersFirst = ({ not, exists, selectFrom }: ExpressionBuilder<Database & { outbox: WechatOutboxTable }, 'outbox'>) =>
  not(exists(selectFrom('wechat_outbox as earlier').select('earlier.id').whereRef('earlier.open_id', '=', 'outbox.open_id').where('earlier.state', '=', 'pending').whereRef('earlier.id', '<', 'outbox.id')));

/**
 * The WeChat channel's tables: inbound messages handled once, and the outbox, which processes
 * sharing the database claim messages from (see {@link WechatStore.claimDue}).
 */
export function createWechatStore(db: Kysely<Database>): WechatStore {
  const dialect = dialectOf(db);
  const rows = (items: readonly { openId: string; payload: string }[], at: Date) =>
    items.map(({ openId, payload }) => ({ open_id: openId, payload, state: 'pending' as const, due_at_ms: at.getTime(), created_at: at.toISOString() }));
  return {
    claim: (key, receivedAt, openId, { nowMs, untilMs }) =>
      guardStorage(`claiming WeChat message ${key}`, async () => {
        const inserted = await db
          .insertInto('wechat_inbound')
          .values({ dedup_key: key, state: 'running', reply: null, received_at: receivedAt, open_id: openId, running_until_ms: untilMs })
          .onConflict((oc) => oc.column('dedup_key').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { kind: 'new' } as const;
        const row = await db.selectFrom('wechat_inbound').select(['state', 'reply']).where('dedup_key', '=', key).executeTakeFirstOrThrow();
        if (row.state === 'done') return { kind: 'done', reply: row.reply ?? '' } as const;
        // Running, but its hold has passed: whoever updates it first runs it again.
        const taken = await db
          .updateTable('wechat_inbound')
          .set({ running_until_ms: untilMs })
          .where('dedup_key', '=', key)
          .where('state', '=', 'running')
          .where((eb) => eb.or([eb('running_until_ms', 'is', null), eb('running_until_ms', '<', nowMs)]))
          .executeTakeFirst();
        return Number(taken.numUpdatedRows) > 0 ? ({ kind: 'new' } as const) : ({ kind: 'running' } as const);
      }),

    hold: (key, untilMs) =>
      guardStorage(`holding WeChat message ${key}`, async () => {
        await db.updateTable('wechat_inbound').set({ running_until_ms: untilMs }).where('dedup_key', '=', key).where('state', '=', 'running').execute();
      }),

    finish: (key, { reply, outbox }, at) =>
      guardStorage(`finishing WeChat message ${key}`, () =>
        db.transaction().execute(async (trx) => {
          await trx.updateTable('wechat_inbound').set({ state: 'done', reply }).where('dedup_key', '=', key).execute();
          if (outbox.length > 0) await trx.insertInto('wechat_outbox').values(rows(outbox, at)).execute();
        }),
      ),

    enqueue: (items, at) =>
      guardStorage('queueing WeChat messages', async () => {
        if (items.length > 0) await db.insertInto('wechat_outbox').values(rows(items, at)).execute();
      }),

    claimDue: (nowMs, limit, { holder, leaseMs }) =>
      guardStorage('claiming WeChat messages', async () => {
        const claimable = db
          .selectFrom('wechat_outbox as outbox')
          .select('outbox.id')
          .where('outbox.state', '=', 'pending')
          .where('outbox.due_at_ms', '<=', nowMs)
          .where((eb) => eb.or([eb('outbox.lease_until_ms', 'is', null), eb('outbox.lease_until_ms', '<=', nowMs)]))
          .where(isUsersFirst)
          .orderBy('outbox.id')
          .limit(limit)
          // A row another claim is taking is passed over rather than waited for; once that claim
          // commits, PostgreSQL checks the row again and finds it leased. SQLite has one writer at
          // a time, so its claims never overlap. A user's later message is never taken while the
          // first is locked: to this claim the first is still pending, so the later is not first.
          .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
        const claimed = await db
          .updateTable('wechat_outbox')
          .set({ claimed_by: holder, lease_until_ms: nowMs + leaseMs })
          .where('id', 'in', claimable)
          .returning(['id', 'open_id', 'payload', 'attempts'])
          .execute();
        return claimed.map((r) => ({ id: Number(r.id), openId: r.open_id, payload: r.payload, attempts: Number(r.attempts) })).sort((a, b) => a.id - b.id);
      }),

    nextDue: () =>
      guardStorage('reading the WeChat outbox', async () => {
        // A message behind its user's first waits at least as long as that one: only firsts count.
        const row = await db
          .selectFrom('wechat_outbox as outbox')
          .select((eb) => eb.fn.min(eb.case().when('outbox.lease_until_ms', '>', eb.ref('outbox.due_at_ms')).then(eb.ref('outbox.lease_until_ms')).else(eb.ref('outbox.due_at_ms')).end()).as('next'))
          .where('outbox.state', '=', 'pending')
          .where(isUsersFirst)
          .executeTakeFirst();
        return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
      }),

    renew: (id, holder, untilMs) =>
      guardStorage(`renewing the lease on WeChat message ${id}`, async () => {
        const updated = await db.updateTable('wechat_outbox').set({ lease_until_ms: untilMs }).where('id', '=', id).where('state', '=', 'pending').where('claimed_by', '=', holder).executeTakeFirst();
        return Number(updated.numUpdatedRows) > 0;
      }),

    markSent: (id, holder) =>
      guardStorage(`marking WeChat message ${id} sent`, async () => {
        const updated = await db
          .updateTable('wechat_outbox')
          .set((eb) => ({ state: 'sent', attempts: eb('attempts', '+', 1), last_error: null, claimed_by: null, lease_until_ms: null }))
          .where('id', '=', id)
          .where('claimed_by', '=', holder)
          .executeTakeFirst();
        return Number(updated.numUpdatedRows) > 0;
      }),

    lastUserMessageAt: (openId) =>
      guardStorage(`reading when ${openId} last wrote`, async () => {
        const row = await db.selectFrom('wechat_inbound').select((eb) => eb.fn.max('received_at').as('last')).where('open_id', '=', openId).executeTakeFirst();
        return row?.last ?? undefined;
      }),

    countSince: (openId, sinceIso) =>
      guardStorage(`counting messages to ${openId}`, async () => {
        const row = await db
          .selectFrom('wechat_outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('open_id', '=', openId)
          .where('state', 'in', ['sent', 'pending'])
          .where('created_at', '>', sinceIso)
          .executeTakeFirst();
        return Number(row?.n ?? 0);
      }),

    markFailed: (id, holder, error, dueAtMs) =>
      guardStorage(`marking WeChat message ${id} failed`, async () => {
        const updated = await db
          .updateTable('wechat_outbox')
          .set((eb) => ({
            state: dueAtMs === undefined ? 'failed' : 'pending',
            attempts: eb('attempts', '+', 1),
            last_error: error.slice(0, 500),
            claimed_by: null,
            lease_until_ms: null,
            ...(dueAtMs === undefined ? {} : { due_at_ms: dueAtMs }),
          }))
          .where('id', '=', id)
          .where('claimed_by', '=', holder)
          .executeTakeFirst();
        return Number(updated.numUpdatedRows) > 0;
      }),
  };
}
