import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AgentDirectory, HandoffDesk, HandoffDeskEvents } from '../handoff/index.js';
import { closeWebSockets } from './closeWebSockets.js';
import { writeRawResponse } from './rawHttp.js';
import { agentTokenOf, publicAgent } from './routes/agentRoutes.js';

export const AGENT_STREAM_PATH = '/api/agent/stream';

export interface AgentStreamOptions {
  readonly desk: HandoffDesk;
  readonly directory: Pick<AgentDirectory, 'authenticate'>;
  /** How often the socket is pinged and its session checked again (a logout or disabling ends it). Default 30 s. */
  readonly checkEveryMs?: number;
}

/**
 * `GET /api/agent/stream`: every connected console gets the queue's changes and the users' messages
 * and typing live, as JSON frames. Authenticated like the API; a cookie session must come from a
 * page of this origin (the Origin header), since browsers attach cookies to cross-site sockets.
 */
export function createAgentStream({ desk, directory, checkEveryMs = 30_000 }: AgentStreamOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const sockets = new Set<WebSocket>();

  const broadcast = (frame: unknown) => {
    const text = JSON.stringify(frame);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const listeners = {
    ticket: (ticket: HandoffDeskEvents['ticket'][0]) => broadcast({ type: 'ticket', ticket }),
    message: ({ ticketId, message }: HandoffDeskEvents['message'][0]) => broadcast({ type: 'message', ticketId, message }),
    typing: ({ ticketId }: HandoffDeskEvents['typing'][0]) => broadcast({ type: 'typing', ticketId }),
    presence: (online: HandoffDeskEvents['presence'][0]) => broadcast({ type: 'presence', online }),
  };
  desk.on('ticket', listeners.ticket);
  desk.on('message', listeners.message);
  desk.on('typing', listeners.typing);
  desk.on('presence', listeners.presence);

  const refuse = (socket: Duplex, status: number, reason: string) => writeRawResponse(socket, status, reason);

  return {
    /** Takes the upgrade when it is for the stream; false otherwise (another route's socket). */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      if ((req.url ?? '').split('?')[0] !== AGENT_STREAM_PATH) return false;
      void (async () => {
        const carried = agentTokenOf(req);
        const session = carried && (await directory.authenticate(carried.token));
        if (!carried || !session) return refuse(socket, 401, 'Unauthorized');
        if (carried.via === 'cookie' && !sameOrigin(req)) return refuse(socket, 403, 'Forbidden');
        wss.handleUpgrade(req, socket, head, (ws) => {
          const agentId = session.agent.id;
          // hello first, then everyone (this socket included) hears the new presence.
          ws.send(JSON.stringify({ type: 'hello', agent: publicAgent(session.agent), online: [...new Set([...desk.online(), agentId])] }));
          sockets.add(ws);
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
      await closeWebSockets(sockets, 1012, 'server restarting');
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
