import type { Activity } from './Activity.js';
import { isMediaPath } from './isMediaPath.js';

/** A message as the widget shows it. */
export interface ChatItem {
  /** Stable for the item's life (the client id of a message sent here, else the activity id). */
  readonly key: string;
  /** The activity id, once the server has it. */
  readonly id?: string;
  /** channelData.clientActivityID of a message sent from this widget. */
  readonly clientId?: string;
  readonly from: 'user' | 'bot';
  readonly text: string;
  /** ISO time. */
  readonly time: string;
  readonly status: 'pending' | 'sent' | 'failed';
  /** Suggested actions' titles. */
  readonly actions: readonly string[];
  /** A message with no text the widget can show (an attachment, a card). */
  readonly unsupported?: boolean;
  /**
   * An image: kefu's path of it (`/media/<id>`, fetched with the conversation's token), or, while
   * the user's own upload is on its way, a `blob:` URL of the file on this page.
   */
  readonly image?: string;
  /** The display name of the support agent who wrote this bot-side message (absent for the bot and system notices). */
  readonly agent?: string;
}

export interface Merged {
  readonly items: readonly ChatItem[];
  /** true: a typing activity came last; false: a bot message ended it; undefined: neither. */
  readonly typing?: boolean;
}

/** How many messages the widget keeps (and stores for a reload). */
export const MAX_ITEMS = 200;

// Opening a link or an app is not something a chat button here can do; these just say something.
const SAYABLE = new Set([undefined, 'imBack', 'postBack', 'messageBack']);

const isUser = (activity: Activity, userId: string | undefined) => activity.from?.role === 'user' || (userId !== undefined && activity.from?.id === userId);

/** Who wrote a message when a person has taken over: channelData.kefu says so, with a name (else from.name). */
function agentOf(activity: Activity): string | undefined {
  const kefu = activity.channelData?.kefu;
  if (kefu?.from !== 'agent') return undefined;
  const name = typeof kefu.agentName === 'string' && kefu.agentName.trim() ? kefu.agentName : activity.from?.name;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** What text-only views read for an image ("[图片]"): the widget shows the image instead. */
const IMAGE_PLACEHOLDER = /^\[(图片|picture)\]$/;

/** The first attachment that is an image kept by kefu. */
function imageOf(activity: Activity): string | undefined {
  for (const attachment of activity.attachments ?? []) {
    const { contentType, contentUrl } = (attachment ?? {}) as { contentType?: unknown; contentUrl?: unknown };
    if (typeof contentType === 'string' && contentType.startsWith('image/') && isMediaPath(contentUrl)) return contentUrl;
  }
  return undefined;
}

function toItem(activity: Activity, from: ChatItem['from'], key: string, now: string): ChatItem | undefined {
  const image = imageOf(activity);
  const said = typeof activity.text === 'string' ? activity.text : '';
  const text = image && IMAGE_PLACEHOLDER.test(said.trim()) ? '' : said;
  const actions = (activity.suggestedActions?.actions ?? []).flatMap((a) => (SAYABLE.has(a.type) && typeof a.title === 'string' && a.title.trim() ? [a.title] : []));
  const unsupported = !image && text.trim() === '' && (activity.attachments?.length ?? 0) > 0;
  if (text.trim() === '' && actions.length === 0 && !unsupported && !image) return undefined;
  const item: ChatItem = { key, from, text, time: activity.timestamp ?? now, status: 'sent', actions, ...(image !== undefined && { image }) };
  const agent = from === 'bot' ? agentOf(activity) : undefined;
  return {
    ...item,
    ...(agent !== undefined && { agent }),
    ...(activity.id !== undefined && { id: activity.id }),
    ...(activity.channelData?.clientActivityID !== undefined && { clientId: activity.channelData.clientActivityID }),
    ...(unsupported && { unsupported }),
  };
}

/**
 * Adds what the server sent to what is shown: each activity once (by id, however often a
 * reconnect replays it), the user's own echo in place of the pending message it confirms
 * (matched by channelData.clientActivityID), events and other non-messages left out.
 */
export function mergeActivities(items: readonly ChatItem[], activities: readonly Activity[], userId: string | undefined, now = new Date().toISOString()): Merged {
  const next = items.slice();
  const seen = new Set(items.flatMap((i) => (i.id === undefined ? [] : [i.id])));
  let typing: boolean | undefined;
  for (const activity of activities) {
    if (activity.id !== undefined && seen.has(activity.id)) continue;
    const mine = isUser(activity, userId);
    if (activity.type === 'typing') {
      if (!mine) typing = true;
      continue;
    }
    if (activity.type !== 'message') continue;
    if (!mine) typing = false;
    const clientId = mine ? activity.channelData?.clientActivityID : undefined;
    const local = clientId === undefined ? -1 : next.findIndex((i) => i.clientId === clientId && i.id === undefined);
    const item = toItem(activity, mine ? 'user' : 'bot', local >= 0 ? next[local]!.key : (activity.id ?? `${activity.timestamp ?? now}#${next.length}`), now);
    if (!item) continue;
    if (activity.id !== undefined) seen.add(activity.id);
    if (local >= 0) next[local] = item;
    else next.push(item);
  }
  return typing === undefined ? { items: next.slice(-MAX_ITEMS) } : { items: next.slice(-MAX_ITEMS), typing };
}

/** Shows a message the user just sent, before the server has it. */
export function addPending(items: readonly ChatItem[], { clientId, text, time, image }: { clientId: string; text: string; time: string; image?: string }): ChatItem[] {
  const item: ChatItem = { key: clientId, clientId, from: 'user', text, time, status: 'pending', actions: [], ...(image !== undefined && { image }) };
  return [...items, item].slice(-MAX_ITEMS);
}

/** The server took the message (its echo may come before or after this, or be missed). */
export function confirmSent(items: readonly ChatItem[], clientId: string, id: string): ChatItem[] {
  if (items.some((i) => i.id === id)) return items.slice();
  return items.map((i) => (i.clientId === clientId && i.id === undefined ? { ...i, id, status: 'sent' } : i));
}

/** Sets the status of the unconfirmed message with this client id (failed, or pending again on retry). */
export function setStatus(items: readonly ChatItem[], clientId: string, status: 'pending' | 'failed'): ChatItem[] {
  return items.map((i) => (i.clientId === clientId && i.id === undefined ? { ...i, status } : i));
}

/**
 * After a reload nothing is still on its way: messages the server did not confirm are shown as
 * failed (to retry by hand), unless their echo comes in on resume and replaces them.
 */
export function failPending(items: readonly ChatItem[]): ChatItem[] {
  return items.map((i) => (i.status === 'pending' ? { ...i, status: 'failed' } : i));
}

/** The suggested actions to offer: those of the last message, when the bot sent it. */
export function currentActions(items: readonly ChatItem[]): readonly string[] {
  const last = items[items.length - 1];
  return last?.from === 'bot' ? last.actions : [];
}

/**
 * The agent to name above each item, or undefined: an agent's message is labelled when the
 * bot-side message before it (user messages in between do not count) came from someone else,
 * so a run of one agent's messages is labelled once.
 */
export function agentLabels(items: readonly ChatItem[]): (string | undefined)[] {
  let previous: string | undefined;
  return items.map((item) => {
    if (item.from !== 'bot') return undefined;
    const label = item.agent !== undefined && item.agent !== previous ? item.agent : undefined;
    previous = item.agent;
    return label;
  });
}

/** Reads items stored for a reload, dropping whatever does not look like one. */
export function parseItems(raw: string | null): ChatItem[] {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(
    (i): i is ChatItem =>
      typeof i === 'object' &&
      i !== null &&
      typeof i.key === 'string' &&
      (i.id === undefined || typeof i.id === 'string') &&
      (i.clientId === undefined || typeof i.clientId === 'string') &&
      (i.agent === undefined || typeof i.agent === 'string') &&
      // A picture still on its way was a blob: of the page that was left; kefu's own paths stay.
      (i.image === undefined || isMediaPath(i.image)) &&
      (i.from === 'user' || i.from === 'bot') &&
      typeof i.text === 'string' &&
      typeof i.time === 'string' &&
      ['pending', 'sent', 'failed'].includes(i.status) &&
      Array.isArray(i.actions) &&
      i.actions.every((a: unknown) => typeof a === 'string'),
  );
}
