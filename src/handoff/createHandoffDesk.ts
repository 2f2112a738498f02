import { EventEmitter } from 'node:events';
import { memoryBuses, type BusFactory } from '../coordination/index.js';
import { redact } from '../privacy/index.js';
import { type ConversationKey, type MediaStore, type StoredTicket, type StoredTranscriptEntry, type TicketState, type TicketStore, type TicketTransition, type TranscriptEntry, type TranscriptStore } from '../storage/index.js';
import type { AgentDirectory } from './createAgentDirectory.js';
import { extractPosDetails } from './extractPosDetails.js';
import type { ActingAgent, TicketContext, TicketMessage, TicketView } from './TicketView.js';
import { HandoffError } from './HandoffError.js';
import { createPresence } from './createPresence.js';
import { createQueueWording } from './createQueueWording.js';
import { createDeskEvents } from './createDeskEvents.js';
import { createTicketViews, type KnownForView } from './createTicketViews.js';
import type { HandoffRequest } from './HandoffRequest.js';
import { fillWording, type HandoffWording } from './HandoffWording.js';
import type { ServiceHours } from './serviceHours.js';

export type { ActingAgent, PosDetails, TicketContext, TicketMessage, TicketView, TicketViewContext } from './TicketView.js';

/** What reaches the user outside a turn, on whatever channel they came from. */
export type UserNotice =
  | { readonly kind: 'text'; readonly text: string; readonly from: 'agent' | 'system'; readonly agentName?: string; readonly suggestions?: readonly string[] }
  | { readonly kind: 'typing'; readonly agentName: string }
  /** An agent's image, kept in the media store: channels send it by reference or upload it where they must. */
  | { readonly kind: 'image'; readonly mediaId: string; readonly contentType: string; readonly agentName: string }
  | { readonly kind: 'status'; readonly state: 'accepted' | 'completed' | 'failed'; readonly message: string };

/** The port to the channels: how a notice reaches the user at a ticket's address. */
type DeliveryTicket = { readonly channel: string; readonly conversationId: string; readonly address: unknown };

export interface UserDelivery {
  /**
   * Delivers `notice` on the ticket's channel. With `keep`, a channel whose log is the transcript
   * (see `keepsLog`) keeps that entry with the delivered activity, in one row, and returns it.
   */
  deliver(ticket: DeliveryTicket, notice: UserNotice, keep?: TranscriptEntry): Promise<StoredTranscriptEntry | void>;
  /** Whether the ticket's channel keeps what it delivers in the transcript itself (Direct Line). Default: no. */
  keepsLog?(ticket: DeliveryTicket): boolean;
}

/** A handoff as the bot asks for it: the request plus where and how to reach the user later. */
export interface NewHandoff extends HandoffRequest {
  readonly userName?: string;
  readonly locale: string;
  /** The channel's conversation reference; opaque here. */
  readonly address: unknown;
}

/** What the bot tells the user right after asking for a person. */
export interface QueueInfo {
  readonly ticket: StoredTicket;
  /** False when the conversation already had an active ticket (returned instead). */
  readonly created: boolean;
  /** The message for the user: place in the queue and wait, or when people are back. */
  readonly text: string;
}

export interface HandoffDeskEvents {
  /** A ticket's change, made here or on another instance (for consoles). */
  ticket: [TicketView];
  /** A ticket's change made by this instance only (for its log: one line per change, not one per instance). */
  changed: [TicketView];
  message: [{ readonly ticketId: number; readonly message: TicketMessage }];
  typing: [{ readonly ticketId: number }];
  presence: [readonly number[]];
  /** Events from other instances may have been missed (the bus reconnected): consoles should read everything again. */
  resync: [];
}

export interface HandoffDeskOptions {
  readonly tickets: TicketStore;
  readonly transcript: TranscriptStore;
  readonly agents: Pick<AgentDirectory, 'get'>;
  readonly delivery: UserDelivery;
  /** Where agents' images are kept; without it, `sendImage` is refused. */
  readonly media?: Pick<MediaStore, 'save'>;
  readonly wording: (locale: string) => HandoffWording;
  readonly serviceHours: ServiceHours;
  /** Waiting tickets older than this expire. Default 24. */
  readonly expireAfterHours?: number;
  readonly now?: () => Date;
  /**
   * How far the desk's live events (tickets, messages, typing, presence) reach: this process's
   * consoles (the default), or every instance's. Other instances hear ids and read the rest.
   */
  readonly buses?: BusFactory;
  /** Non-fatal problems (a notice that could not be delivered). */
  readonly onProblem?: (problem: { readonly code: string; readonly ticketId: number; readonly error: unknown }) => void;
}

const ACTIVE: readonly TicketState[] = ['waiting', 'assigned'];

/**
 * The queue and the takeover rules: tickets from the bot's requests, one agent per ticket (a
 * compare-and-set in the database decides races), messages both ways, and what the user is told
 * at each step. Everything it decides is in the database, so a restart loses nothing, and any
 * instance may serve any ticket; live events reach the agents' consoles on every instance
 * (`createDeskEvents`), and tickets are shown as `createTicketViews` builds them.
 */
export function createHandoffDesk({
  tickets,
  transcript,
  agents,
  delivery,
  media,
  wording,
  serviceHours,
  expireAfterHours = 24,
  now = () => new Date(),
  buses = memoryBuses,
  onProblem = () => undefined,
}: HandoffDeskOptions) {
  const events = new EventEmitter<HandoffDeskEvents>();
  events.setMaxListeners(0);
  const presence = createPresence({ changed: (online) => events.emit('presence', online), buses, now });
  const stamp = () => now().toISOString();

  /** Delivers a notice; returns the transcript entry when the channel kept `keep` itself. */
  const notify = async (ticket: StoredTicket, notice: UserNotice, keep?: TranscriptEntry): Promise<StoredTranscriptEntry | undefined> => {
    try {
      return (await delivery.deliver(ticket, notice, keep)) ?? undefined;
    } catch (error) {
      onProblem({ code: 'HANDOFF_DELIVERY_FAILED', ticketId: ticket.id, error });
      return undefined;
    }
  };

  const { queueText, stillQueued } = createQueueWording({ tickets, wording, serviceHours, available: presence.available, now });
  const { view, toMessage, shown } = createTicketViews({ tickets, transcript });
  const live = createDeskEvents({ buses, tickets, transcript, views: { view, toMessage, shown }, events });

  /** Tells the agents about a ticket's change; returns the view it sent. */
  const publish = async (ticket: StoredTicket, known?: KnownForView): Promise<TicketView> => {
    const shown = await view(ticket, known);
    events.emit('changed', shown);
    live.tell({ kind: 'ticket', ticket: shown });
    return shown;
  };

  const load = async (id: number): Promise<StoredTicket> => {
    const ticket = await tickets.get(id);
    if (!ticket) throw new HandoffError('HANDOFF_UNKNOWN_TICKET', `没有这个会话 / no ticket ${id}`);
    return ticket;
  };

  /** Throws, saying precisely why, unless `agent` holds the ticket. */
  const checkHeld = (ticket: StoredTicket, agent: ActingAgent): void => {
    if (ticket.state !== 'assigned') throw new HandoffError('HANDOFF_TICKET_STATE', `会话已不在进行中 / ticket ${ticket.id} is ${ticket.state}, not assigned`);
    if (ticket.agentId !== agent.id) throw new HandoffError('HANDOFF_NOT_YOUR_TICKET', `该会话由${ticket.agentName ?? '其他客服'}处理 / ticket ${ticket.id} is with ${ticket.agentName ?? 'another agent'}`);
  };

  /** Moves a ticket the acting agent holds (in one compare-and-set); explains why when it cannot. */
  const move = async (id: number, agent: ActingAgent, change: Omit<TicketTransition, 'from' | 'fromAgentId' | 'at'>): Promise<StoredTicket> => {
    const moved = await tickets.transition(id, { from: ['assigned'], fromAgentId: agent.id, at: stamp(), ...change });
    if (moved) return moved;
    const current = await load(id);
    checkHeld(current, agent);
    // Held now, but not a moment ago: it changed hands in between.
    throw new HandoffError('HANDOFF_TICKET_STATE', `会话刚刚发生了变化，请刷新 / ticket ${id} changed meanwhile`);
  };

  /** The `handoff.status` event, then the same words as a message (channels that ignore events still say it). */
  const announce = async (ticket: StoredTicket, state: 'accepted' | 'completed' | 'failed', text: string, suggestions?: readonly string[]) => {
    await notify(ticket, { kind: 'status', state, message: text });
    await notify(ticket, { kind: 'text', from: 'system', text, ...(suggestions ? { suggestions } : {}) });
  };

  /**
   * Where the conversation stands, in one read (the latest ticket is the active one when there is
   * one): `active` while a person has or is about to have it, `unrated` when a person closed it
   * (not cancelled or released) and the user has not rated yet. Only tickets of `key.channel`
   * count: the same conversation id on another channel is another user.
   */
  /** An agent's line: kept in the transcript, delivered to the user as `notice`, pushed to the agents. */
  const agentLine = async (
    ticket: StoredTicket,
    agent: ActingAgent,
    line: { readonly text: string | null; readonly at: string; readonly media?: readonly { readonly id: string; readonly contentType: string }[] },
    notice: UserNotice,
  ): Promise<TicketMessage> => {
    const toKeep: TranscriptEntry = {
      conversationId: ticket.conversationId,
      channel: ticket.channel,
      direction: 'out',
      fromId: `agent:${agent.id}`,
      fromRole: 'agent',
      type: 'message',
      text: line.text,
      timestamp: line.at,
      payload: { agentName: agent.displayName, ticketId: ticket.id, ...(line.media ? { media: line.media } : {}) },
    };
    // Kept once: by the channel with what it delivered when its log is the transcript; else here,
    // before it is delivered (so that a "not delivered" note the channel adds comes after it).
    const logged = delivery.keepsLog?.(ticket) === true;
    const entry = (logged ? await notify(ticket, notice, toKeep) : undefined) ?? (await transcript.append(toKeep));
    if (!logged) await notify(ticket, notice);
    const message = toMessage(entry);
    await tickets.responded(ticket.id, line.at);
    live.tell({ kind: 'message', ticketId: ticket.id, message, entryId: entry.id });
    return message;
  };

  const standing = async (key: ConversationKey): Promise<{ active?: StoredTicket; unrated?: StoredTicket; staffed?: boolean }> => {
    const latest = await tickets.latestFor(key);
    if (!latest) return {};
    // Whether people are at work now: in service hours a waiting user may keep asking the bot.
    if (ACTIVE.includes(latest.state)) return { active: latest, staffed: serviceHours.isOpen(now()) };
    if (latest.state === 'closed' && latest.rating === null && latest.outcome !== 'released') return { unrated: latest };
    return {};
  };

  return {
    on: events.on.bind(events) as <E extends keyof HandoffDeskEvents>(event: E, listener: (...args: HandoffDeskEvents[E]) => void) => EventEmitter<HandoffDeskEvents>,
    off: events.off.bind(events) as <E extends keyof HandoffDeskEvents>(event: E, listener: (...args: HandoffDeskEvents[E]) => void) => EventEmitter<HandoffDeskEvents>,

    // ---- the bot's side ----------------------------------------------------------------

    /**
     * Opens a ticket for the conversation (or finds the one already open on the same channel) and
     * says what the user should be told: their place and an estimate, or when people are back.
     */
    async request(input: NewHandoff): Promise<QueueInfo> {
      // `input` names the channel with the id: a ticket of another channel is never "already open".
      const existing = await tickets.activeFor(input);
      const w = wording(input.locale);
      if (existing) return { ticket: existing, created: false, text: existing.state === 'waiting' ? await stillQueued(existing) : fillWording(w.agentJoined, { agent: existing.agentName ?? '' }) };
      const at = now();
      const userTexts = input.context.transcript.filter((l) => l.from === 'user').map((l) => l.text);
      const context: TicketContext = { ...input.context, pos: extractPosDetails(userTexts, input.context.vars) };
      let ticket: StoredTicket;
      try {
        ticket = await tickets.create({
          conversationId: input.conversationId,
          channel: input.channel,
          userId: input.userId ?? null,
          userName: input.userName ?? null,
          locale: input.locale,
          reason: input.reason,
          priority: input.priority,
          afterHours: !serviceHours.isOpen(at),
          createdAt: at.toISOString(),
          context,
          address: input.address,
        });
      } catch (error) {
        // Two turns raced to open one: the other won, which is just as good.
        const raced = (error as { code?: string }).code === 'STORAGE_DUPLICATE' ? await tickets.activeFor(input) : undefined;
        if (!raced) throw error;
        return { ticket: raced, created: false, text: await stillQueued(raced) };
      }
      const shown = await publish(ticket);
      return { ticket, created: true, text: await queueText(ticket, w.queued, shown.queuePosition ?? 1) };
    },

    /**
     * The conversation's waiting or assigned ticket on `key.channel`: while there is one, the bot
     * stays silent on that conversation (and only that one).
     */
    activeFor: (key: ConversationKey): Promise<StoredTicket | undefined> => tickets.activeFor(key),

    /**
     * A user's message on a conversation with an active ticket (already in the transcript, already
     * redacted): pushed live to the agents. Returns what to tell the user, if anything: after
     * hours, the first message while waiting is acknowledged once, as a message left for the
     * morning; in service hours, the queue message said it all and the rest is passed on quietly.
     */
    async userMessage(ticket: StoredTicket, message: { readonly text: string; readonly timestamp: string }): Promise<string | undefined> {
      // Pushed live only when some agent's console is connected: with nobody watching, the agents'
      // view is not rebuilt for every message (a console reads the ticket whole when it opens).
      if (presence.anyone()) {
        // The message is the transcript's latest user entry: an image it carried is read from there.
        const recent = await transcript.list(ticket, { limit: 30 });
        const entry = recent.findLast((e) => e.fromRole === 'user' && e.type === 'message' && (e.text ?? '') === message.text);
        const image = entry ? toMessage(entry).image : undefined;
        live.tell({ kind: 'message', ticketId: ticket.id, message: { from: 'user', text: message.text, timestamp: message.timestamp, ...(image ? { image } : {}) }, ...(entry ? { entryId: entry.id } : {}) });
        await publish(ticket, { recent });
      }
      if (ticket.state !== 'waiting' || serviceHours.isOpen(now())) return undefined;
      // Once per ticket, in the database: the next message may reach another instance.
      return (await tickets.acknowledge(ticket.id, stamp())) ? wording(ticket.locale).received : undefined;
    },

    /** The bot's answer to a user who waits in the queue (already in the transcript): pushed live to the agents. */
    botMessage(ticket: StoredTicket, message: { readonly text: string; readonly timestamp: string }): void {
      live.tell({ kind: 'message', ticketId: ticket.id, message: { from: 'bot', text: message.text, timestamp: message.timestamp } });
    },

    userTyping(ticket: StoredTicket): void {
      live.tell({ kind: 'typing', ticketId: ticket.id });
    },

    /**
     * The user's own "取消转人工" / "结束人工": a waiting ticket is cancelled, an assigned one ends
     * (and the user is asked for a rating). Returns what to tell the user and the buttons.
     */
    async endByUser(ticket: StoredTicket): Promise<{ text: string; suggestions?: readonly string[] }> {
      const w = wording(ticket.locale);
      const waiting = ticket.state === 'waiting';
      const ended = await tickets.transition(ticket.id, {
        from: [ticket.state],
        to: waiting ? 'cancelled' : 'closed',
        outcome: waiting ? 'cancelled' : 'ended_by_user',
        at: stamp(),
      });
      if (!ended) return { text: w.notActive };
      await publish(ended);
      if (waiting) return { text: w.cancelled };
      return { text: w.endedByUser, suggestions: w.ratingOptions };
    },

    standing,

    /**
     * The conversation's last ticket on `key.channel` when it was closed (not cancelled or
     * released) and is not rated yet.
     */
    async pendingRating(key: ConversationKey): Promise<StoredTicket | undefined> {
      return (await standing(key)).unrated;
    },

    /** What the user said about a rating they gave, redacted; shown to agents and in reports. */
    async comment(ticketId: number, text: string): Promise<StoredTicket | undefined> {
      const commented = await tickets.comment(ticketId, redact(Array.from(text.trim()).slice(0, 1000).join('')).text);
      if (commented) await publish(commented);
      return commented;
    },

    async rate(ticketId: number, rating: number): Promise<StoredTicket | undefined> {
      const rated = await tickets.rate(ticketId, rating, stamp());
      if (rated) await publish(rated);
      return rated;
    },

    // ---- the agents' side --------------------------------------------------------------

    async list(options: { readonly states?: readonly TicketState[]; readonly agentId?: number } = {}): Promise<TicketView[]> {
      // Waiting tickets come in queue order, so their places need no query each.
      let place = 0;
      return Promise.all((await tickets.list(options)).map((ticket) => view(ticket, ticket.state === 'waiting' ? { queuePosition: ++place } : {})));
    },

    /** Just the ids of the tickets `list` would give: no view is built (no transcript read). */
    async ids(options: { readonly states?: readonly TicketState[]; readonly agentId?: number } = {}): Promise<number[]> {
      return (await tickets.list(options)).map((t) => t.id);
    },

    /** These tickets, as agents see them, in the order given (unknown ids left out). */
    async views(ids: readonly number[]): Promise<TicketView[]> {
      const found = await Promise.all(ids.map((id) => tickets.get(id)));
      return Promise.all(found.flatMap((ticket) => (ticket ? [view(ticket)] : [])));
    },

    /** A ticket with the whole conversation, including what was said after the handoff. */
    async get(id: number): Promise<{ ticket: TicketView; transcript: TicketMessage[] }> {
      const ticket = await load(id);
      // The ticket's own channel: another channel's user with the same id is not in this conversation.
      const entries = await transcript.list(ticket);
      return { ticket: await view(ticket, { recent: entries.slice(-30) }), transcript: entries.filter(shown).map(toMessage) };
    },

    /** Exactly one agent wins a waiting ticket; the others get HANDOFF_TICKET_TAKEN. */
    async accept(id: number, agent: ActingAgent): Promise<TicketView> {
      const accepted = await tickets.transition(id, { from: ['waiting'], to: 'assigned', agentId: agent.id, at: stamp() });
      if (!accepted) {
        const current = await load(id);
        if (current.state === 'assigned') {
          throw new HandoffError('HANDOFF_TICKET_TAKEN', `已被${current.agentName ?? '其他客服'}接入 / ticket ${id} was accepted by ${current.agentName ?? 'another agent'}`, {
            ...(current.agentId !== null ? { agentId: current.agentId } : {}),
            ...(current.agentName !== null ? { agentName: current.agentName } : {}),
          });
        }
        throw new HandoffError('HANDOFF_TICKET_STATE', `会话已不在排队中 / ticket ${id} is ${current.state}, not waiting`);
      }
      await announce(accepted, 'accepted', fillWording(wording(accepted.locale).agentJoined, { agent: agent.displayName }));
      return publish(accepted);
    },

    /**
     * A message the channel could not deliver (WeChat's 48-hour window closed, its quota spent):
     * the agents of the conversation's ticket see it as not delivered, in their transcript too,
     * never dropped silently. `reason` is for agents, in Chinese.
     */
    async undelivered(key: ConversationKey, text: string, reason: string): Promise<void> {
      const ticket = await tickets.activeFor(key);
      if (!ticket) return;
      const note = fillWording(wording('zh-CN').undelivered, { reason, text: Array.from(text).slice(0, 60).join('') });
      const at = stamp();
      const entry = await transcript.append({ conversationId: key.conversationId, channel: key.channel, direction: 'out', fromId: 'kefu', fromRole: 'bot', type: 'message', text: note, timestamp: at });
      live.tell({ kind: 'message', ticketId: ticket.id, message: { from: 'bot', text: note, timestamp: at }, entryId: entry.id });
    },

    /** An agent's message: redacted, kept in the transcript, delivered to the user, pushed to the agents. */
    async sendMessage(id: number, agent: ActingAgent, text: string): Promise<TicketMessage> {
      const trimmed = text.trim();
      if (!trimmed) throw new HandoffError('HANDOFF_BAD_INPUT', '消息不能为空 / text must not be empty');
      if (trimmed.length > 4000) throw new HandoffError('HANDOFF_BAD_INPUT', '消息过长 / text must be at most 4000 characters');
      const ticket = await load(id);
      checkHeld(ticket, agent);
      const safe = redact(trimmed).text;
      return agentLine(ticket, agent, { text: safe, at: stamp() }, { kind: 'text', from: 'agent', text: safe, agentName: agent.displayName });
    },

    /**
     * An agent's image: kept in the media store (its type read from its bytes), referred to in the
     * transcript, delivered to the user on their channel, pushed to the agents.
     * @throws HandoffError `HANDOFF_BAD_INPUT` when no media store is set up;
     *   StorageError `STORAGE_NOT_AN_IMAGE` or `STORAGE_TOO_LARGE` for a file the store refuses.
     */
    async sendImage(id: number, agent: ActingAgent, bytes: Uint8Array): Promise<TicketMessage> {
      if (!media) throw new HandoffError('HANDOFF_BAD_INPUT', '暂不支持发送图片 / images cannot be sent here');
      const ticket = await load(id);
      checkHeld(ticket, agent);
      const at = stamp();
      const kept = await media.save({ channel: ticket.channel, conversationId: ticket.conversationId, bytes, uploader: { role: 'agent', id: String(agent.id) }, createdAt: at });
      return agentLine(
        ticket,
        agent,
        { text: null, at, media: [{ id: kept.id, contentType: kept.contentType }] },
        { kind: 'image', mediaId: kept.id, contentType: kept.contentType, agentName: agent.displayName },
      );
    },

    async agentTyping(id: number, agent: ActingAgent): Promise<void> {
      const ticket = await load(id);
      if (ticket.state === 'assigned' && ticket.agentId === agent.id) await notify(ticket, { kind: 'typing', agentName: agent.displayName });
    },

    /** Hands an assigned ticket to a colleague (by id or username); the user is told who. */
    async transfer(id: number, agent: ActingAgent, to: number | string): Promise<TicketView> {
      const target = await agents.get(to);
      if (!target) throw new HandoffError('HANDOFF_UNKNOWN_AGENT', `没有这个客服 / no agent ${JSON.stringify(to)}`);
      if (target.disabled) throw new HandoffError('HANDOFF_AGENT_DISABLED', `该客服账号已停用 / agent ${target.username} is disabled`);
      const moved = await move(id, agent, { to: 'assigned', agentId: target.id });
      await notify(moved, { kind: 'text', from: 'system', text: fillWording(wording(moved.locale).transferred, { agent: target.displayName }) });
      return publish(moved);
    },

    /** Back to the bot: the ticket ends (outcome released) and the bot answers again. */
    async release(id: number, agent: ActingAgent): Promise<TicketView> {
      const released = await move(id, agent, { to: 'closed', outcome: 'released' });
      await announce(released, 'completed', wording(released.locale).released);
      return publish(released);
    },

    /** Closes the ticket and asks the user for a 1-5 rating. */
    async close(id: number, agent: ActingAgent): Promise<TicketView> {
      const closed = await move(id, agent, { to: 'closed', outcome: 'resolved' });
      const w = wording(closed.locale);
      await announce(closed, 'completed', w.closed, w.ratingOptions);
      return publish(closed);
    },

    // ---- presence and housekeeping ----------------------------------------------------

    /** An agent's console connected; several tabs count once. */
    agentConnected: presence.connected,
    agentDisconnected: presence.disconnected,
    online: presence.online,
    /** Agents online but away. */
    away: presence.away,
    /** Marks an agent away (not available for the queue's estimate) or back. */
    setAway: presence.setAway,

    /** Stops telling other instances of this one's consoles (they are gone with it). */
    stop(): void {
      presence.close();
    },

    /** Expires tickets that waited longer than `expireAfterHours`, telling their users. */
    async sweep(): Promise<number> {
      const before = new Date(now().getTime() - expireAfterHours * 3_600_000).toISOString();
      const expired = await tickets.expireWaiting(before, stamp());
      for (const ticket of expired) {
        await announce(ticket, 'failed', wording(ticket.locale).expired);
        await publish(ticket);
      }
      return expired.length;
    },
  };
}

export type HandoffDesk = ReturnType<typeof createHandoffDesk>;
