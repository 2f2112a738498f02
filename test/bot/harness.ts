import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { ConsoleAdapter } from '../../src/channels/console/ConsoleAdapter.js';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime, type Runtime } from '../../src/app/createRuntime.js';
import { capturedLogger } from '../support/capturedLogger.js';
import { clockAt, IN_SERVICE_HOURS } from '../support/clocks.js';
import { databaseEnv, dropDatabase } from '../support/testDatabase.js';
import { sharedKnowledge } from '../support/sharedKnowledge.js';

const root = new URL('../..', import.meta.url).pathname;

/** What the bot sent in one turn, simplified for assertions. */
export interface Reply {
  readonly type: string;
  readonly text: string;
  readonly actions: readonly string[];
  readonly name?: string;
  readonly value?: unknown;
  readonly attachments: readonly unknown[];
}

export interface TestBot {
  readonly runtime: Runtime;
  readonly dataDir: string;
  /** Everything the logger wrote, as JSON lines. */
  readonly logs: string[];
  /** Sends a message (or a conversation update) and returns the bot's replies to it. */
  say(text: string, options?: TurnOptions): Promise<Reply[]>;
  join(options?: TurnOptions): Promise<Reply[]>;
  /** Sends any activity (an event, say) as the user and returns the bot's replies to it. */
  send(fields: Partial<Activity>, options?: TurnOptions): Promise<Reply[]>;
  /** Closes the database and knowledge; with `keepData`, the data folder stays for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Where a turn happens. */
export interface TurnOptions {
  /** Default `test-conversation`. */
  readonly conversationId?: string;
  /** Default zh-CN. */
  readonly locale?: string;
  /**
   * The channel the activity says it came from. Default `console`, the console adapter's own;
   * another one stands for a user of a second channel who chose the same conversation id.
   */
  readonly channelId?: string;
}

export interface TestBotOptions {
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  /**
   * The runtime's clock. Default: a weekday at 15:00 Beijing time, inside the default service
   * hours (09:00-21:00), so no transcript depends on the hour the suite runs at.
   */
  readonly now?: () => Date;
}

/**
 * The real bot as `main.ts` builds it (same runtime, SQLite file, middleware), driven through
 * the console adapter, so a test reads as a transcript: the user says X, the bot answers Y.
 */
export async function startTestBot({ dataDir, env = {}, now = clockAt(IN_SERVICE_HOURS) }: TestBotOptions = {}): Promise<TestBot> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'kefu-bot-')));
  const config = loadConfig({ DATA_DIR: dir, KNOWLEDGE_WATCH: 'false', ...(await databaseEnv(dir)), ...env }, root);
  const { logger, logs } = capturedLogger();
  const knowledge = await sharedKnowledge(env);
  const runtime = await createRuntime(config, logger, { watch: false, now, passwordCost: TEST_PASSWORD_COST, ...(knowledge ? { knowledge } : {}) });
  const turn = async (fields: Partial<Activity>, { conversationId = 'test-conversation', locale = 'zh-CN', channelId }: TurnOptions = {}) => {
    const replies: Reply[] = [];
    const adapter = new ConsoleAdapter(
      { conversationId, userId: 'merchant-1', locale },
      (a) =>
        replies.push({
          type: a.type ?? 'message',
          text: a.text ?? '',
          actions: a.suggestedActions?.actions.map((x) => String(x.title ?? x.value)) ?? [],
          name: a.name,
          value: a.value,
          attachments: a.attachments ?? [],
        }),
      runtime.bot.middleware,
    );
    await adapter.receive({ timestamp: now(), ...(channelId && { channelId }), ...fields }, (context) => runtime.bot.bot.run(context));
    return replies;
  };
  return {
    runtime,
    dataDir: dir,
    logs,
    say: (text, options) => turn({ text }, options),
    join: (options) => turn({ type: 'conversationUpdate', membersAdded: [{ id: 'merchant-1', name: 'merchant-1' }] }, options),
    send: turn,
    async close({ keepData = false } = {}) {
      await runtime.close();
      if (keepData) return;
      await rm(dir, { recursive: true, force: true });
      await dropDatabase(dir);
    },
  };
}
