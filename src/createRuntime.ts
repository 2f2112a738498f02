/**
 * Wiring shared by the two composition roots, the server (`main.ts`) and the terminal chat
 * (`cli/chat.ts`): database -> stores -> knowledge and flows -> messages -> bot.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBot, loadMessages, type BotRuntime } from './bot/index.js';
import { createDirectLineChannel, createDirectLineHub, createTokenService } from './channels/directline/index.js';
import type { Config } from './config/index.js';
import type { Logger } from './log/index.js';
import { createLiveKnowledge, type LiveKnowledge } from './search/index.js';
import {
  createDirectLineStore,
  createFeedbackStore,
  createHandoffRequestStore,
  createStateStore,
  createTranscriptStore,
  openDatabase,
  type KefuDatabase,
} from './storage/index.js';

export interface Runtime {
  readonly database: KefuDatabase;
  readonly knowledge: LiveKnowledge;
  readonly bot: BotRuntime;
  readonly directLine: ReturnType<typeof createDirectLineChannel>;
  close(): Promise<void>;
}

/** Locale files ship with kefu, beside src/ and dist/. */
export const localesDir = fileURLToPath(new URL('../locales', import.meta.url));
/** The built widget and demo page (`npm run build:web`). */
export const webDistDir = fileURLToPath(new URL('../web/dist', import.meta.url));

export async function createRuntime(config: Config, logger: Logger, { watch = config.knowledgeWatch } = {}): Promise<Runtime> {
  await mkdir(config.dataDir, { recursive: true });
  const database = await openDatabase({ file: path.join(config.dataDir, 'kefu.sqlite') });
  const knowledge = await createLiveKnowledge({ dir: config.knowledgeDir, flowsDir: config.flowsDir, logger });
  if (watch) await knowledge.watch();
  const bot = createBot({
    stores: {
      state: createStateStore(database.db),
      transcript: createTranscriptStore(database.db),
      feedback: createFeedbackStore(database.db),
      handoffRequests: createHandoffRequestStore(database.db),
    },
    knowledge,
    messages: await loadMessages(localesDir),
  });
  const hub = createDirectLineHub({
    store: createDirectLineStore(database.db),
    middleware: bot.middleware,
    run: (context) => bot.bot.run(context),
    onTurnError: async (error, context) => {
      logger.error({ err: error, conversation: context.activity.conversation?.id }, 'bot turn failed (Direct Line)');
      await context.sendActivity('抱歉，系统出了点问题，请稍后再试或回复“转人工”。').catch(() => undefined);
    },
  });
  const directLine = createDirectLineChannel({
    hub,
    tokens: createTokenService({ key: await signingKey(config) }),
    secret: config.directLineSecret,
    allowedOrigins: config.webchatAllowedOrigins,
  });
  return {
    database,
    knowledge,
    bot,
    directLine,
    async close() {
      directLine.close();
      await knowledge.close();
      await database.close();
    },
  };
}

/** The Direct Line secret signs tokens; without one, a random key kept in DATA_DIR does, so tokens survive restarts. */
async function signingKey(config: Config): Promise<Buffer> {
  if (config.directLineSecret) return Buffer.from(config.directLineSecret);
  const file = path.join(config.dataDir, 'directline.key');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return Buffer.from(existing.trim(), 'hex');
  const key = randomBytes(32);
  await writeFile(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
