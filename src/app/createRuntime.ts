/**
 * Wiring shared by the two composition roots, the server (`main.ts`) and the terminal chat
 * (`cli/chat.ts`): database -> stores -> knowledge and flows -> messages -> bot.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createBot, loadMessages, pickLocale, turnFailedApology, type BotRuntime } from '../bot/index.js';
import { createMetrics, type Metrics } from '../metrics/index.js';
import { memoryCoordination, openPostgresCoordination, type Coordination } from '../coordination/index.js';
import { createTurnExplainer, type Locale, type Messages, type TurnExplanation } from '../conversation/index.js';
import { createBotFrameworkChannel } from '../channels/botframework/createBotFrameworkChannel.js';
import { createCarryStore } from '../channels/createCarryStore.js';
import { createUserDelivery } from '../channels/createUserDelivery.js';
import { createDirectLineChannel, createDirectLineHub, createTokenService, signingKey } from '../channels/directline/index.js';
import { createWechatApi, createWechatChannel, createWechatCrypto, menuKeyText, WECHAT_CHANNEL_ID, type WechatChannel } from '../channels/wechat/index.js';
import type { Config } from '../config/index.js';
import { createReports, serviceDay, type Reports } from '../reports/index.js';
import { createKnowledgeEditor, createMissInbox, type KnowledgeEditor, type MissInbox } from '../workspace/index.js';
import { createAgentDirectory, createHandoffDesk, createTicketNotes, parseServiceHours, startExpirySweeper, type AgentDirectory, type HandoffDesk, type TicketNotes } from '../handoff/index.js';
import type { Logger } from '../log/index.js';
import type { RedactionCarry } from '../privacy/index.js';
import { createLiveKnowledge, type LiveKnowledge } from '../content/index.js';
import {
  configuredDatabase,
  createDirectLineStore,
  createAgentSessionStore,
  createAgentStore,
  createFeedbackStore,
  createStateStore,
  createTicketStore,
  createTranscriptStore,
  createWechatStore,
  createMediaStore,
  createMissStore,
  createDailyCountStore,
  createReportStore,
  createTicketNoteStore,
  createKnowledgeEditStore,
  createRedactionCarryStore,
  type MediaStore,
  lockDataDir,
  openDatabase,
  type KefuDatabase,
} from '../storage/index.js';

export interface Runtime {
  readonly database: KefuDatabase;
  /** What `/metrics` reports (turns, hand-overs, queue, connections, the database pool). */
  readonly metrics: Metrics;
  readonly knowledge: LiveKnowledge;
  readonly bot: BotRuntime;
  readonly directLine: ReturnType<typeof createDirectLineChannel>;
  readonly botFramework: ReturnType<typeof createBotFrameworkChannel>;
  /** The WeChat Official Account channel, when WECHAT_TOKEN and WECHAT_APP_ID are set. */
  readonly wechat?: WechatChannel;
  /** What the instances share (events, locks, rate limits); this process's own with SQLite. */
  readonly coordination: Coordination;
  /** The handoff queue and the agents who work it. */
  readonly desk: HandoffDesk;
  readonly agents: AgentDirectory;
  /** Images users and agents send. */
  readonly media: MediaStore;
  /** The bot's words, by locale. */
  readonly messages: Readonly<Record<Locale, Messages>>;
  /** What the bot would do with a message as a conversation's first, and why (editors' "try a question"). */
  readonly explainTurn: (text: string, m: Messages) => TurnExplanation;
  /** The editors' workspace: changes to the knowledge files, and the inbox of what the bot missed. */
  readonly knowledgeEditor: KnowledgeEditor;
  readonly missInbox: MissInbox;
  /** Agents' private notes and tags on tickets, and the search over past tickets. */
  readonly notes: TicketNotes;
  /** Supervisors' reports and editors' article and flow figures. */
  readonly reports: Reports;
  /** Today, as a day of the service time zone (YYYY-MM-DD), by the runtime's clock. */
  today(): string;
  close(): Promise<void>;
}

/** Locale files ship with kefu, beside src/ and dist/. */
export const localesDir = fileURLToPath(new URL('../../locales', import.meta.url));
/** The built widget and demo page (`npm run build:web`). */
export const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface RuntimeOptions {
  /** Watch knowledge/ and flows/ for changes. Default: the config's KNOWLEDGE_WATCH. */
  readonly watch?: boolean;
  /**
   * The clock of the bot, the desk, the agent directory and Direct Line: service hours, ticket
   * expiry, sessions and timestamps read it. Tests pass their own so that no result depends on
   * the hour at which they run.
   */
  readonly now?: () => Date;
  /** scrypt's cost for agents' passwords. Default production's; tests pass a lower one. */
  readonly passwordCost?: number;
  /** Told the text of every SQL statement run (the load benchmark counts them per turn). */
  readonly onQuery?: (sql: string, durationMs: number) => void;
  /**
   * Knowledge already loaded from the config's folders, shared with other runtimes of this
   * process (tests build the index once per file, not once per test). The runtime neither
   * watches nor closes it. Default: loaded here.
   */
  readonly knowledge?: LiveKnowledge;
  /**
   * What this instance shares with others (events, locks, rate limits). Default: PostgreSQL's
   * when DATABASE_URL is set, else this process's own. Tests pass instances joined in memory.
   * The runtime closes it.
   */
  readonly coordination?: Coordination;
}

export async function createRuntime(config: Config, logger: Logger, { watch = config.knowledgeWatch, now = () => new Date(), passwordCost, onQuery, knowledge: shared, coordination: given }: RuntimeOptions = {}): Promise<Runtime> {
  // DATA_DIR holds the token key either way; only a SQLite file in it must be this process's alone.
  await mkdir(config.dataDir, { recursive: true });
  const lock = config.databaseUrl === undefined ? await lockDataDir(config.dataDir) : undefined;
  const database = await openDatabase({
    ...configuredDatabase(config),
    ...(config.databaseUrl === undefined ? {} : { onIdleError: (error: Error) => logger.warn({ err: error }, 'database: an idle connection failed') }),
    ...(onQuery ? { onQuery } : {}),
  }).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  // Several instances share one PostgreSQL: their events, turn locks and rate limits go through it.
  const coordination: Coordination =
    given ??
    (config.databaseUrl !== undefined && database.schema !== undefined
      ? await openPostgresCoordination({ url: config.databaseUrl, schema: database.schema, onProblem: (error, what) => logger.warn({ err: error }, what) }).catch(async (error: unknown) => {
          await database.close();
          throw error;
        })
      : memoryCoordination());
  const knowledge = shared ?? (await createLiveKnowledge({ dir: config.knowledgeDir, flowsDir: config.flowsDir, logger }));
  if (watch && !shared) await knowledge.watch();
  const messages = await loadMessages(localesDir);
  const transcript = createTranscriptStore(database.db);
  const media = createMediaStore(database.db);
  const misses = createMissStore(database.db);
  const counts = createDailyCountStore(database.db);
  const agents = createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db), sessionHours: config.agentSessionHours, now, ...(passwordCost ? { passwordCost } : {}) });
  // The desk reaches users through the channels, which need the bot, which needs the desk: the
  // delivery is bound once the channels exist.
  let deliver: ReturnType<typeof createUserDelivery> | undefined;
  const desk = createHandoffDesk({
    tickets: createTicketStore(database.db),
    transcript,
    agents,
    media,
    delivery: {
      deliver: (ticket, notice, keep) => {
        if (!deliver) throw new Error('handoff delivery used before the channels were created');
        return deliver.deliver(ticket, notice, keep);
      },
      keepsLog: (ticket) => deliver?.keepsLog?.(ticket) === true,
    },
    wording: (locale) => messages[pickLocale(locale)].handoff,
    serviceHours: parseServiceHours(config.serviceHours, config.serviceTimeZone),
    expireAfterHours: config.ticketExpireHours,
    now,
    buses: coordination.buses,
    onProblem: ({ code, ticketId, error }) => logger.warn({ code, ticketId, err: error }, 'handoff: a notice could not reach the user'),
  });
  // One memory of what redaction carries between a user's messages, for the bot's middleware and
  // for Direct Line, which redacts before it stores.
  const carries = database.dialect === 'postgres' ? createRedactionCarryStore<RedactionCarry>(database.db) : createCarryStore();
  const metrics = createMetrics();
  const bot = createBot({
    metrics,
    carries,
    stores: { state: createStateStore(database.db), transcript, feedback: createFeedbackStore(database.db), misses, counts },
    serviceTimeZone: config.serviceTimeZone,
    knowledge,
    messages,
    handoff: desk,
    now,
    lock: coordination.lock,
  });
  const apologize = turnFailedApology(messages);
  const hub = createDirectLineHub({
    store: createDirectLineStore(database.db),
    now,
    carries,
    buses: coordination.buses,
    middleware: bot.middleware,
    run: (context) => bot.bot.run(context),
    onTurnError: async (error, context) => {
      logger.error({ err: error, conversation: context.activity.conversation?.id }, 'bot turn failed (Direct Line)');
      await apologize(context);
    },
  });
  const directLine = createDirectLineChannel({
    hub,
    tokens: createTokenService({ key: await signingKey(config) }),
    secret: config.directLineSecret,
    allowedOrigins: config.webchatAllowedOrigins,
    rateLimitStore: coordination.rateLimitStore,
    tokenRateLimit: config.tokenRateLimit,
    onProblem: (error) => logger.error({ err: error }, 'Direct Line stream failed'),
    now,
    images: {
      store: media,
      withPerson: async (conversationId) => (await desk.activeFor({ channel: 'directline', conversationId })) !== undefined,
      wording: (locale) => {
        const { imageForPerson, imageNotUnderstood } = messages[pickLocale(locale)].wechat;
        return { forPerson: imageForPerson, notUnderstood: imageNotUnderstood };
      },
    },
  });
  const botFramework = createBotFrameworkChannel({
    appId: config.microsoftAppId,
    appPassword: config.microsoftAppPassword,
    appTenantId: config.microsoftAppTenantId,
    middleware: bot.middleware,
    run: (context) => bot.bot.run(context),
    allowUnauthenticated: config.botFrameworkAllowUnauthenticated,
    serviceUrls: config.botFrameworkServiceUrls,
    reservedChannels: ['directline'],
    onError: async (error, context) => {
      logger.error({ err: error, conversation: context.activity.conversation?.id }, 'bot turn failed');
      await apologize(context);
    },
  });
  const wechat = config.wechat && createWechatChannel({
    token: config.wechat.token,
    ...(config.wechat.aesKey
      ? { crypto: createWechatCrypto({ token: config.wechat.token, appId: config.wechat.appId, aesKey: config.wechat.aesKey, ...(config.wechat.aesKeyPrevious ? { previousAesKey: config.wechat.aesKeyPrevious } : {}) }) }
      : {}),
    api: createWechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, baseUrl: config.wechat.apiBase, now: () => now().getTime(), onFailure: (code) => metrics.wechatApiError(code) }),
    store: createWechatStore(database.db),
    media,
    middleware: bot.middleware,
    run: (context) => bot.bot.run(context),
    messages: messages['zh-CN'],
    withPerson: async (openId) => (await desk.activeFor({ channel: WECHAT_CHANNEL_ID, conversationId: openId })) !== undefined,
    // A menu tap is read against the content serving now, as the menu file names it.
    menu: (eventKey) =>
      menuKeyText(eventKey, {
        articleTitle: (id) => knowledge.current().snapshot.byId.get(id)?.title,
        flowTitle: (id) => knowledge.current().flows.byId.get(id)?.title,
        startFlowAction: messages['zh-CN'].startFlowAction,
      }),
    now,
    onProblem: (error, what) => logger.error({ err: error }, what),
    onRefused: (reason) => logger.warn({ reason }, 'WeChat request refused'),
    onUndelivered: (openId, text, reason) => {
      desk.undelivered({ channel: WECHAT_CHANNEL_ID, conversationId: openId }, text, reason).catch((error: unknown) => logger.error({ err: error }, 'WeChat: telling agents of an undelivered message failed'));
    },
  });
  wechat?.outbox.start();
  deliver = createUserDelivery({
    directLine: hub,
    ...(wechat ? { wechat: { channelId: WECHAT_CHANNEL_ID, deliver: wechat.deliver } } : {}),
    botFramework: { adapter: botFramework.adapter, appId: config.microsoftAppId },
  });
  // One log line per state change (the desk also publishes a ticket when its user writes), by the
  // instance that made it.
  const loggedState = new Map<number, string>();
  // A ticket another instance ended is forgotten here too.
  desk.on('ticket', (ticket) => {
    if (ticket.state !== 'waiting' && ticket.state !== 'assigned') loggedState.delete(ticket.id);
  });
  desk.on('changed', (ticket) => {
    const state = `${ticket.state}/${ticket.agent?.id ?? ''}/${ticket.rating ?? ''}`;
    if (loggedState.get(ticket.id) === state) return;
    if (ticket.state === 'waiting' || ticket.state === 'assigned') loggedState.set(ticket.id, state);
    else loggedState.delete(ticket.id);
    logger.info({ ticketId: ticket.id, state: ticket.state, outcome: ticket.outcome, priority: ticket.priority, channel: ticket.channel, agentId: ticket.agent?.id, rating: ticket.rating }, 'handoff ticket');
  });
  const explainTurn = createTurnExplainer({ messages, knowledge });
  const knowledgeEditor = createKnowledgeEditor({ dir: config.knowledgeDir, knowledge, edits: createKnowledgeEditStore(database.db), git: config.knowledgeGit, now });
  if ((await agents.list()).length === 0) logger.warn('no agents yet: add one with `npm run agent -- add <username>` to use the agent console at /agent/');
  let closing: Promise<void> | undefined;
  const stopSweeper = startExpirySweeper(desk, (error) => logger.error({ err: error }, 'handoff: expiring tickets failed'));
  metrics.observe({
    queueLength: async () => (await desk.ids({ states: ['waiting'] })).length,
    databasePool: () => database.pool(),
  });
  return {
    database,
    metrics,
    knowledge,
    bot,
    directLine,
    botFramework,
    ...(wechat ? { wechat } : {}),
    coordination,
    desk,
    agents,
    media,
    messages,
    explainTurn,
    knowledgeEditor,
    missInbox: createMissInbox({ misses, knowledge, editor: knowledgeEditor, explain: explainTurn, messages: messages['zh-CN'], now }),
    notes: createTicketNotes({ store: createTicketNoteStore(database.db), now, buses: coordination.buses }),
    reports: createReports({
      counts,
      tickets: createReportStore(database.db),
      timeZone: config.serviceTimeZone,
      content: () => ({ articles: knowledge.current().snapshot.articles, flows: knowledge.current().flows.flows }),
    }),
    today: () => serviceDay(now(), config.serviceTimeZone),
    close() {
      // Once: a second call (a test's cleanup after the test closed it) waits for the first.
      closing ??= (async () => {
        stopSweeper();
        desk.stop();
        wechat?.close();
        directLine.close();
        await coordination.close();
        if (!shared) await knowledge.close();
        await database.close();
        await lock?.release();
      })();
      return closing;
    },
  };
}

