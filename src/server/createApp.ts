import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import express, { type Express, type Request, type Response, type Router } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log/index.js';
import type { LiveKnowledge } from '../content/index.js';
import { createErrorHandler, notFound } from './errorHandler.js';
import { kbRoutes } from './routes/kbRoutes.js';

export interface AppDependencies {
  readonly knowledge: LiveKnowledge;
  readonly logger: Logger;
  /** The Bot Framework channel's request handler, mounted at POST /api/messages. */
  readonly botFramework?: (req: Request, res: Response) => Promise<void>;
  /** The self-hosted Direct Line 3.0 routes and the widget's token route. */
  readonly directLine?: { readonly router: Router; readonly tokenRoute: Router };
  /** The WeChat Official Account endpoint, mounted at /wechat. */
  readonly wechat?: Router;
  /** The agent API (`agentRoutes`), mounted at /api/agent. */
  readonly agentApi?: Router;
  /** Kept images (`mediaRoutes`), mounted at /media. */
  readonly media?: Router;
  /** Express's `trust proxy` setting (see Config.trustProxy). Default false. */
  readonly trustProxy?: boolean | number | string;
  /** Built browser files (widget.js, the demo page at /, the agent console at /agent/), served as they are. */
  readonly webDir?: string;
  /**
   * What `/readyz` checks (the database answers, kefu is not shutting down...): each check's
   * name and whether it passed. Default: ready whenever the process answers.
   */
  readonly readiness?: () => Promise<Readonly<Record<string, boolean>>>;
  /** `/metrics` for Prometheus, behind a bearer token; without a token the route is off (404). */
  readonly metrics?: { readonly token?: string; render(): Promise<{ readonly contentType: string; readonly body: string }> };
}

/** Paths a load balancer polls every few seconds: answered, never logged. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** Builds the HTTP app without listening: tests mount it on port 0, `main.ts` on the configured port. */
export function createApp({ knowledge, logger, botFramework, directLine, wechat, agentApi, media, trustProxy = false, webDir, readiness = async () => ({}), metrics }: AppDependencies): Express {
  const app = express();
  app.set('trust proxy', trustProxy);
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => PROBES.has((req.url ?? '').split('?')[0]!) },
      // Paths only: a query string holds what a user typed, which may be a card number.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(express.json({ limit: '64kb' }));

  // Alive: the process answers. `knowledge` is the version of the content it serves.
  app.get('/healthz', function healthz(_req, res) {
    const { version, articles } = knowledge.status();
    res.json({ status: 'ok', knowledge: version, articles });
  });
  // Ready for traffic: every check passes; otherwise 503 naming the ones that failed.
  app.get('/readyz', async function readyz(_req, res) {
    const checks = { knowledge: knowledge.status().articles > 0, ...(await readiness().catch(() => ({ checks: false }))) };
    const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
    res.status(failed.length === 0 ? 200 : 503).json({ status: failed.length === 0 ? 'ready' : 'not ready', checks, ...(failed.length > 0 ? { failed } : {}) });
  });
  app.get('/metrics', async function prometheus(req, res) {
    const token = metrics?.token;
    if (!metrics || !token) return res.status(404).json({ error: { code: 'METRICS_OFF', message: '未开启指标：请设置 METRICS_TOKEN / metrics are off: set METRICS_TOKEN' } });
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return res.status(401).json({ error: { code: 'UNAUTHORIZED', message: '需要 METRICS_TOKEN / send METRICS_TOKEN as a bearer token' } });
    }
    const { contentType, body } = await metrics.render();
    res.type(contentType).send(body);
  });
  app.use('/api/kb', kbRoutes(knowledge));
  if (directLine) {
    app.use('/v3/directline', directLine.router);
    app.use('/api/webchat/token', directLine.tokenRoute);
  }
  if (agentApi) app.use('/api/agent', agentApi);
  if (media) app.use('/media', media);
  if (wechat) app.use('/wechat', wechat);
  if (botFramework) {
    app.post('/api/messages', async function botFrameworkMessages(req, res, next) {
      try {
        await botFramework(req, res);
      } catch (error) {
        next(error);
      }
    });
  }

  if (webDir) {
    // /agent redirects to /agent/ (express.static does it for folders), where the console lives; /workspace and /reports likewise.
    // widget.js is loaded cross-origin by providers' pages; a short cache lets fixes reach them.
    const staffFolders = new Set(['agent', 'workspace', 'reports']);
    app.use(
      express.static(webDir, {
        index: 'index.html',
        maxAge: '5m',
        setHeaders: (res, file) => {
          // The staff pages (the console, the workspace, the reports) are never framed (clickjacking); the widget
          // is loaded from any site. Judged by the folder under webDir, whatever webDir's own path holds.
          if (staffFolders.has(path.relative(webDir, file).split(path.sep)[0] ?? '')) res.setHeader('X-Frame-Options', 'DENY');
          else res.setHeader('Access-Control-Allow-Origin', '*');
        },
      }),
    );
  }

  app.use(notFound);
  app.use(createErrorHandler(logger));
  return app;
}

/** Compares a given secret with the expected one in time that does not depend on where they differ. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
