import type { Reply } from '../../conversation/index.js';
import { consoleChannelId } from './ConsoleAdapter.js';

/**
 * The id of a user's conversation in the terminal: `console-<user>` for the first, with the time
 * it began for those started with /new (`console-<user>-<ms>`).
 */
export function consoleConversationId(user: string, startedAt?: Date): string {
  return startedAt ? `console-${user}-${startedAt.getTime()}` : `console-${user}`;
}

/**
 * The user's conversation to carry on: the most recently active of theirs on the console, given
 * conversations most recent first (as the transcript lists them); undefined when there is none.
 */
export function latestConsoleConversation(conversations: readonly { channel: string; conversationId: string }[], user: string): string | undefined {
  const first = consoleConversationId(user);
  return conversations.find(({ channel, conversationId: id }) => channel === consoleChannelId && (id === first || new RegExp(`^${escape(first)}-\\d+$`).test(id)))?.conversationId;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A conversation's transcript entries, as far as resuming it needs them. */
export interface ConsoleTranscriptEntry {
  readonly direction: 'in' | 'out';
  readonly type: string;
  readonly text: string | null;
  readonly payload: unknown;
}

/** Whether the user said anything yet: a greeting alone is no conversation to carry on. */
export function hasUserMessages(entries: readonly ConsoleTranscriptEntry[]): boolean {
  return entries.some((entry) => entry.direction === 'in' && entry.type === 'message');
}

/** The bot's last message, with its options, to show again when a conversation is resumed. */
export function lastBotReply(entries: readonly ConsoleTranscriptEntry[]): Reply | undefined {
  const entry = entries.findLast((e) => e.direction === 'out' && e.type === 'message' && (e.text || suggestedActions(e.payload).length > 0));
  return entry && { text: entry.text ?? '', actions: suggestedActions(entry.payload) };
}

// The transcript keeps the titles of a message's suggested actions in its payload.
function suggestedActions(payload: unknown): string[] {
  const actions = (payload as { suggestedActions?: unknown } | null)?.suggestedActions;
  return Array.isArray(actions) ? actions.filter((a): a is string => typeof a === 'string') : [];
}
