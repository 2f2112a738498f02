import {
  ActivityHandler,
  ActivityTypes,
  EventFactory,
  MessageFactory,
  TurnContext,
  type Activity,
  type ConversationState,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { Flow, FlowSnapshot, FlowValue } from '../flows/index.js';
import { parseRating, type HandoffDesk, type HandoffTrigger, type TranscriptLine } from '../handoff/index.js';
import type { KnowledgeState } from '../search/index.js';
import { normalizeText } from '../search/index.js';
import type { ConversationKey, FeedbackStore, TranscriptStore } from '../storage/index.js';
import { FLOW_DIALOG_ID, FlowDialog } from './FlowDialog.js';
import { pickLocale, type Locale, type Messages } from './messages.js';
import { sensitiveFound, textTooLong } from './protectSensitive.js';

export interface KefuBotDependencies {
  readonly knowledge: { current(): KnowledgeState };
  readonly flows: { current(): FlowSnapshot };
  readonly messages: Readonly<Record<Locale, Messages>>;
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  /** The queue: opens tickets, and while one is active the bot stays silent on that conversation. */
  readonly handoff: Pick<HandoffDesk, 'request' | 'activeFor' | 'standing' | 'userMessage' | 'userTyping' | 'endByUser' | 'rate'>;
  readonly feedback: FeedbackStore;
  readonly transcript: TranscriptStore;
  /** Misses in a row after which the bot offers a person. Default 2. */
  readonly missesBeforeHuman?: number;
  /** The clock. Default: the system clock. */
  readonly now?: () => Date;
}

/** A locale's command words and patterns, normalized once rather than on every message. */
interface Vocabulary {
  readonly handoff: readonly string[];
  readonly cancel: ReadonlySet<string>;
  readonly menu: ReadonlySet<string>;
  readonly helpful: string;
  readonly unhelpful: string;
  readonly smallTalk: readonly { readonly patterns: ReadonlySet<string>; readonly reply: string }[];
  readonly startFlow: string;
  readonly cancelHandoff: ReadonlySet<string>;
  readonly endHandoff: ReadonlySet<string>;
}

/** A trigger phrase, normalized once. */
interface Trigger {
  readonly trigger: HandoffTrigger;
  readonly contains: readonly string[];
  readonly exact: ReadonlySet<string>;
}

function vocabularyOf(m: Messages): Vocabulary {
  return {
    handoff: m.commands.handoff.map(clean),
    cancel: new Set(m.commands.cancel.map(clean)),
    menu: new Set(m.commands.menu.map(clean)),
    helpful: clean(m.feedback.helpful),
    unhelpful: clean(m.feedback.unhelpful),
    smallTalk: m.smallTalk.map((s) => ({ patterns: new Set(s.patterns.map(clean)), reply: s.reply })),
    startFlow: clean(m.startFlowAction),
    cancelHandoff: new Set(m.handoff.commands.cancel.map(clean)),
    endHandoff: new Set(m.handoff.commands.end.map(clean)),
  };
}

/** What the bot remembers about a user across conversations. */
interface UserProfile {
  firstSeenAt: string;
  lastSeenAt: string;
  conversations: string[];
  /** The last language the user's client asked for, for channels that do not say. */
  locale?: string;
}

/** What the bot remembers about one conversation between turns. */
interface ConversationData {
  misses: number;
  lastArticleId?: string;
  articlesShown: string[];
  /** The last few questions sent to the knowledge base, normalized, to notice one asked again and again. */
  recentQuestions?: string[];
}

const NEGATED = /(不|不用|不需要|不要|别|无需|没必要|dont|don't|no need to|not)$/;

/**
 * The turn's conversation as tickets and transcripts know it. The channel comes with the id:
 * channels choose their own ids, and a client of one channel that sends another channel's
 * conversation id must reach neither that user's ticket nor what they said.
 */
const conversationOf = (context: TurnContext): ConversationKey => ({ channel: context.activity.channelId, conversationId: context.activity.conversation.id });

const clean = (text: string) =>
  normalizeText(text)
    .replace(/[\s，。！？、,.!?~～…'"“”]/g, '')
    .replace(/(啊|呀|呢|吧|哈|哦|啦|嘛)+$/, '');

/**
 * The turn: global commands, a flow in progress, feedback, small talk, flow triggers, and
 * otherwise an answer from the knowledge base, "did you mean", or an honest "I don't know"
 * that offers a person after repeated misses.
 */
export class KefuBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly data: StatePropertyAccessor<ConversationData>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly dialogs: DialogSet;
  private readonly missesBeforeHuman: number;
  private readonly now: () => Date;
  private readonly vocabulary: ReadonlyMap<Messages, Vocabulary>;
  /** Every locale's triggers: merchants write Chinese whatever their client's language. */
  private readonly triggers: readonly Trigger[];
  // Normalized titles and trigger phrases, built once per snapshot rather than on every message.
  private readonly titleIndex = new WeakMap<object, Map<string, string>>();
  private readonly triggerIndex = new WeakMap<object, { flow: Flow; trigger: string }[]>();

  constructor(private readonly deps: KefuBotDependencies) {
    super();
    this.missesBeforeHuman = deps.missesBeforeHuman ?? 2;
    this.now = deps.now ?? (() => new Date());
    this.vocabulary = new Map(Object.values(deps.messages).map((m) => [m, vocabularyOf(m)]));
    this.triggers = Object.values(deps.messages).flatMap((m) =>
      m.handoff.triggers.map((trigger) => ({ trigger, contains: trigger.contains.map(clean).filter(Boolean), exact: new Set(trigger.exact.map(clean)) })),
    );
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.data = deps.conversationState.createProperty<ConversationData>('kefu');
    this.profile = deps.userState.createProperty<UserProfile>('profile');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(
      new FlowDialog({
        flow: (id) => deps.flows.current().byId.get(id),
        articleAnswer: (id) => deps.knowledge.current().snapshot.byId.get(id),
        messages: (context) => this.messagesFor(context),
        handOver: (context, request) => this.handOver(context, request),
      }),
    );

    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      if (joined.some((m) => m.id !== context.activity.recipient.id)) await this.sendMenu(context, this.messagesFor(context).greeting);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.onUserMessage(context);
      await next();
    });
    this.onTyping(async (context, next) => {
      const ticket = await deps.handoff.activeFor(conversationOf(context));
      if (ticket) deps.handoff.userTyping(ticket);
      await next();
    });
  }

  /** Runs the turn and saves the conversation's and the user's state, whatever happened. */
  override async run(context: TurnContext): Promise<void> {
    // Typing only matters to a person who has the conversation: no state read or written for it.
    if (context.activity.type === ActivityTypes.Typing) return super.run(context);
    await this.remember(context);
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  private async remember(context: TurnContext): Promise<void> {
    if (!context.activity.from?.id) return;
    const now = this.now().toISOString();
    const profile = await this.profile.get(context, { firstSeenAt: now, lastSeenAt: now, conversations: [] });
    profile.lastSeenAt = now;
    const conversation = context.activity.conversation?.id;
    if (conversation && !profile.conversations.includes(conversation)) profile.conversations = [...profile.conversations, conversation].slice(-20);
    if (context.activity.locale) profile.locale = context.activity.locale;
    else if (profile.locale) context.activity.locale = profile.locale;
  }

  private messagesFor(context: TurnContext): Messages {
    return this.deps.messages[pickLocale(context.activity.locale)];
  }

  private async onUserMessage(context: TurnContext): Promise<void> {
    const m = this.messagesFor(context);
    const data = await this.data.get(context, { misses: 0, articlesShown: [] });
    if (sensitiveFound(context).length > 0) await context.sendActivity(m.sensitiveWarning);

    const text = (context.activity.text ?? '').trim();
    const said = clean(text);
    const words = this.vocabulary.get(m)!;
    if (await this.withPerson(context, text, said, words, m)) return;
    if (textTooLong(context)) {
      await context.sendActivity(m.tooLong);
      return;
    }
    const dc = await this.dialogs.createContext(context);

    if (this.isHandoffCommand(said, words)) {
      await dc.cancelAllDialogs();
      await this.handOver(context, { reason: this.deps.messages['zh-CN'].handoff.reasons.userAsked, priority: 'normal', vars: {} });
      return;
    }
    const triggered = this.triggeredBy(said);
    if (triggered) {
      await dc.cancelAllDialogs();
      await this.handOver(context, { reason: triggered.reason, priority: triggered.priority, vars: {}, text: triggered.reply });
      return;
    }
    if (words.cancel.has(said)) {
      const inFlow = dc.activeDialog !== undefined;
      await dc.cancelAllDialogs();
      await context.sendActivity(inFlow ? m.flowCancelled : m.nothingToCancel);
      return;
    }
    if (words.menu.has(said)) {
      await dc.cancelAllDialogs();
      await this.sendMenu(context, m.greeting);
      return;
    }
    if (dc.activeDialog) {
      await dc.continueDialog();
      return;
    }
    if (!said) return;

    if (said === words.helpful || said === words.unhelpful) {
      const helpful = said === words.helpful;
      if (data.lastArticleId) {
        await this.deps.feedback.record({ conversationId: context.activity.conversation.id, articleId: data.lastArticleId, helpful, createdAt: this.now().toISOString() });
      }
      await context.sendActivity(helpful ? m.feedback.thanksHelpful : m.feedback.thanksUnhelpful);
      return;
    }
    const smallTalk = words.smallTalk.find((s) => s.patterns.has(said));
    if (smallTalk) {
      await context.sendActivity(smallTalk.reply);
      return;
    }
    // A button with an article's title (did-you-mean, related) shows that article, even when the
    // title happens to contain a flow's trigger phrase.
    const titled = this.articleTitled(said);
    if (titled) {
      await this.answerArticle(context, titled, data, m);
      return;
    }
    const flow = this.flowButton(said, words) ?? this.flowTriggeredBy(said);
    if (flow) {
      data.misses = 0;
      await dc.beginDialog(FLOW_DIALOG_ID, { flowId: flow.id });
      return;
    }
    if (this.askedAgain(said, data, m)) {
      await this.handOver(context, { reason: this.deps.messages['zh-CN'].handoff.reasons.repeatedQuestion, priority: 'high', vars: {} });
      return;
    }
    await this.answerFromKnowledge(context, text, data, m);
  }

  /**
   * While a person has (or is about to have) the conversation, the bot says nothing: the message
   * goes to the agents, except the user's own cancel/end. After an agent closes, a rating is
   * taken. True when the turn is handled.
   */
  private async withPerson(context: TurnContext, text: string, said: string, words: Vocabulary, m: Messages): Promise<boolean> {
    // One read on every turn: the conversation's latest ticket says both whether a person has it
    // and whether a closed one still waits for the user's rating.
    const { active: ticket, unrated } = await this.deps.handoff.standing(conversationOf(context));
    if (ticket) {
      // While waiting, a plain 取消 also leaves the queue; with a person, only an explicit end ends
      // it (取消 may be meant for the agent: 取消订单...).
      const waiting = ticket.state === 'waiting';
      if (words.cancelHandoff.has(said) || words.endHandoff.has(said) || (waiting && words.cancel.has(said))) {
        const reply = await this.deps.handoff.endByUser(ticket);
        await context.sendActivity(reply.suggestions ? MessageFactory.suggestedActions([...reply.suggestions], reply.text) : reply.text);
        return true;
      }
      const ack = await this.deps.handoff.userMessage(ticket, { text, timestamp: this.now().toISOString() });
      if (ack) await context.sendActivity(ack);
      return true;
    }
    if (!said) return false;
    const rating = unrated && parseRating(text, m.handoff.ratingOptions);
    if (unrated && rating) {
      await this.deps.handoff.rate(unrated.id, rating);
      await context.sendActivity(m.handoff.ratingThanks);
      return true;
    }
    return false;
  }

  /** A complaint, distress or fraud phrase from the data, checked in every locale. */
  private triggeredBy(said: string): HandoffTrigger | undefined {
    if (!said) return undefined;
    return this.triggers.find((t) => t.exact.has(said) || t.contains.some((phrase) => said.includes(phrase)))?.trigger;
  }

  /** Whether this question is the same as the previous ones, `repeatLimit` times in a row. */
  private askedAgain(said: string, data: ConversationData, m: Messages): boolean {
    if (Array.from(said).length < 2) return false;
    const limit = m.handoff.repeatLimit;
    const recent = [...(data.recentQuestions ?? []), said].slice(-limit);
    data.recentQuestions = recent;
    if (recent.length < limit || !recent.every((q) => q === said)) return false;
    data.recentQuestions = [];
    return true;
  }

  private isHandoffCommand(said: string, words: Vocabulary): boolean {
    // Short words (人工, agent) must be the whole message; phrases (转人工) may sit in a
    // sentence, unless the sentence says the opposite (我不需要转人工).
    return words.handoff.some((word) => {
      if (word === said) return true;
      const at = said.indexOf(word);
      return Array.from(word).length >= 3 && at >= 0 && !NEGATED.test(said.slice(0, at));
    });
  }

  /** The article whose title this is, looked up in a map built once per knowledge snapshot. */
  private articleTitled(said: string): string | undefined {
    const { snapshot } = this.deps.knowledge.current();
    let titles = this.titleIndex.get(snapshot);
    if (!titles) {
      titles = new Map(snapshot.articles.map((a) => [clean(a.title), a.id]));
      this.titleIndex.set(snapshot, titles);
    }
    return titles.get(said);
  }

  /** "一步步排查：<flow title>", also from an older answer's button. */
  private flowButton(said: string, words: Vocabulary): Flow | undefined {
    if (!said.startsWith(words.startFlow)) return undefined;
    const title = said.slice(words.startFlow.length).replace(/^[:：]/, '');
    return this.flowTriggeredBy(title, { exactly: true });
  }

  private flowTriggeredBy(said: string, { exactly = false } = {}): Flow | undefined {
    if (Array.from(said).length < 2) return undefined;
    const snapshot = this.deps.flows.current();
    let phrases = this.triggerIndex.get(snapshot);
    if (!phrases) {
      phrases = snapshot.flows.flatMap((flow) => [flow.title, ...flow.triggers].map((t) => ({ flow, trigger: clean(t) })));
      this.triggerIndex.set(snapshot, phrases);
    }
    const long = !exactly && Array.from(said).length >= 4;
    return phrases.find(({ trigger }) => trigger === said || (long && (said.includes(trigger) || trigger.includes(said))))?.flow;
  }

  private async answerFromKnowledge(context: TurnContext, text: string, data: ConversationData, m: Messages): Promise<void> {
    const { index, snapshot } = this.deps.knowledge.current();
    const result = index.search(text, { limit: 3 });
    const best = result.best ? snapshot.byId.get(result.best) : undefined;

    if (best && !result.ambiguous) {
      await this.answerArticle(context, best.id, data, m);
      return;
    }
    if (best && result.ambiguous) {
      data.misses = 0;
      const titles = result.hits.filter((h) => h.coverage > 0).map((h) => h.title);
      await context.sendActivity(MessageFactory.suggestedActions(titles, m.ambiguous));
      return;
    }
    data.misses += 1;
    if (data.misses >= this.missesBeforeHuman) {
      await context.sendActivity(MessageFactory.suggestedActions([m.commands.handoff[0]!, m.commands.menu[0]!], m.noAnswerOfferHuman));
    } else {
      await context.sendActivity(MessageFactory.suggestedActions(m.menu, m.noAnswer));
    }
  }

  /** The article, its related articles and 👍/👎 as buttons, and its flow offered when it has one. */
  private async answerArticle(context: TurnContext, id: string, data: ConversationData, m: Messages): Promise<void> {
    const { snapshot } = this.deps.knowledge.current();
    const article = snapshot.byId.get(id)!;
    data.misses = 0;
    data.lastArticleId = article.id;
    data.articlesShown = [...data.articlesShown, article.id].slice(-20);
    const flow = article.flow ? this.deps.flows.current().byId.get(article.flow) : undefined;
    const related = article.related.flatMap((r) => snapshot.byId.get(r)?.title ?? []).slice(0, 3);
    const actions = [...(flow ? [`${m.startFlowAction}：${flow.title}`] : []), m.feedback.helpful, m.feedback.unhelpful, ...related];
    const footer = flow ? `${m.offerFlow}\n\n${m.answerFooter}` : m.answerFooter;
    await context.sendActivity(MessageFactory.suggestedActions(actions, `**${article.title}**\n\n${article.answer.trim()}\n\n${footer}`));
  }

  private async sendMenu(context: TurnContext, text: string): Promise<void> {
    await context.sendActivity(MessageFactory.suggestedActions(this.messagesFor(context).menu, text));
  }

  /**
   * Hands the conversation to a person: opens a ticket with the whole (redacted) transcript and
   * what the bot learned, tells the user their place in the queue (or when people are back), and
   * emits the Bot Framework `handoff.initiate` event carrying the transcript.
   */
  private async handOver(
    context: TurnContext,
    request: { reason: string; priority: 'normal' | 'high'; vars: Record<string, FlowValue>; flowId?: string; text?: string },
  ): Promise<void> {
    const m = this.messagesFor(context);
    const data = await this.data.get(context, { misses: 0, articlesShown: [] });
    data.misses = 0;
    await context.sendActivity(request.text ?? m.handoffStarted);
    const { conversation, channelId, from } = context.activity;
    const entries = await this.deps.transcript.list(conversationOf(context), { limit: 500 });
    const transcript: TranscriptLine[] = entries
      .filter((e) => e.type === 'message' && e.text)
      .map((e) => ({ from: (e.fromRole ?? 'user') as TranscriptLine['from'], text: e.text ?? '', timestamp: e.timestamp }));
    const queued = await this.deps.handoff.request({
      conversationId: conversation.id,
      channel: channelId,
      userId: from?.id,
      userName: from?.name && from.name !== from.id ? from.name : undefined,
      locale: pickLocale(context.activity.locale),
      address: TurnContext.getConversationReference(context.activity),
      reason: request.reason,
      priority: request.priority,
      context: { vars: request.vars, flowId: request.flowId, articlesShown: data.articlesShown, transcript },
    });
    await context.sendActivity(MessageFactory.suggestedActions([m.handoff.commands.cancel[0]!], queued.text));
    if (!queued.created) return;
    const activities = entries.map(
      (e): Partial<Activity> => ({ type: ActivityTypes.Message, text: e.text ?? '', timestamp: new Date(e.timestamp), from: { id: e.fromId ?? '', name: '', role: e.fromRole ?? 'user' } }),
    );
    const event = EventFactory.createHandoffInitiation(
      context,
      { ticketId: queued.ticket.id, reason: request.reason, priority: request.priority, flowId: request.flowId, vars: request.vars, articlesShown: data.articlesShown },
      { activities: activities as Activity[] },
    );
    await context.sendActivity(event);
  }
}
