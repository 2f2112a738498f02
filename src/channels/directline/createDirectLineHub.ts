import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type Middleware, type ResourceResponse, type TurnContext } from 'botbuilder';
import { InProcessAdapter } from '../InProcessAdapter.js';
import type { CarryStore } from '../createCarryStore.js';
import { PROTECTED_INBOUND, protectInbound } from '../inboundActivity.js';
import { LOGGED_BY_CHANNEL, transcriptEntry } from '../transcriptEntry.js';
import type { DirectLineStore, LoggedEntry, StoredTranscriptEntry } from '../../storage/index.js';
import { memoryBuses, type BusFactory, type WireCodec } from '../../coordination/index.js';

/** One frame of the stream, as Direct Line sends it. */
export interface ActivitySet {
  readonly activities: Record<string, unknown>[];
  readonly watermark: string;
  /** Live only, not kept (typing): the stream sends it with its own current watermark. */
  readonly ephemeral?: true;
  /**
   * The watermark just before these activities, when known: a stream that has sent exactly that
   * much sends the frame as it is; any other reads the log from its own watermark instead.
   */
  readonly after?: string;
  /**
   * Only news that the log grew (to `watermark`, when given): what another instance appended.
   * Streams read the log from their own watermark.
   */
  readonly nudge?: true;
}

/**
 * How frames cross to other instances: a kept activity as its watermarks only (the receiver reads
 * the log), a typing indicator as it is (it is never kept, and carries no words).
 */
export const frameWire: WireCodec<ActivitySet, ActivitySet> = {
  toWire: (frame) => (frame.ephemeral ? frame : { activities: [], watermark: frame.watermark, ...(frame.after === undefined ? {} : { after: frame.after }), nudge: true }),
  fromWire: (wire) => wire,
};

export interface DirectLineHubOptions {
  readonly store: DirectLineStore;
  readonly middleware: readonly Middleware[];
  readonly run: (context: TurnContext) => Promise<void>;
  readonly onTurnError: (error: unknown, context: TurnContext) => Promise<void>;
  /** Bot identity on the channel. */
  readonly botId?: string;
  readonly serviceUrl?: string;
  /** The clock for timestamps. Default: the system clock. */
  readonly now?: () => Date;
  /** What redaction carries from one user message to the next (shared with the bot's middleware). */
  readonly carries?: CarryStore;
  /** How far each conversation's new frames reach its streams. Default: this process only. */
  readonly buses?: BusFactory;
}

export interface DirectLineHub {
  /** Creates the conversation (the bot greets the user, in `locale` when given) unless it exists. */
  start(conversationId: string, userId: string, options?: { readonly locale?: string }): Promise<void>;
  exists(conversationId: string): Promise<{ userId: string } | undefined>;
  /**
   * Stores a user's activity, echoes it on the streams, runs the bot's turn (unless `runTurn` is
   * false: the channel answers it itself); returns its id.
   */
  receive(conversationId: string, userId: string, activity: Partial<Activity>, options?: { readonly runTurn?: boolean }): Promise<string>;
  /**
   * Activities after the watermark, at most {@link REPLAY_PAGE_SIZE}, and the watermark of the
   * last one: a client far behind catches up page by page instead of in one huge answer.
   */
  since(conversationId: string, watermark: number): Promise<ActivitySet>;
  /**
   * Sends an activity to the user outside any turn (a person's reply, a status event): into the
   * log, which is the transcript, and out on the streams, as the bot unless `from` says
   * otherwise. No bot middleware runs. `keep` is the transcript entry to keep for it (an agent's
   * line, with the agent and the ticket); by default it is kept as the bot's. A typing indicator
   * is only streamed, never kept.
   */
  deliver(conversationId: string, activity: Partial<Activity>, options?: { readonly keep?: LoggedEntry }): Promise<{ readonly id: string; readonly entry?: StoredTranscriptEntry }>;
  /** The service URL this hub's activities carry: a conversation reference with it belongs here. */
  readonly serviceUrl: string;
  /**
   * Calls back with every new frame of a conversation (a nudge when it grew elsewhere, or when
   * frames may have been missed); returns the unsubscribe function.
   */
  subscribe(conversationId: string, listener: (frame: ActivitySet) => void): () => void;
}

/** Conversations whose existence the hub remembers rather than reads again. */
const KNOWN_CONVERSATIONS = 10_000;

/** Activities per answer to a poll and per stream frame while replaying. */
export const REPLAY_PAGE_SIZE = 100;

const pad = (seq: number) => String(seq).padStart(7, '0');
const idOf = (conversationId: string, seq: number) => `${conversationId}|${pad(seq)}`;

/**
 * The heart of the self-hosted Direct Line: each conversation's activity log (in the database,
 * so a client that reconnects after a restart gets what it missed), live subscribers, and the
 * bot reached in-process through an adapter whose replies go into the log and out on the streams.
 */
export function createDirectLineHub({ store, middleware, run, onTurnError, botId = 'kefu', serviceUrl = 'directline://kefu', now = () => new Date(), carries, buses = memoryBuses }: DirectLineHubOptions): DirectLineHub {
  const frames = buses('directline', frameWire);
  /** The users of conversations known to exist, the most recently used last (at most KNOWN_CONVERSATIONS). */
  const users = new Map<string, string>();
  const remember = (conversationId: string, userId: string) => {
    users.delete(conversationId);
    users.set(conversationId, userId);
    if (users.size > KNOWN_CONVERSATIONS) users.delete(users.keys().next().value!);
  };
  /** The user of a conversation, or undefined when it does not exist. Every POST asks, so a conversation once found is remembered (none is ever deleted). */
  const userOf = async (conversationId: string): Promise<string | undefined> => {
    const known = users.get(conversationId);
    if (known !== undefined) return known;
    const found = await store.getConversation(conversationId);
    if (found) remember(conversationId, found.userId);
    return found?.userId;
  };

  /** Keeps an activity in the log (the transcript) with its entry, and streams it. */
  const append = async (conversationId: string, activity: Record<string, unknown>, entry: LoggedEntry): Promise<{ id: string; entry: StoredTranscriptEntry }> => {
    const kept = await store.append(conversationId, activity, entry);
    const stored = { ...activity, id: idOf(conversationId, kept.id) };
    frames.publish(conversationId, { activities: [stored], watermark: String(kept.id), ...(kept.after === undefined ? {} : { after: String(kept.after) }) });
    return { id: stored.id, entry: kept };
  };
  /** The transcript's fields of a logged activity (already redacted: see `receive`). */
  const entryOf = (activity: Record<string, unknown>, direction: 'in' | 'out'): LoggedEntry => {
    const { conversationId: _c, channel: _ch, ...entry } = transcriptEntry(activity as Partial<Activity>, direction);
    return entry;
  };

  /** An outgoing activity as it goes into the log: from the bot, unless a person's name is given. */
  const outgoing = (conversationId: string, activity: Partial<Activity>, recipient: Partial<Activity['from']>, replyToId?: string) => {
    const out = {
      ...activity,
      type: activity.type ?? ActivityTypes.Message,
      channelId: 'directline',
      serviceUrl,
      conversation: { id: conversationId },
      // Web Chat puts everything not from the user on the bot's side; a person keeps their name.
      from: { id: botId, name: activity.from?.name ?? 'kefu', role: 'bot' },
      recipient,
      ...(replyToId ? { replyToId } : {}),
      timestamp: now().toISOString(),
    };
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  };

  class DirectLineAdapter extends InProcessAdapter {
    override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
      const responses: ResourceResponse[] = [];
      for (const activity of activities) {
        const conversationId = context.activity.conversation.id;
        const out = outgoing(conversationId, { ...activity, from: undefined }, context.activity.from, activity.replyToId ?? context.activity.id);
        if (out.type === ActivityTypes.Typing || out.type === ActivityTypes.Trace) {
          responses.push({ id: stream(conversationId, out) });
          continue;
        }
        responses.push({ id: (await append(conversationId, out, entryOf(out, 'out'))).id });
      }
      return responses;
    }
  }
  const adapter = new DirectLineAdapter(middleware);
  adapter.onTurnError = (context, error) => onTurnError(error, context);

  /** Streams an activity that is not kept (typing): live only, with the watermark unchanged. */
  const stream = (conversationId: string, activity: Record<string, unknown>): string => {
    const id = `${conversationId}|${String(activity.type)}-${randomUUID()}`;
    frames.publish(conversationId, { activities: [{ ...activity, id }], watermark: '', ephemeral: true });
    return id;
  };

  // Every turn's activities are kept by the hub, in the transcript: the bot's middleware need not.
  const turn = (activity: Record<string, unknown>, turnState?: ReadonlyMap<symbol, unknown>) =>
    adapter.process(
      { ...activity, timestamp: activity.timestamp ? new Date(String(activity.timestamp)) : now() } as Partial<Activity>,
      run,
      new Map([...(turnState ?? []), [LOGGED_BY_CHANNEL, true]]),
    );
  const base = (conversationId: string, userId: string) => ({
    channelId: 'directline',
    serviceUrl,
    conversation: { id: conversationId },
    recipient: { id: botId, name: 'kefu', role: 'bot' },
    from: { id: userId, name: userId, role: 'user' },
  });

  return {
    async start(conversationId, userId, { locale } = {}) {
      const created = await store.createConversation({ id: conversationId, userId, createdAt: now().toISOString() });
      if (!created) return;
      remember(conversationId, userId);
      await turn({
        ...base(conversationId, userId),
        ...(locale ? { locale } : {}),
        type: ActivityTypes.ConversationUpdate,
        id: randomUUID(),
        timestamp: now().toISOString(),
        membersAdded: [{ id: botId, name: 'kefu' }, { id: userId, name: userId }],
      });
    },
    async exists(conversationId) {
      const userId = await userOf(conversationId);
      return userId === undefined ? undefined : { userId };
    },
    async receive(conversationId, userId, activity, { runTurn = true } = {}) {
      // The token decides who the user is; channelData is kept as sent (Web Chat tracks it), but
      // every string in the activity is redacted before it is stored or echoed: the log is kept for
      // reconnection and would otherwise hold a card number, and the echo would show it back.
      const key = `directline/${conversationId}`;
      const isMessage = activity.type === ActivityTypes.Message;
      const { activity: safe, found, tooLong, carry } = protectInbound(activity, { carry: isMessage ? await carries?.get(key) : undefined });
      if (isMessage) await carries?.set(key, carry);
      // The bot's middleware need not protect it again; it learns what was found from here.
      const protectedTurn = new Map<symbol, unknown>([[PROTECTED_INBOUND, { found, tooLong }]]);
      const incoming = {
        ...safe,
        ...base(conversationId, userId),
        from: { name: userId, ...(safe.from ?? {}), id: userId, role: 'user' },
        timestamp: now().toISOString(),
      };
      // The user's typing is only for whoever reads them now (an agent who has the conversation):
      // it reaches the bot's turn but is neither kept in the log nor echoed back to the user.
      if (incoming.type === ActivityTypes.Typing) {
        const id = `${conversationId}|typing-${randomUUID()}`;
        await turn({ ...incoming, id }, protectedTurn);
        return id;
      }
      const logged = JSON.parse(JSON.stringify(incoming)) as Record<string, unknown>;
      const { id } = await append(conversationId, logged, entryOf(logged, 'in'));
      if (runTurn && (incoming.type === ActivityTypes.Message || incoming.type === ActivityTypes.Event)) await turn({ ...incoming, id }, protectedTurn);
      return id;
    },
    serviceUrl,
    async deliver(conversationId, activity, { keep } = {}) {
      const userId = await userOf(conversationId);
      if (userId === undefined) throw new Error(`Direct Line: no conversation ${conversationId}`);
      const out = outgoing(conversationId, activity, { id: userId, name: userId, role: 'user' });
      if (out.type === ActivityTypes.Typing) return { id: stream(conversationId, out) };
      return append(conversationId, out, keep ?? entryOf(out, 'out'));
    },
    async since(conversationId, watermark) {
      const stored = await store.listAfter(conversationId, watermark, REPLAY_PAGE_SIZE);
      const last = stored.at(-1)?.seq ?? watermark;
      return { activities: stored.map((s) => ({ ...s.activity, id: idOf(conversationId, s.seq) })), watermark: String(last) };
    },
    subscribe(conversationId, listener) {
      const unsubscribe = frames.subscribe(conversationId, listener);
      // Frames may have been missed while the bus was away: the stream reads the log again.
      const unresync = frames.onResync(() => listener({ activities: [], watermark: '', nudge: true }));
      return () => {
        unsubscribe();
        unresync();
      };
    },
  };
}
