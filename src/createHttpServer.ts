/**
 * The HTTP side of the composition, shared by `main.ts` and the end-to-end tests: the app with
 * every route of a runtime, and WebSocket upgrades routed to Direct Line or the agent stream.
 */
import { createServer, type Server } from 'node:http';
import type { Runtime } from './createRuntime.js';
import type { Logger } from './log/index.js';
import { agentRoutes, createAgentStream, createApp } from './server/index.js';

export interface HttpServer {
  readonly server: Server;
  /** Ends the agents' live streams (the caller closes the listener). */
  close(): void;
}

export function createHttpServer(runtime: Runtime, logger: Logger, { webDir, trustProxy }: { webDir?: string; trustProxy?: boolean | number | string } = {}): HttpServer {
  const agentStream = createAgentStream({ desk: runtime.desk, directory: runtime.agents });
  const app = createApp({
    knowledge: runtime.knowledge,
    logger,
    botFramework: runtime.botFramework.handle,
    directLine: runtime.directLine,
    agentApi: agentRoutes({ desk: runtime.desk, directory: runtime.agents }),
    trustProxy,
    webDir,
  });
  const server = createServer(app);
  server.on('upgrade', (req, socket, head) => {
    if (!runtime.directLine.handleUpgrade(req, socket, head) && !agentStream.handleUpgrade(req, socket, head)) socket.destroy();
  });
  return { server, close: () => agentStream.close() };
}
