/**
 * `npm run chat [-- --user alice] [-- --en]`: talk to the bot in a terminal, with the same turn
 * code and the same stored state as the server (so editors can try flows before publishing).
 *
 * Replies are printed as plain text, their options numbered: typing the number picks one, as on
 * any text-only channel. The conversation is kept in DATA_DIR, and the next start carries on the
 * user's last one (saying so, and showing the bot's last message) unless it never got past the
 * greeting. Commands, also listed at start and by /help:
 *   /new    a fresh conversation (the old one stays in the transcript)
 *   /quit   leave; so do /exit, Ctrl-D and Ctrl-C
 *   /help   the commands
 */
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
import { createRuntime, localesDir } from '../createRuntime.js';
import { createLogger } from '../log/index.js';
import { createTranscriptStore } from '../storage/index.js';

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

let values;
try {
  ({ values } = parseArgs({ options: { user: { type: 'string', default: 'editor' }, en: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${help}`);
  process.exit(2);
}
if (values.help) {
  console.log(help);
  process.exit(0);
}
const user = values.user;
const locale: Locale = values.en ? 'en' : 'zh-CN';
const wording = consoleWording[locale];

const config = loadConfig();
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const runtime = await createRuntime(config, logger);
const messages = (await loadMessages(localesDir))[locale];
const transcript = createTranscriptStore(runtime.database.db);

const print = (text: string | undefined) => {
  if (text !== undefined) console.log(text);
};
const show = (activity: ConsoleActivity) => print(formatForTerminal(activity, { label: wording.label, messages }));

// The user's most recent conversation (their first when there is none): carried on if they said
// anything in it, greeted otherwise.
let conversationId = latestConsoleConversation(await transcript.listConversations(), user) ?? consoleConversationId(user);
const history = await transcript.list({ channel: consoleChannelId, conversationId });
const adapterFor = (id: string) => new ConsoleAdapter({ conversationId: id, userId: user, locale: values.en ? 'en-US' : 'zh-CN' }, show, runtime.bot.middleware);
let adapter = adapterFor(conversationId);
const run = (fields: ConsoleActivity) => adapter.receive(fields, (context) => runtime.bot.bot.run(context));
const join = () => run({ type: 'conversationUpdate', membersAdded: [{ id: user, name: user }] });

print(wording.usage);
if (hasUserMessages(history)) {
  print(`\n${wording.resumed}`);
  const last = lastBotReply(history);
  if (last) print(formatReply(last, { label: wording.label, messages }));
} else {
  await join();
}

const interactive = process.stdin.isTTY === true;
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
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
await runtime.close();
