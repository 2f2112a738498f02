import type { Locale } from '../../conversation/index.js';

/** What the terminal chat itself says, around the bot's replies. */
export interface ConsoleWording {
  /** Before each of the bot's messages. Four columns wide, as the indent under it assumes. */
  readonly label: string;
  /** The commands, printed at start, on /help and after a mistyped command. */
  readonly usage: string;
  /** At start when the conversation has history: its state (a walkthrough, offered options) carries on. */
  readonly resumed: string;
  /** After /new. */
  readonly started: string;
  /** A line starting with a slash that names no command; `{command}` is what was typed. */
  readonly unknownCommand: string;
}

/**
 * The terminal chat's own words (the bot's are in `locales/`): a tool for editors, shown in the
 * language chosen with `--en`.
 */
export const consoleWording: Readonly<Record<Locale, ConsoleWording>> = {
  'zh-CN': {
    label: '客服',
    usage: '命令：/new 开始新对话，/help 查看命令，/quit 退出（也可按 Ctrl-D）。有选项时回复序号即可选择。',
    resumed: '继续上次的对话（输入 /new 开始新对话）',
    started: '已开始新对话。',
    unknownCommand: '没有 {command} 这个命令。',
  },
  en: {
    label: 'kefu',
    usage: 'Commands: /new starts a new conversation, /help shows the commands, /quit leaves (so does Ctrl-D). Reply with a number to pick an option.',
    resumed: 'Continuing the last conversation (type /new to start a new one)',
    started: 'New conversation started.',
    unknownCommand: 'There is no command {command}.',
  },
};
