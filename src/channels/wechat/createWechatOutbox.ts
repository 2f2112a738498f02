import { randomUUID } from 'node:crypto';
import type { WechatOutboxItem, WechatStore } from '../../storage/index.js';
import type { WechatApi, WechatCustomMessage } from './createWechatApi.js';
import { WechatApiError } from './WechatError.js';

/** A customer-service message as the outbox keeps it: the message without its recipient. */
export type WechatOutgoing =
  | { readonly kind: 'text'; readonly content: string }
  | { readonly kind: 'image'; readonly mediaId: string }
  /** Options to tap (msgmenu); when WeChat refuses it, `fallback` (the options numbered) goes instead. */
  | { readonly kind: 'menu'; readonly head: string; readonly options: ReadonlyArray<{ readonly id: string; readonly content: string }>; readonly tail?: string; readonly fallback: { readonly kind: 'text'; readonly content: string } };

export interface WechatOutboxOptions {
  readonly store: WechatStore;
  readonly api: Pick<WechatApi, 'sendCustomMessage'>;
  readonly now?: () => Date;
  /**
   * Names this outbox to the others sharing the database: it must be unique among them (two
   * processes with one holder would send the same messages). Default a random id.
   */
  readonly holder?: string;
  /**
   * How long a claimed message is this outbox's alone; a send must end within half of it, or it
   * may be repeated by another outbox. Default 60 s: a send is a few calls of at most 10 s each (a token, the message, a
   * renewed token, the menu's fallback).
   */
  readonly leaseMs?: number;
  /** Tries before a message is given up on. Default 8 (about four minutes of backoff). */
  readonly maxAttempts?: number;
  /** The first retry's wait; each next one doubles, up to five minutes. Default 1 s. */
  readonly firstRetryMs?: number;
  /** A message given up on (WeChat refused it, or it never got through). */
  readonly onUndelivered?: (item: { readonly openId: string; readonly message: WechatOutgoing; readonly error: unknown }) => void;
  readonly onProblem?: (error: unknown) => void;
}

export interface WechatOutbox {
  /** Sends every message that is due, in order; resolves when none is left due. */
  drain(): Promise<void>;
  /** Starts sending: now, and whenever the next retry is due. */
  start(): void;
  /** Wakes the sender after messages were queued. */
  kick(): void;
  stop(): void;
}

const MAX_WAIT_MS = 5 * 60_000;
/** Messages claimed at once (one per user at most). */
const CLAIM_BATCH = 20;

/**
 * Sends the outbox's customer-service messages: in order, retried with backoff on network errors
 * and WeChat's 5xx or busy answers, given up at once when WeChat refuses (a closed 48-hour window,
 * the quota spent). What is in the database survives a restart: `start` resumes it.
 *
 * Processes sharing the database each run an outbox: a message is claimed (leased) before it is
 * sent, so no two send it, and a user's next message is claimed only once the previous one is sent
 * or given up, so a user's messages go in order whichever process sends them. Delivery is at least
 * once: a process that stops between sending a message and recording it leaves the message to be
 * taken over when its lease runs out, and sent again. Without such a stop a message goes once, as
 * long as a send takes less than half a lease.
 */
export function createWechatOutbox({
  store,
  api,
  now = () => new Date(),
  holder = randomUUID(),
  leaseMs = 60_000,
  maxAttempts = 8,
  firstRetryMs = 1000,
  onUndelivered,
  onProblem,
}: WechatOutboxOptions): WechatOutbox {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let backstop: NodeJS.Timeout | undefined;
  let started = false;

  const send = async (openId: string, message: WechatOutgoing) => {
    if (message.kind !== 'menu') return api.sendCustomMessage({ ...message, toUser: openId } as WechatCustomMessage);
    const { fallback, ...menu } = message;
    try {
      await api.sendCustomMessage({ ...menu, toUser: openId });
    } catch (error) {
      // Not every account may send menu messages: a refusal other than the window or the quota
      // (which the text would meet too) sends the options as numbers instead.
      const refusedMenu = error instanceof WechatApiError && !error.retryable && error.errcode !== undefined && ![45015, 45047].includes(error.errcode);
      if (!refusedMenu) throw error;
      await api.sendCustomMessage({ ...fallback, toUser: openId });
    }
  };

  /** The lease ran out during the send and another outbox took the message over: it may go twice. */
  const leaseLost = (item: WechatOutboxItem) => onProblem?.(new Error(`kefu wechat: outbox message ${item.id} outlived its lease (${leaseMs} ms) and was taken over; it may have gone twice`));

  const sendClaimed = async (item: WechatOutboxItem) => {
    const message = JSON.parse(item.payload) as WechatOutgoing;
    // A whole lease for this send (its retries of a token or a menu included), starting now: a
    // message claimed in a batch is not left with what the earlier sends of the batch left over.
    // Not renewed: the lease ran out before its turn came and another outbox has it. Not sent here.
    if (!(await store.renew(item.id, holder, now().getTime() + leaseMs))) return;
    try {
      await send(item.openId, message);
    } catch (error) {
      const retryable = !(error instanceof WechatApiError) || error.retryable;
      const attempts = item.attempts + 1;
      const reason = error instanceof WechatApiError ? `${error.code} ${error.errcode ?? error.status ?? ''}`.trim() : String(error);
      if (retryable && attempts < maxAttempts) {
        if (!(await store.markFailed(item.id, holder, reason, now().getTime() + Math.min(MAX_WAIT_MS, firstRetryMs * 2 ** (attempts - 1))))) leaseLost(item);
      } else if (await store.markFailed(item.id, holder, reason)) {
        onUndelivered?.({ openId: item.openId, message, error });
      } else {
        // The outbox that took it over decides whether it is undelivered.
        leaseLost(item);
      }
      return;
    }
    // WeChat took it: a failure from here on is the database's, and never sends it again (a
    // failed mark is tried three times; after that only the lease's end could repeat it).
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await store.markSent(item.id, holder))) leaseLost(item);
        return;
      } catch (error) {
        if (attempt === 3) return onProblem?.(error);
      }
    }
  };

  const sendDue = async () => {
    for (;;) {
      const claimedAt = now().getTime();
      const claimed = await store.claimDue(claimedAt, CLAIM_BATCH, { holder, leaseMs });
      if (claimed.length === 0) return;
      for (const item of claimed) {
        // A send still running when its lease ends may be repeated by the outbox that takes the
        // message over: none starts in the lease's second half. The rest of the batch is claimed
        // again, by whichever outbox, once the lease has run out.
        if (now().getTime() - claimedAt > leaseMs / 2) break;
        await sendClaimed(item);
      }
    }
  };

  const schedule = async () => {
    if (!started) return;
    const next = await store.nextDue();
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (next === undefined) return;
    timer = setTimeout(() => outbox.kick(), Math.max(0, next - now().getTime()));
    timer.unref();
  };

  const outbox: WechatOutbox = {
    drain() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await sendDue();
        } while (again);
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      started = true;
      outbox.kick();
      // A backstop: messages another instance claimed and never sent (it died) are due again when
      // their lease ends, and this outbox may have nothing of its own to wake it then.
      backstop ??= setInterval(() => outbox.kick(), leaseMs);
      backstop.unref();
    },
    kick() {
      outbox
        .drain()
        .catch((error: unknown) => onProblem?.(error))
        // Scheduled after a failed drain too, so that the next try comes.
        .then(schedule)
        .catch((error: unknown) => onProblem?.(error));
    },
    stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (backstop) clearInterval(backstop);
      backstop = undefined;
    },
  };
  return outbox;
}
