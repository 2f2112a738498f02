/**
 * `npm run chat [-- --user alice] [-- --en]`: talk to the bot in a terminal, with the same turn
 * code and the same stored state as the server (so editors can try flows before publishing).
 * Lines starting with a slash: /quit, /new (a fresh conversation).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConsoleAdapter, type ConsoleActivity } from '../channels/console/ConsoleAdapter.js';
import { loadConfig } from '../config/index.js';
import { createRuntime } from '../createRuntime.js';
import { createLogger } from '../log/index.js';

const { values } = parseArgs({ options: { user: { type: 'string', default: 'editor' }, en: { type: 'boolean', default: false } } });
const config = loadConfig();
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const runtime = await createRuntime(config, logger);

const show = (activity: ConsoleActivity) => {
  if (activity.type === 'event') {
    console.log(`  [event ${activity.name}]`);
    return;
  }
  if (activity.text) console.log(`\n客服: ${activity.text.replace(/\n/g, '\n      ')}`);
  const actions = activity.suggestedActions?.actions.map((a, i) => `${i + 1}) ${a.title ?? a.value}`);
  if (actions?.length) console.log(`      [${actions.join('  ')}]`);
};
let conversationId = `console-${values.user}`;
const adapter = () => new ConsoleAdapter({ conversationId, userId: values.user!, locale: values.en ? 'en-US' : 'zh-CN' }, show, runtime.bot.middleware);
const run = (fields: ConsoleActivity) => adapter().receive(fields, (context) => runtime.bot.bot.run(context));

await run({ type: 'conversationUpdate', membersAdded: [{ id: values.user!, name: values.user! }] });
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
for await (const line of rl) {
  const text = line.trim();
  if (text === '/quit') break;
  if (text === '/new') {
    conversationId = `console-${values.user}-${Date.now()}`;
    await run({ type: 'conversationUpdate', membersAdded: [{ id: values.user!, name: values.user! }] });
    continue;
  }
  if (text) await run({ text });
}
rl.close();
await runtime.close();
