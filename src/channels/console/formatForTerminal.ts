import type { Activity } from 'botbuilder';
import { renderAsText, type Messages, type Reply } from '../../conversation/index.js';

// Under a four-column label and ": ", so that a message's lines start in one column.
const INDENT = ' '.repeat(6);

/** What an activity the bot sent is as a reply: its text and its suggested actions' titles. */
export function replyOf(activity: Partial<Activity>): Reply {
  const actions = activity.suggestedActions?.actions.map((action) => action.title || String(action.value)) ?? [];
  return { text: activity.text ?? '', actions };
}

/**
 * An activity from the bot as terminal lines: a message as plain text under `label`, its options
 * numbered (typing the number picks one), an event as its name. Undefined for what shows nothing
 * (typing indicators, empty messages).
 */
export function formatForTerminal(activity: Partial<Activity>, { label, messages }: { label: string; messages: Pick<Messages, 'numberedOptions'> }): string | undefined {
  if (activity.type === 'event') return `  [event ${activity.name}]`;
  if (activity.type !== undefined && activity.type !== 'message') return undefined;
  return formatReply(replyOf(activity), { label, messages });
}

/** A reply as terminal lines (see `formatForTerminal`); undefined when it has nothing to show. */
export function formatReply(reply: Reply, { label, messages }: { label: string; messages: Pick<Messages, 'numberedOptions'> }): string | undefined {
  const text = renderAsText(reply, messages);
  if (!text) return undefined;
  return `\n${label}: ${text.split('\n').map((line, i) => (i === 0 || !line ? line : INDENT + line)).join('\n')}`;
}
