import {
  ActivityHandler,
  ActivityTypes,
  EventFactory,
  TurnContext,
  type Activity,
  type ConversationState,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import { DialogSet, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import {
  createRecognizer,
  policyOptions,
  decide,
  pickLocale,
  pickOption,
  articleText,
  renderAnswer,
  renderDidYouMean,
  renderMenu,
  renderFeedbackThanks,
  renderNoAnswer,
  renderOfferPerson,
  renderSensitiveWarning,
  type Locale,
  type Messages,
  type PolicyOptions,
  type Recognition,
  type Recognize,
  type Reply,
  type Standing,
  type Step,
} from '../conversation/index.js';
import { describeAnswers, readAnswer, type FlowSnapshot, type FlowState, type FlowStep, type FlowValue } from '../flows/index.js';
import type { HandoffDesk, TranscriptLine } from '../handoff/index.js';
import type { KnowledgeState } from '../content/index.js';
import { serviceDay } from '../reports/serviceDay.js';
import type { Metrics } from '../metrics/index.js';
import type { ConversationKey, CountIncrement, DailyCountStore, FeedbackStore, MissKind, MissStore, StoredTicket, TranscriptStore } from '../storage/index.js';
import { FLOW_DIALOG_ID, FlowDialog, REPEAT_STEP } from './FlowDialog.js';
import { recognizeChoice } from './recognizeChoice.js';
import { sensitiveFound, textTooLong } from './protectSensitive.js';
import { toActivity } from './toActivity.js';

export interface KefuBotDependencies {
  readonly knowledge: { current(): KnowledgeState };
  readonly flows: { current(): FlowSnapshot };
  readonly messages: Readonly<Record<Locale, Messages>>;
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  /** The queue: opens tickets, and while one is active the bot stays silent on that conversation. */
  readonly handoff: Pick<HandoffDesk, 'request' | 'activeFor' | 'standing' | 'userMessage' | 'botMessage' | 'userTyping' | 'endByUser' | 'rate' | 'comment'>;
  readonly feedback: FeedbackStore;
  readonly transcript: TranscriptStore;
  /** What the bot missed, for the editors' inbox. Optional: nothing is recorded without it. */
  readonly misses?: Pick<MissStore, 'record' | 'remove'>;
  /** Daily counts for reports (conversations, questions, articles shown, flows). Optional. */
  readonly counts?: Pick<DailyCountStore, 'add'>;
  /** The time zone whose days the counts fall on. Default Asia/Shanghai. */
  readonly serviceTimeZone?: string;
  /** Misses in a row after which the bot offers a person. Default 2. */
  readonly missesBeforeHuman?: number;
  /** The clock. Default: the system clock. */
  readonly now?: () => Date;
  /** Turns and hand-overs for `/metrics`. Optional. */
  readonly metrics?: Pick<Metrics, 'turn' | 'handover'>;
}

/** What the bot did with a message, for the turn's metric. */
const OUTCOME = Symbol('kefu.turnOutcome');
/** The steps that say what a turn did, the weightiest first; any other turn is named by its first step. */
const DECISIVE: readonly Step['kind'][] = ['handOver', 'answer', 'startFlow', 'didYouMean', 'noAnswer'];
const outcomeOf = (steps: readonly Step[]): string => DECISIVE.find((kind) => steps.some((s) => s.kind === kind)) ?? steps[0]?.kind ?? 'none';

/** What the bot remembers about a user across conversations. */
/** How stale a profile's `lastSeenAt` may be before a turn refreshes it (and so writes the profile). */
const LAST_SEEN_PRECISION_MS = 3_600_000;

interface UserProfile {
  firstSeenAt: string;
  /** The last turn's time, to the hour (see LAST_SEEN_PRECISION_MS). */
  lastSeenAt: string;
  conversations: string[];
  /** The last language the user's client asked for, for channels that do not say. */
  locale?: string;
  /** The web page the widget was on (origin and path only), as its join event said. */
  page?: string;
}

/** What the bot remembers about one conversation between turns. */
interface ConversationData {
  misses: number;
  lastArticleId?: string;
  articlesShown: string[];
  /** The last few questions sent to the knowledge base, normalized, to notice one asked again and again. */
  recentQuestions?: string[];
  /** The options of the last message that offered any. */
  options?: string[];
  /** A person offered in the last turn, and why. */
  offered?: { reason: string; priority: 'normal' | 'high' };
  /** The language the user was greeted in, so a client's later webchat/join does not greet twice. */
  greetedIn?: Locale;
  /** Articles offered as "您是想问" in the last turn, for what was asked; recorded as a miss until one is picked. */
  offer?: { text: string; titles: string[]; missId?: number };
  /**
   * The last answer: the question it answered, the article, and how many turns ago (0 in the turn
   * that gave it). A person asked for the next turn, or a 👎, is a miss; a hand-over within two
   * turns counts against the article.
   */
  lastAnswer?: { text: string; articleId: string; turns: number };
  /** A ticket rated low whose user was asked why: their next message is the comment. */
  commentFor?: number;
  /** The service day this conversation was last counted on. */
  countedDay?: string;
}

/**
 * The turn's conversation as tickets and transcripts know it. The channel comes with the id:
 * channels choose their own ids, and a client of one channel that sends another channel's
 * conversation id must reach neither that user's ticket nor what they said.
 */
/** The flow a turn has just left, for a hand-over in the same turn. */
const LEFT_FLOW = Symbol('kefu.leftFlow');
/** Channels whose client is kefu's own (the widget over kefu's Direct Line, WeChat): no handoff.initiate. */
const OWN_CLIENT_CHANNELS: ReadonlySet<string> = new Set(['directline', 'wechat']);
/** The event Web Chat's welcome pattern sends when the client has joined, with its language. */
const WEBCHAT_JOIN = 'webchat/join';

/** What, read after "what went wrong?", is the user's comment rather than something new to act on. */
function isComment(recognition: Recognition): boolean {
  switch (recognition.kind) {
    case 'question':
      return recognition.best === undefined || recognition.ambiguous;
    case 'trigger':
      return recognition.trigger.priority !== 'high';
    case 'smallTalk':
    case 'feedback':
    case 'stepAnswer':
      return true;
    default:
      return false;
  }
}

/** A page address as the widget reports it: http(s), origin and path only, at most 300 characters. */
function pageOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return `${url.origin}${url.pathname}`.slice(0, 300);
  } catch {
    return undefined;
  }
}

/** The turns before this one, as `advance` leaves them for the inbox and the counts. */
interface Past {
  /** The "您是想问" the last turn offered. */
  readonly offer?: NonNullable<ConversationData['offer']>;
  /** This message is one of its titles. */
  readonly pickedOffer: boolean;
  /** The last answer before this turn, `turns` counting this one. */
  readonly lastAnswer?: NonNullable<ConversationData['lastAnswer']>;
}

const conversationOf = (context: TurnContext): ConversationKey => ({ channel: context.activity.channelId, conversationId: context.activity.conversation.id });

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
  private readonly now: () => Date;
  private readonly recognize: Recognize;
  private readonly policy: PolicyOptions;
  // Normalized titles and trigger phrases, built once per snapshot rather than on every message.
  constructor(private readonly deps: KefuBotDependencies) {
    super();
    this.now = deps.now ?? (() => new Date());
    this.recognize = createRecognizer({ messages: deps.messages, knowledge: deps.knowledge, flows: deps.flows });
    this.policy = policyOptions(deps.messages, deps.missesBeforeHuman);
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.data = deps.conversationState.createProperty<ConversationData>('kefu');
    this.profile = deps.userState.createProperty<UserProfile>('profile');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(
      new FlowDialog({
        flow: (id) => deps.flows.current().byId.get(id),
        articleAnswer: (id) => deps.knowledge.current().snapshot.byId.get(id),
        messages: (context) => this.messagesFor(context),
        handOver: (context, { text, ...request }) => this.handOver(context, { ...request, ...(text ? { intro: text } : {}) }),
      }),
    );

    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      if (joined.some((m) => m.id !== context.activity.recipient.id)) await this.greet(context);
      await next();
    });
    // Web Chat's welcome event carries the client's language: greet in it, unless the user was
    // already greeted in that language when the conversation started.
    this.onEvent(async (context, next) => {
      if (context.activity.name === WEBCHAT_JOIN) {
        const value = context.activity.value as { language?: unknown; page?: unknown } | undefined;
        if (typeof value?.language === 'string' && value.language.length <= 35) context.activity.locale = value.language;
        const page = pageOf(value?.page);
        if (page) (await this.profile.get(context, { firstSeenAt: this.now().toISOString(), lastSeenAt: this.now().toISOString(), conversations: [] })).page = page;
        await this.greet(context);
      }
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
    const started = performance.now();
    // Both at once: the storage reads them with one statement.
    await Promise.all([this.deps.conversationState.load(context), this.deps.userState.load(context)]);
    await this.remember(context);
    await this.rememberOptions(context);
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
    const outcome = (context.turnState.get(OUTCOME) as string | undefined) ?? context.activity.type;
    this.deps.metrics?.turn(context.activity.channelId, outcome, (performance.now() - started) / 1000);
  }

  private async remember(context: TurnContext): Promise<void> {
    if (!context.activity.from?.id) return;
    const now = this.now().toISOString();
    const profile = await this.profile.get(context, { firstSeenAt: now, lastSeenAt: now, conversations: [] });
    // To the hour: the profile is written only when something about the user changed, not on every turn.
    if (Date.parse(now) - Date.parse(profile.lastSeenAt) >= LAST_SEEN_PRECISION_MS) profile.lastSeenAt = now;
    const conversation = context.activity.conversation?.id;
    if (conversation && !profile.conversations.includes(conversation)) profile.conversations = [...profile.conversations, conversation].slice(-20);
    if (context.activity.locale) profile.locale = context.activity.locale;
    else if (profile.locale) context.activity.locale = profile.locale;
  }

  /**
   * The options of the last message that had any, whoever sent it in the turn (answers, menus,
   * flows): a bare number in a later message picks one of them, until new options replace them.
   */
  private async rememberOptions(context: TurnContext): Promise<void> {
    const data = await this.data.get(context, { misses: 0, articlesShown: [] });
    context.onSendActivities(async (_context, activities, send) => {
      for (const activity of activities) {
        const titles = activity.suggestedActions?.actions?.map((a) => String(a.title ?? a.value));
        if ((activity.type ?? ActivityTypes.Message) === ActivityTypes.Message && titles && titles.length > 0) data.options = titles;
      }
      return send();
    });
  }

  private messagesFor(context: TurnContext): Messages {
    return this.deps.messages[pickLocale(context.activity.locale)];
  }

  private async onUserMessage(context: TurnContext): Promise<void> {
    const m = this.messagesFor(context);
    const data = await this.data.get(context, { misses: 0, articlesShown: [] });
    const hidden = sensitiveFound(context);
    if (hidden.length > 0) await this.send(context, renderSensitiveWarning(hidden, m));

    let text = (context.activity.text ?? '').trim();
    // One read on every turn: the conversation's latest ticket says both whether a person has it
    // and whether a closed one still waits for the user's rating.
    const { active: ticket, unrated, staffed } = await this.deps.handoff.standing(conversationOf(context));
    const dc = await this.dialogs.createContext(context);
    // A bare number picks an option the bot offered, and is then read as that option's words (a
    // person, or a rating asked for, reads the number as it is). In a flow, the options are the
    // waiting question's own: a question that asks for a number takes "2" as two.
    const options = dc.activeDialog ? this.flowOptions(dc, m) : data.options;
    const picked = ticket || unrated ? undefined : pickOption(text, options);
    if (picked) context.activity.text = text = picked;
    const step = dc.activeDialog ? this.waitingStep(dc) : undefined;
    const standing: Standing = {
      ...(ticket ? { person: ticket.state === 'waiting' ? 'waiting' : 'assigned', staffed: staffed === true } : {}),
      awaitingRating: unrated !== undefined,
      inFlow: dc.activeDialog !== undefined,
      ...(step ? { answersStep: (t: string) => readAnswer(step.ask, t, recognizeChoice) !== undefined } : {}),
      tooLong: textTooLong(context),
    };
    const recognition = this.recognize(text, standing, m);
    // Asked why after a low rating: the reply is the comment, unless it is a command, a new
    // question the bot can answer, a walkthrough, or an emergency (a stolen card).
    const commentFor = data.commentFor;
    data.commentFor = undefined;
    if (commentFor !== undefined && !ticket && text && isComment(recognition)) {
      context.turnState.set(OUTCOME, 'ratingComment');
      await this.deps.handoff.comment(commentFor, text);
      await context.sendActivity(m.handoff.commentThanks);
      return;
    }
    const { steps, memory } = decide(recognition, {
      inFlow: standing.inFlow,
      memory: { misses: data.misses, recentQuestions: data.recentQuestions ?? [], ...(data.offered ? { offered: data.offered } : {}) },
      policy: this.policy,
    });
    context.turnState.set(OUTCOME, outcomeOf(steps));
    data.misses = memory.misses;
    data.recentQuestions = [...memory.recentQuestions];
    data.offered = memory.offered;
    const past = this.advance(data, recognition, steps, text);
    if (!ticket) await this.noteMisses(context, data, steps, text, past);
    const flowBefore = this.flowState(dc);
    for (const step of steps) await this.carryOut(step, { context, dc, data, m, text, ticket, unrated });
    await this.noteFigures(context, data, { recognition, steps, past, flowBefore, flowAfter: this.flowState(dc) });
  }

  /**
   * What the inbox and the counts need of the turns before, read once and moved on: the offer the
   * last turn made (and whether this message picked from it), and the last answer, a turn older.
   */
  private advance(data: ConversationData, recognition: Recognition, steps: readonly Step[], text: string): Past {
    const offer = data.offer;
    const pickedOffer = offer !== undefined && recognition.kind === 'articleTitle' && offer.titles.includes(text);
    const lastAnswer = data.lastAnswer && { ...data.lastAnswer, turns: data.lastAnswer.turns + 1 };
    data.offer = undefined;
    data.lastAnswer = lastAnswer;
    for (const step of steps) {
      if (step.kind === 'didYouMean') data.offer = { text, titles: [...step.titles] };
      if (step.kind === 'answer') data.lastAnswer = { text: pickedOffer ? offer.text : text, articleId: step.articleId, turns: 0 };
    }
    return { ...(offer ? { offer } : {}), pickedOffer, ...(lastAnswer ? { lastAnswer } : {}) };
  }

  /**
   * Counts for reports, one statement per turn at most: the conversation (once a day), questions
   * and fallbacks, articles shown, picked from "您是想问" and voted on, hand-overs within two turns
   * of an article, and walkthroughs started, steps reached, completed or left.
   */
  private async noteFigures(
    context: TurnContext,
    data: ConversationData,
    turn: { recognition: Recognition; steps: readonly Step[]; past: Past; flowBefore?: FlowState; flowAfter?: FlowState },
  ): Promise<void> {
    const counts = this.deps.counts;
    if (!counts) return;
    const day = serviceDay(this.now(), this.deps.serviceTimeZone ?? 'Asia/Shanghai');
    const channel = context.activity.channelId;
    const add: CountIncrement[] = [];
    const count = (metric: string, subject?: string) => add.push({ day, channel, metric, ...(subject ? { subject } : {}) });
    if (data.countedDay !== day) {
      data.countedDay = day;
      count('conversations');
    }
    const recent = turn.past.lastAnswer && turn.past.lastAnswer.turns <= 2 ? turn.past.lastAnswer : undefined;
    if (turn.recognition.kind === 'question') count('questions');
    for (const step of turn.steps) {
      if (step.kind === 'noAnswer') count('fallbacks');
      else if (step.kind === 'didYouMean') count('didYouMean');
      else if (step.kind === 'answer') {
        count('articleShown', step.articleId);
        if (turn.past.pickedOffer) count('articlePicked', step.articleId);
      } else if (step.kind === 'feedback' && data.lastArticleId) count(step.helpful ? 'helpful' : 'unhelpful', data.lastArticleId);
      else if (step.kind === 'handOver' && recent) count('handoverAfterArticle', recent.articleId);
    }
    const { flowBefore: before, flowAfter: after } = turn;
    const handedOver = turn.steps.some((s) => s.kind === 'handOver');
    if (after && (!before || before.flowId !== after.flowId)) count('flowStarted', after.flowId);
    if (after && (!before || before.flowId !== after.flowId || before.stepId !== after.stepId)) count('flowStep', `${after.flowId}#${after.stepId}`);
    if (before && (!after || after.flowId !== before.flowId)) {
      const left = turn.steps.some((s) => s.kind === 'leaveFlow') || handedOver;
      count(left ? 'flowLeft' : 'flowCompleted', left ? `${before.flowId}#${before.stepId}` : before.flowId);
      if (handedOver) count('flowHandover', before.flowId);
    }
    await counts.add(add);
  }

  /**
   * The editors' inbox: no answer, "您是想问" with none picked (recorded when offered, forgotten
   * when one is picked), 👎 on an answer, and a person asked for right after one. The text is the
   * user's as the middleware left it: redacted.
   */
  private async noteMisses(context: TurnContext, data: ConversationData, steps: readonly Step[], text: string, { offer, pickedOffer, lastAnswer }: Past): Promise<void> {
    const misses = this.deps.misses;
    if (!misses) return;
    const record = (kind: MissKind, said: string, articleId?: string) =>
      misses.record({ ...conversationOf(context), kind, text: said, ...(articleId ? { articleId } : {}), createdAt: this.now().toISOString() });
    if (pickedOffer && offer?.missId !== undefined) await misses.remove(offer.missId);
    for (const step of steps) {
      if (step.kind === 'noAnswer') await record('noAnswer', text);
      else if (step.kind === 'didYouMean' && data.offer) data.offer.missId = await record('unpicked', text);
      else if (step.kind === 'handOver' && step.reason === this.policy.reasons.userAsked && lastAnswer?.turns === 1) await record('askedPerson', lastAnswer.text, lastAnswer.articleId);
      else if (step.kind === 'feedback' && !step.helpful && lastAnswer) await record('thumbsDown', lastAnswer.text, lastAnswer.articleId);
    }
  }

  /** Where the active flow stands. */
  private flowState(dc: DialogContext): FlowState | undefined {
    return (dc.activeDialog?.state as { flow?: FlowState } | undefined)?.flow;
  }

  /** The question step the active flow waits on. */
  private waitingStep(dc: DialogContext): Extract<FlowStep, { ask: unknown }> | undefined {
    const state = this.flowState(dc);
    const step = state && this.deps.flows.current().byId.get(state.flowId)?.steps.find((s) => s.id === state.stepId);
    return step && 'ask' in step ? step : undefined;
  }

  /** The options of the question a flow waits on: its choices, yes and no, or none. */
  private flowOptions(dc: DialogContext, m: Messages): readonly string[] {
    const step = this.waitingStep(dc);
    if (!step) return [];
    if (step.ask.kind === 'choice') return step.ask.choices.map((c) => c.label);
    return step.ask.kind === 'yesno' ? [m.yes, m.no] : [];
  }

  /** Does one step of the decision: the side effects (desk, dialogs, feedback) and the replies. */
  private async carryOut(
    step: Step,
    { context, dc, data, m, text, ticket, unrated }: { context: TurnContext; dc: DialogContext; data: ConversationData; m: Messages; text: string; ticket?: StoredTicket; unrated?: StoredTicket },
  ): Promise<void> {
    switch (step.kind) {
      case 'endHandoff': {
        const reply = await this.deps.handoff.endByUser(ticket!);
        await this.send(context, { text: reply.text, ...(reply.suggestions ? { actions: reply.suggestions } : {}) });
        return;
      }
      case 'forwardToPerson': {
        const ack = await this.deps.handoff.userMessage(ticket!, { text, timestamp: this.now().toISOString() });
        if (ack) await context.sendActivity(ack);
        return;
      }
      case 'rate':
        await this.deps.handoff.rate(unrated!.id, step.rating);
        // A low rating: ask why, and keep the next message as the comment.
        if (step.rating <= 3) {
          data.commentFor = unrated!.id;
          await context.sendActivity(m.handoff.ratingAskWhy);
        } else await context.sendActivity(m.handoff.ratingThanks);
        return;
      case 'tooLong':
        await context.sendActivity(m.tooLong);
        return;
      case 'leaveFlow': {
        // A hand-over right after still tells the agent what the walkthrough had collected.
        const left = this.flowState(dc);
        if (left) context.turnState.set(LEFT_FLOW, left);
        await dc.cancelAllDialogs();
        return;
      }
      case 'handOver': {
        const left = context.turnState.get(LEFT_FLOW) as FlowState | undefined;
        await this.handOver(context, {
          reason: step.reason,
          priority: step.priority,
          vars: left ? { ...left.vars } : {},
          ...(left ? { flowId: left.flowId } : {}),
          ...(step.text ? { advice: step.text } : {}),
        });
        return;
      }
      case 'offerPerson':
        await this.send(context, renderOfferPerson(step.text, m));
        return;
      case 'cancelled':
        await context.sendActivity(step.wasInFlow ? m.flowCancelled : m.nothingToCancel);
        return;
      case 'menu':
        await this.send(context, renderMenu(m.greeting, m));
        return;
      case 'continueFlow':
        await dc.continueDialog();
        return;
      case 'offerResume':
        await this.send(context, { text: m.flowResumeOffer, actions: [m.commands.resumeFlow[0]!] });
        return;
      case 'repeatStep':
        context.turnState.set(REPEAT_STEP, true);
        await dc.continueDialog();
        return;
      case 'feedback':
        if (data.lastArticleId) {
          await this.deps.feedback.record({ conversationId: context.activity.conversation.id, articleId: data.lastArticleId, helpful: step.helpful, createdAt: this.now().toISOString() });
        }
        await this.send(context, renderFeedbackThanks(step.helpful, m));
        return;
      case 'smallTalk':
        await context.sendActivity(step.reply);
        return;
      case 'answer':
        if (ticket) await this.answerWhileQueued(context, step.articleId, ticket, m);
        else await this.answerArticle(context, step.articleId, data, m, { offerFlow: !step.besideFlow });
        return;
      case 'startFlow':
        await dc.beginDialog(FLOW_DIALOG_ID, { flowId: step.flowId });
        return;
      case 'didYouMean':
        await this.send(context, renderDidYouMean(step.titles, m));
        return;
      case 'noAnswer':
        await this.send(context, renderNoAnswer(step.offerHuman, m));
        return;
    }
  }

  private async send(context: TurnContext, reply: Reply): Promise<void> {
    await context.sendActivity(toActivity(reply));
  }

  /** The article, its related articles and 👍/👎 as buttons, and its flow offered when it has one. */
  private async answerArticle(context: TurnContext, id: string, data: ConversationData, m: Messages, { offerFlow = true } = {}): Promise<void> {
    const { snapshot } = this.deps.knowledge.current();
    const article = snapshot.byId.get(id);
    if (!article) return;
    data.lastArticleId = article.id;
    data.articlesShown = [...data.articlesShown, article.id].slice(-20);
    // Beside a walkthrough that waits, the only walkthrough offered is going back to it.
    const flow = article.flow && offerFlow ? this.deps.flows.current().byId.get(article.flow) : undefined;
    const related = article.related.flatMap((r) => snapshot.byId.get(r)?.title ?? []);
    await this.send(context, renderAnswer(article, { ...(flow ? { flowTitle: flow.title } : {}), related }, m));
  }

  /**
   * An answer to a user who waits for a person: the article alone (votes and related articles
   * would be read by the agent as the user's words) and a note that they are still in the queue;
   * the agent sees it live, as the bot's.
   */
  private async answerWhileQueued(context: TurnContext, id: string, ticket: StoredTicket, m: Messages): Promise<void> {
    const article = this.deps.knowledge.current().snapshot.byId.get(id);
    if (!article) return;
    const text = `${articleText(article)}\n\n${m.handoff.answeredWhileQueued}`;
    await this.send(context, { text });
    this.deps.handoff.botMessage(ticket, { text, timestamp: this.now().toISOString() });
  }

  /** The greeting and the menu, once per conversation and language. */
  private async greet(context: TurnContext): Promise<void> {
    const data = await this.data.get(context, { misses: 0, articlesShown: [] });
    const locale = pickLocale(context.activity.locale);
    if (data.greetedIn === locale) return;
    data.greetedIn = locale;
    const m = this.messagesFor(context);
    await this.send(context, renderMenu(m.greeting, m));
  }

  /**
   * Hands the conversation to a person: opens a ticket with the whole (redacted) transcript and
   * what the bot learned, tells the user their place in the queue (or when people are back), and
   * emits the Bot Framework `handoff.initiate` event carrying the transcript.
   */
  private async handOver(
    context: TurnContext,
    request: {
      reason: string;
      priority: 'normal' | 'high';
      vars: Record<string, FlowValue>;
      flowId?: string;
      /** Said first, in its own message, whatever the hour: what to do right now. */
      advice?: string;
      /** Leads the queue message in service hours (a flow's "我帮您转人工客服核对"). */
      intro?: string;
    },
  ): Promise<void> {
    const m = this.messagesFor(context);
    const data = await this.data.get(context, { misses: 0, articlesShown: [] });
    data.misses = 0;
    // Advice (what to do about a stolen card right now) comes first, whatever the hour.
    if (request.advice) await context.sendActivity(request.advice);
    const { conversation, channelId, from } = context.activity;
    const flow = request.flowId ? this.deps.flows.current().byId.get(request.flowId) : undefined;
    // Agents read Chinese, whatever the user's language.
    const zh = this.deps.messages['zh-CN'];
    const answers = flow ? describeAnswers(flow, request.vars, { yes: zh.yes, no: zh.no }) : undefined;
    const entries = await this.deps.transcript.list(conversationOf(context), { limit: 500 });
    const profile = await this.profile.get(context);
    const transcript: TranscriptLine[] = entries
      .filter((e) => e.type === 'message' && e.text)
      .map((e) => ({ from: (e.fromRole ?? 'user') as TranscriptLine['from'], text: e.text ?? '', timestamp: e.timestamp }));
    this.deps.metrics?.handover(request.reason);
    const queued = await this.deps.handoff.request({
      conversationId: conversation.id,
      channel: channelId,
      userId: from?.id,
      userName: from?.name && from.name !== from.id ? from.name : undefined,
      locale: pickLocale(context.activity.locale),
      address: TurnContext.getConversationReference(context.activity),
      reason: request.reason,
      priority: request.priority,
      context: {
        vars: request.vars,
        flowId: request.flowId,
        ...(flow ? { flowTitle: flow.title, answers } : {}),
        articlesShown: data.articlesShown,
        transcript,
        ...(profile?.page ? { visitor: { page: profile.page } } : {}),
      },
    });
    // One message for the hand-over: in hours, the place in the queue (after a flow's own intro);
    // after hours, only when people are back (a "please wait" then would contradict it).
    const intro = queued.created && !queued.ticket.afterHours && request.intro ? request.intro : '';
    await this.send(context, { text: `${intro}${queued.text}`, actions: [m.handoff.commands.cancel[0]!] });
    if (!queued.created) return;
    // The event, with the whole transcript, is for Bot Framework channels that route hand-overs
    // (Omnichannel, a Teams app): kefu's own widget and WeChat have no use for it, and the user's
    // page need not hold the transcript twice.
    if (OWN_CLIENT_CHANNELS.has(context.activity.channelId)) return;
    const activities = entries.map(
      (e): Partial<Activity> => ({ type: ActivityTypes.Message, text: e.text ?? '', timestamp: new Date(e.timestamp), from: { id: e.fromId ?? '', name: '', role: e.fromRole ?? 'user' } }),
    );
    const event = EventFactory.createHandoffInitiation(
      context,
      {
        ticketId: queued.ticket.id,
        reason: request.reason,
        priority: request.priority,
        flowId: request.flowId,
        ...(flow ? { flow: flow.title, answers } : {}),
        vars: request.vars,
        articlesShown: data.articlesShown,
      },
      { activities: activities as Activity[] },
    );
    await context.sendActivity(event);
  }
}
