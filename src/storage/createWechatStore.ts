import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
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

export interface WechatStore {
  /**
   * Claims a message by its dedup key: `new` for the first arrival (now `running`), otherwise how
   * the first one stands. One insert decides, so two instances never both run it.
   */
  claim(key: string, receivedAt: string, openId: string): Promise<WechatClaim>;
  /**
   * Ends a message: its passive reply ('' when none), and the customer-service messages it leaves
   * to send, in one transaction, so an acknowledged message is never answered half.
   */
  finish(key: string, result: { readonly reply: string; readonly outbox: readonly { readonly openId: string; readonly payload: string }[] }, at: Date): Promise<void>;
  /** Queues customer-service messages (an agent's, say) outside a turn. */
  enqueue(items: readonly { readonly openId: string; readonly payload: string }[], at: Date): Promise<void>;
  /** Pending messages due at `nowMs`, oldest first. */
  due(nowMs: number, limit: number): Promise<WechatOutboxItem[]>;
  /** The epoch ms of the next pending message, if any. */
  nextDue(): Promise<number | undefined>;
  markSent(id: number): Promise<void>;
  /** Another try at `dueAtMs`, or given up (`failed`) when `dueAtMs` is undefined. */
  markFailed(id: number, error: string, dueAtMs?: number): Promise<void>;
  /** When the user last wrote or tapped (WeChat's 48-hour window runs from there), by kefu's clock; undefined if never. */
  lastUserMessageAt(openId: string): Promise<string | undefined>;
  /** Customer-service messages to the user sent or waiting after `sinceIso` (they count against the quota). */
  countSince(openId: string, sinceIso: string): Promise<number>;
}

/** The WeChat channel's tables: inbound messages handled once, and the outbox. */
export function createWechatStore(db: Kysely<Database>): WechatStore {
  const rows = (items: readonly { openId: string; payload: string }[], at: Date) =>
    items.map(({ openId, payload }) => ({ open_id: openId, payload, state: 'pending' as const, due_at_ms: at.getTime(), created_at: at.toISOString() }));
  return {
    claim: (key, receivedAt, openId) =>
      guardStorage(`claiming WeChat message ${key}`, async () => {
        const inserted = await db
          .insertInto('wechat_inbound')
          .values({ dedup_key: key, state: 'running', reply: null, received_at: receivedAt, open_id: openId })
          .onConflict((oc) => oc.column('dedup_key').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { kind: 'new' } as const;
        const row = await db.selectFrom('wechat_inbound').select(['state', 'reply']).where('dedup_key', '=', key).executeTakeFirstOrThrow();
        return row.state === 'done' ? ({ kind: 'done', reply: row.reply ?? '' } as const) : ({ kind: 'running' } as const);
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

    due: (nowMs, limit) =>
      guardStorage('reading the WeChat outbox', async () => {
        const found = await db
          .selectFrom('wechat_outbox')
          .select(['id', 'open_id', 'payload', 'attempts'])
          .where('state', '=', 'pending')
          .where('due_at_ms', '<=', nowMs)
          .orderBy('id')
          .limit(limit)
          .execute();
        return found.map((r) => ({ id: Number(r.id), openId: r.open_id, payload: r.payload, attempts: Number(r.attempts) }));
      }),

    nextDue: () =>
      guardStorage('reading the WeChat outbox', async () => {
        const row = await db.selectFrom('wechat_outbox').select((eb) => eb.fn.min('due_at_ms').as('next')).where('state', '=', 'pending').executeTakeFirst();
        return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
      }),

    markSent: (id) =>
      guardStorage(`marking WeChat message ${id} sent`, async () => {
        await db.updateTable('wechat_outbox').set((eb) => ({ state: 'sent', attempts: eb('attempts', '+', 1), last_error: null })).where('id', '=', id).execute();
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

    markFailed: (id, error, dueAtMs) =>
      guardStorage(`marking WeChat message ${id} failed`, async () => {
        await db
          .updateTable('wechat_outbox')
          .set((eb) => ({ state: dueAtMs === undefined ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500), ...(dueAtMs === undefined ? {} : { due_at_ms: dueAtMs }) }))
          .where('id', '=', id)
          .execute();
      }),
  };
}
