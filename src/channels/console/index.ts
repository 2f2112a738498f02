export { ConsoleAdapter, consoleChannelId, type ConsoleActivity } from './ConsoleAdapter.js';
export { consoleConversationId, hasUserMessages, lastBotReply, latestConsoleConversation, type ConsoleTranscriptEntry } from './consoleConversation.js';
export { consoleWording, type ConsoleWording } from './consoleWording.js';
export { formatForTerminal, formatReply, replyOf } from './formatForTerminal.js';
export { parseConsoleLine, type ConsoleCommand, type ConsoleLine } from './parseConsoleLine.js';
