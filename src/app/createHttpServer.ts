/**
 * The HTTP side of the composition, shared by `main.ts` and the end-to-end tests: the app with
 * every route of a runtime, and WebSocket upgrades routed to Direct Line or the agent stream.
 */
import type { Server } from 'node:http';
import { Router } from 'express';
import { sql } from 'kysely';
import type { Runtime } from './createRuntime.js';
import type { Logger } from '../log/index.js';
import { accountOf, agentRoutes, createAgentStream, reportRoutes, roleOf, workspaceRoutes, createApp, createNodeServer, mediaRoutes, writeRawResponse, type ConnectionLimits } from '../server/index.js';

export interface HttpServer {
  readonly server: Server;
  /** From now on `/readyz` answers 503 (shutting down): a load balancer stops sending new requests. */
  drain(): void;
  /**
   * Ends the live streams, users' and agents', with 1012 (service restart), waiting at most a
   * second for their closing handshakes; the caller closes the listener after.
   */
  close(): Promise<void>;
}

export interface HttpServerOptions {
  readonly webDir?: string;
  readonly trustProxy?: boolean | number | string;
  readonly limits?: ConnectionLimits;
  /** The bearer token `/metrics` requires (METRICS_TOKEN); unset, the route is off. */
  readonly metricsToken?: string;
  /** Agent sign-in attempts per address per minute. Default the agent API's (10). */
  readonly loginRateLimit?: number;
}

/** The WeChat callback, each answer's status and time reported to the metrics. */
function timedWechat(runtime: Runtime): Router {
  const timed = Router();
  timed.use(function timeWechat(_req, res, next) {
    const started = performance.now();
    res.once('finish', () => runtime.metrics.wechatCallback(res.statusCode, (performance.now() - started) / 1000));
    next();
  }, runtime.wechat!.router);
  return timed;
}

/** Whether the database runs a trivial statement within `withinMs`. */
async function databaseAnswers(runtime: Runtime, withinMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs);
    timer.unref();
  });
  try {
    return await Promise.race([sql`select 1`.execute(runtime.database.db).then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createHttpServer(runtime: Runtime, logger: Logger, { webDir, trustProxy, limits, metricsToken, loginRateLimit }: HttpServerOptions = {}): HttpServer {
  const agentStream = createAgentStream({ desk: runtime.desk, directory: runtime.agents, notes: runtime.notes });
  let draining = false;
  runtime.metrics.observe({ websockets: () => ({ directline: runtime.directLine.openStreams(), agent: agentStream.connections() }) });
  const loginStore = runtime.coordination.rateLimitStore('agent-login');
  const app = createApp({
    metrics: { ...(metricsToken ? { token: metricsToken } : {}), render: () => runtime.metrics.render() },
    readiness: async () => ({ database: await databaseAnswers(runtime), notShuttingDown: !draining }),
    knowledge: runtime.knowledge,
    logger,
    botFramework: runtime.botFramework.handle,
    directLine: runtime.directLine,
    ...(runtime.wechat ? { wechat: timedWechat(runtime) } : {}),
    agentApi: agentRoutes({
      desk: runtime.desk,
      directory: runtime.agents,
      ...(loginRateLimit === undefined ? {} : { loginRateLimit }),
      ...(loginStore ? { loginRateLimitStore: loginStore } : {}),
      media: runtime.media,
      notes: runtime.notes,
      cannedReplies: () => runtime.knowledge.current().snapshot.cannedReplies,
      channelLimits: async ({ channel, conversationId }) => (channel === 'wechat' && runtime.wechat ? runtime.wechat.window(conversationId) : undefined),
      mount: (router) => {
        const today = () => runtime.today();
        router.use(
          '/workspace',
          workspaceRoutes({
            knowledge: runtime.knowledge,
            messages: runtime.messages,
            explain: runtime.explainTurn,
            roleOf,
            inbox: runtime.missInbox,
            editor: runtime.knowledgeEditor,
            editorOf: accountOf,
            reports: runtime.reports,
            today,
          }),
        );
        router.use('/reports', reportRoutes({ reports: runtime.reports, today, roleOf }));
      },
    }),
    media: mediaRoutes({
      media: runtime.media,
      directory: runtime.agents,
      cors: runtime.directLine.cors,
      // Direct Line tokens are for kefu's own Direct Line conversations only.
      userOfToken: (token) => {
        const user = runtime.directLine.userOfToken(token);
        return user && { channel: 'directline', conversationId: user.conversationId };
      },
    }),
    trustProxy,
    webDir,
  });
  const server = createNodeServer(app, logger, limits);
  server.on('upgrade', function upgrade(req, socket, head) {
    // A socket error after the upgrade is the client's problem, never the process's.
    socket.on('error', () => socket.destroy());
    try {
      if (runtime.directLine.handleUpgrade(req, socket, head) || agentStream.handleUpgrade(req, socket, head)) return;
      writeRawResponse(socket, 404, 'Not Found', { code: 'NOT_FOUND', message: 'no WebSocket endpoint here / 此地址不提供 WebSocket' });
    } catch (error) {
      logger.error({ err: error, path: (req.url ?? '').split('?')[0] }, 'websocket upgrade failed');
      writeRawResponse(socket, 500, 'Internal Server Error');
    }
  });
  return {
    server,
    drain() {
      draining = true;
    },
    async close() {
      await Promise.all([agentStream.close(), runtime.directLine.closeStreams()]);
    },
  };
}
