import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { can } from '../access/index.js';
import type { AgentDirectory, HandoffDesk, HandoffDeskEvents, TicketNotes, TicketNotesEvents } from '../handoff/index.js';
import { closeWebSockets } from './closeWebSockets.js';
import { writeRawResponse } from './rawHttp.js';
import { agentTokenOf, publicAgent } from './routes/agentRoutes.js';

export const AGENT_STREAM_PATH = '/api/agent/stream';

export interface AgentStreamOptions {
  readonly desk: HandoffDesk;
  readonly directory: Pick<AgentDirectory, 'authenticate'>;
  /** Private notes and tags, pushed to the consoles that see the ticket. */
  readonly notes?: Pick<TicketNotes, 'on' | 'off'>;
  /** How often the socket is pinged and its session checked again (a logout or disabling ends it). Default 30 s. */
  readonly checkEveryMs?: number;
}

/**
 * `GET /api/agent/stream`: every connected console gets the queue's changes and the users' messages
 * and typing live, as JSON frames. Authenticated like the API; a cookie session must come from a
 * page of this origin (the Origin header), since browsers attach cookies to cross-site sockets.
 */
export function createAgentStream({ desk, directory, notes, checkEveryMs = 30_000 }: AgentStreamOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  /**
   * Each console and what it may hear: a supervisor every ticket; an agent the queue and their own
   * tickets, kept as the ids they were last told of (so that a ticket leaving them, taken by a
   * colleague, still reaches them once, to be dropped from their list).
   */
  const sockets = new Map<WebSocket, { readonly agentId: number; readonly everything: boolean; readonly seen: Set<number> }>();

  const send = (ws: WebSocket, text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const broadcast = (frame: unknown, ticketId?: number) => {
    const text = JSON.stringify(frame);
    for (const [ws, audience] of sockets) if (ticketId === undefined || audience.everything || audience.seen.has(ticketId)) send(ws, text);
  };
  const listeners = {
    ticket: (ticket: HandoffDeskEvents['ticket'][0]) => {
      const text = JSON.stringify({ type: 'ticket', ticket });
      for (const [ws, audience] of sockets) {
        const theirs = ticket.state === 'waiting' || ticket.agent?.id === audience.agentId;
        if (audience.everything || theirs || audience.seen.has(ticket.id)) send(ws, text);
        if (theirs) audience.seen.add(ticket.id);
        else audience.seen.delete(ticket.id);
      }
    },
    message: ({ ticketId, message }: HandoffDeskEvents['message'][0]) => broadcast({ type: 'message', ticketId, message }, ticketId),
    typing: ({ ticketId }: HandoffDeskEvents['typing'][0]) => broadcast({ type: 'typing', ticketId }, ticketId),
    presence: (online: HandoffDeskEvents['presence'][0]) => broadcast({ type: 'presence', online, away: desk.away() }),
    note: ({ ticketId, note }: TicketNotesEvents['note'][0]) => broadcast({ type: 'note', ticketId, note }, ticketId),
    tags: ({ ticketId, tags }: TicketNotesEvents['tags'][0]) => broadcast({ type: 'tags', ticketId, tags }, ticketId),
  };
  notes?.on('note', listeners.note);
  notes?.on('tags', listeners.tags);
  desk.on('ticket', listeners.ticket);
  desk.on('message', listeners.message);
  desk.on('typing', listeners.typing);
  desk.on('presence', listeners.presence);
  // Events from other instances may have been missed: a console that reconnects reads its queue
  // and its open ticket again (it does so after every reconnect).
  const resync = () => void closeWebSockets([...sockets.keys()], 1012, 'events may have been missed; reconnect');
  desk.on('resync', resync);

  const refuse = (socket: Duplex, status: number, reason: string) => writeRawResponse(socket, status, reason);

  return {
    /** Agents' consoles connected now. */
    connections: () => sockets.size,
    /** Takes the upgrade when it is for the stream; false otherwise (another route's socket). */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      if ((req.url ?? '').split('?')[0] !== AGENT_STREAM_PATH) return false;
      void (async () => {
        const carried = agentTokenOf(req);
        const session = carried && (await directory.authenticate(carried.token));
        if (!carried || !session) return refuse(socket, 401, 'Unauthorized');
        if (carried.via === 'cookie' && !sameOrigin(req)) return refuse(socket, 403, 'Forbidden');
        // The stream is the desk's: an editor's page has no use for it, nor counts as an agent online.
        if (!can(session.agent.role, 'tickets')) return refuse(socket, 403, 'Forbidden');
        const agentId = session.agent.id;
        const everything = can(session.agent.role, 'allTickets');
        // The ids only: a view of every ticket (a transcript read each) is not needed to filter frames.
        const seen = new Set(everything ? [] : [...(await desk.ids({ states: ['waiting'] })), ...(await desk.ids({ states: ['assigned'], agentId }))]);
        wss.handleUpgrade(req, socket, head, (ws) => {
          // hello first, then everyone (this socket included) hears the new presence.
          ws.send(JSON.stringify({ type: 'hello', agent: publicAgent(session.agent), online: [...new Set([...desk.online(), agentId])], away: desk.away() }));
          sockets.set(ws, { agentId, everything, seen });
          desk.agentConnected(agentId);
          let alive = true;
          ws.on('pong', () => (alive = true));
          const check = setInterval(() => {
            directory
              .authenticate(carried.token)
              .then((still) => {
                if (!still) ws.close(4401, 'session ended');
                else if (!alive) ws.terminate();
                else {
                  alive = false;
                  ws.ping();
                }
              })
              // The session store failing for a moment ends nothing; the next check tries again.
              .catch(() => undefined);
          }, checkEveryMs);
          check.unref();
          ws.on('close', () => {
            clearInterval(check);
            sockets.delete(ws);
            desk.agentDisconnected(agentId);
          });
          // The stream is one-way; what an agent does goes through the HTTP API.
          ws.on('message', () => undefined);
          ws.on('error', () => ws.terminate());
        });
      })().catch(() => refuse(socket, 500, 'Internal Server Error'));
      return true;
    },
    /** Ends every console's stream with 1012 (service restart); the console reconnects by itself. */
    async close(): Promise<void> {
      desk.off('ticket', listeners.ticket);
      desk.off('message', listeners.message);
      desk.off('typing', listeners.typing);
      desk.off('presence', listeners.presence);
      desk.off('resync', resync);
      notes?.off('note', listeners.note);
      notes?.off('tags', listeners.tags);
      await closeWebSockets(sockets.keys(), 1012, 'server restarting');
      wss.close();
    },
  };
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
