import { ConversationState, UserState, type Middleware } from 'botbuilder';
import type { CarryStore } from '../channels/createCarryStore.js';
import type { LiveKnowledge } from '../content/index.js';
import type { DailyCountStore, FeedbackStore, MissStore, StateStore, TranscriptStore } from '../storage/index.js';
import { createBotStorage } from './createBotStorage.js';
import { KefuBot, type KefuBotDependencies } from './KefuBot.js';
import type { Locale, Messages } from '../conversation/index.js';
import { protectSensitive } from './protectSensitive.js';
import { recordTranscript } from './recordTranscript.js';
import { serializeTurns } from './serializeTurns.js';
import type { ConversationLock } from '../coordination/index.js';

export interface BotStores {
  readonly state: StateStore;
  readonly transcript: TranscriptStore;
  readonly feedback: FeedbackStore;
  /** What the bot missed, for the editors' inbox. */
  readonly misses?: MissStore;
  /** Daily counts for reports. */
  readonly counts?: DailyCountStore;
}

export interface CreateBotOptions {
  readonly stores: BotStores;
  readonly knowledge: Pick<LiveKnowledge, 'current'>;
  readonly messages: Readonly<Record<Locale, Messages>>;
  /** The handoff desk: tickets, and the rule that the bot is silent while a person has the conversation. */
  readonly handoff: KefuBotDependencies['handoff'];
  /** The clock for first/last seen and feedback times. Default: the system clock. */
  readonly now?: () => Date;
  /** What redaction carries between a user's messages (shared with channels that redact first). */
  readonly carries?: CarryStore;
  /** The time zone whose days reports count by. */
  readonly serviceTimeZone?: string;
  /** Turns and hand-overs for `/metrics`. */
  readonly metrics?: KefuBotDependencies['metrics'];
  /** How far "one turn at a time per conversation" reaches. Default: this process. */
  readonly lock?: ConversationLock;
}

export interface BotRuntime {
  readonly bot: KefuBot;
  /** Middleware for any adapter, in this order: one turn at a time per conversation, hide sensitive data, record the transcript. */
  readonly middleware: readonly Middleware[];
  readonly conversationState: ConversationState;
}

/** Builds the bot and the middleware every channel's adapter must use. */
export function createBot({ stores, knowledge, messages, handoff, now, carries, serviceTimeZone, metrics, lock }: CreateBotOptions): BotRuntime {
  const storage = createBotStorage(stores.state);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const bot = new KefuBot({
    knowledge,
    flows: { current: () => knowledge.current().flows },
    messages,
    conversationState,
    userState,
    feedback: stores.feedback,
    transcript: stores.transcript,
    ...(stores.misses ? { misses: stores.misses } : {}),
    ...(stores.counts ? { counts: stores.counts } : {}),
    ...(serviceTimeZone ? { serviceTimeZone } : {}),
    handoff,
    now,
    ...(metrics ? { metrics } : {}),
  });
  return { bot, conversationState, middleware: [serializeTurns(lock), protectSensitive({ carries }), recordTranscript(stores.transcript)] };
}
