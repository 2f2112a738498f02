import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import {
  ConsoleAdapter,
  consoleChannelId,
  consoleConversationId,
  consoleWording,
  formatForTerminal,
  formatReply,
  hasUserMessages,
  lastBotReply,
  latestConsoleConversation,
  parseConsoleLine,
  type ConsoleActivity,
} from '../channels/console/index.js';
import { loadConfig } from '../config/index.js';
import { loadMessages, type Locale } from '../conversation/index.js';
import { createRuntime, localesDir, type RuntimeOptions } from '../app/createRuntime.js';
import { createLogger } from '../log/index.js';
import { createTranscriptStore } from '../storage/index.js';
import { writeLine, type CliContext } from './CliContext.js';

const help = `用法：npm run chat [-- --user 名字] [-- --en]
  --user 名字   以这个用户身份对话（默认 editor）；每个用户接着自己上次的对话
  --en          用英文对话
  -h, --help    显示本说明
对话中：/new 开始新对话，/help 查看命令，/quit 退出（也可按 Ctrl-D）；有选项时回复序号即可选择。
对话保存在 DATA_DIR（默认 ./data）；服务器运行时它占用该目录，请另设 DATA_DIR。

usage: npm run chat [-- --user NAME] [-- --en]
  --user NAME   talk as this user (default: editor); each user carries on their last conversation
  --en          talk in English
  -h, --help    show this help
While chatting: /new starts a new conversation, /help lists the commands, /quit leaves (so does
Ctrl-D); reply with a number to pick an option.
The conversation is kept in DATA_DIR (default ./data); a running server holds that directory, so
give the chat another one.`;

export interface ChatCliOptions {
  /** Passed to createRuntime: tests share the repository's knowledge index between runs. Default: none. */
  readonly runtime?: RuntimeOptions;
}

/**
 * `npm run chat -- ...args` (see chat.ts): reads the user's lines from `context.stdin` (prompting
 * only when it is a terminal) until /quit or its end, prints the bot's replies on
 * `context.stdout`, and keeps the conversation in the configuration's DATA_DIR, released before
 * it resolves. Resolves to the exit code: 0, or 2 on bad usage.
 */
export async function runChatCli(args: readonly string[], context: CliContext, { runtime: runtimeOptions }: ChatCliOptions = {}): Promise<number> {
  const { stdin, stdout, stderr } = context;
  const print = (text: string | undefined) => {
    if (text !== undefined) writeLine(stdout, text);
  };

  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: { user: { type: 'string', default: 'editor' }, en: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (error) {
    writeLine(stderr, `${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    print(help);
    return 0;
  }
  const user = values.user;
  const locale: Locale = values.en ? 'en' : 'zh-CN';
  const wording = consoleWording[locale];

  const config = loadConfig(context.env, context.cwd);
  const logger = createLogger({ level: context.env.LOG_LEVEL ?? 'warn', destination: stdout });
  const runtime = await createRuntime(config, logger, runtimeOptions);
  try {
    const messages = (await loadMessages(localesDir))[locale];
    const transcript = createTranscriptStore(runtime.database.db);
    const show = (activity: ConsoleActivity) => print(formatForTerminal(activity, { label: wording.label, messages }));

    // The user's most recent conversation (their first when there is none): carried on if they said
    // anything in it, greeted otherwise.
    let conversationId = latestConsoleConversation(await transcript.listConversations(), user) ?? consoleConversationId(user);
    const history = await transcript.list({ channel: consoleChannelId, conversationId });
    const adapterFor = (id: string) => new ConsoleAdapter({ conversationId: id, userId: user, locale: values.en ? 'en-US' : 'zh-CN' }, show, runtime.bot.middleware);
    let adapter = adapterFor(conversationId);
    const run = (fields: ConsoleActivity) => adapter.receive(fields, (turn) => runtime.bot.bot.run(turn));
    const join = () => run({ type: 'conversationUpdate', membersAdded: [{ id: user, name: user }] });

    print(wording.usage);
    if (hasUserMessages(history)) {
      print(`\n${wording.resumed}`);
      const last = lastBotReply(history);
      if (last) print(formatReply(last, { label: wording.label, messages }));
    } else {
      await join();
    }

    const interactive = stdin.isTTY === true;
    const rl = createInterface({ input: stdin, output: stdout, terminal: interactive });
    // Ctrl-C leaves like /quit, so that the data directory's lock is released.
    rl.on('SIGINT', () => rl.close());
    rl.setPrompt('> ');
    if (interactive) rl.prompt();
    for await (const line of rl) {
      const input = parseConsoleLine(line);
      // Piped input is not echoed by the terminal: echo it, so that the output reads as a transcript.
      if (!interactive && input.kind !== 'empty') print(`> ${line.trim()}`);
      if (input.kind === 'command' && input.command === 'quit') break;
      if (input.kind === 'command' && input.command === 'new') {
        conversationId = consoleConversationId(user, new Date());
        adapter = adapterFor(conversationId);
        print(wording.started);
        await join();
      } else if (input.kind === 'command' && input.command === 'help') {
        print(wording.usage);
      } else if (input.kind === 'unknown-command') {
        print(`${wording.unknownCommand.replace('{command}', input.typed)}\n${wording.usage}`);
      } else if (input.kind === 'message') {
        await run({ text: input.text });
      }
      if (interactive) rl.prompt();
    }
    rl.close();
  } finally {
    await runtime.close();
  }
  return 0;
}
