/**
 * Wiring shared by the two composition roots, the server (`main.ts`) and the terminal chat
 * (`cli/chat.ts`): database -> stores -> knowledge and flows -> messages -> bot.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBot, loadMessages, type BotRuntime } from './bot/index.js';
import type { Config } from './config/index.js';
import type { Logger } from './log/index.js';
import { createLiveKnowledge, type LiveKnowledge } from './search/index.js';
import { createFeedbackStore, createHandoffRequestStore, createStateStore, createTranscriptStore, openDatabase, type KefuDatabase } from './storage/index.js';

export interface Runtime {
  readonly database: KefuDatabase;
  readonly knowledge: LiveKnowledge;
  readonly bot: BotRuntime;
  close(): Promise<void>;
}

/** Locale files ship with kefu, beside src/ and dist/. */
export const localesDir = fileURLToPath(new URL('../locales', import.meta.url));

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
  return {
    database,
    knowledge,
    bot,
    async close() {
      await knowledge.close();
      await database.close();
    },
  };
}
