/**
 * Composition root: config -> logger -> knowledge -> app -> listen -> graceful shutdown.
 * The only module that wires everything together and touches the process.
 */
import { ConfigError, describeConfig, loadConfig } from './config/index.js';
import { createRuntime, webDistDir } from './app/createRuntime.js';
import { createLogger } from './log/index.js';
import { createHttpServer } from './app/createHttpServer.js';
import { listen } from './server/index.js';
import { StorageError } from './storage/index.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // Readable lines for a person at a terminal, JSON lines for a log collector.
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const logger = createLogger({ level: config.logLevel, format: pretty ? 'pretty' : 'json', colors: pretty && process.stdout.isTTY === true });
  logger.info({ config: describeConfig(config), sources: config.sources }, 'kefu starting');

  const runtime = await createRuntime(config, logger);
  const { botFramework } = runtime;
  if (botFramework.exposure === 'loopback') logger.info('MicrosoftAppId is not set: /api/messages accepts unauthenticated requests from this machine only (the Emulator, local tests)');
  if (botFramework.exposure === 'anyone') logger.warn('BOTFRAMEWORK_ALLOW_UNAUTHENTICATED=true: /api/messages accepts unauthenticated requests from any address; anyone who reaches it can talk as any user of any non-kefu channel');

  const http = createHttpServer(runtime, logger, { webDir: webDistDir, trustProxy: config.trustProxy, loginRateLimit: config.loginRateLimit, ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}) });
  const { server } = http;
  const listening = await listen(server, config.port, config.host);
  const { port } = listening;
  const base = `http://localhost:${port}`;
  logger.info(
    { port, host: config.host, demo: `${base}/`, console: `${base}/agent/`, workspace: `${base}/workspace/`, reports: `${base}/reports/` },
    `kefu listening on ${base}: 演示页 demo ${base}/ · 客服工作台 console ${base}/agent/ · 知识库工作区 workspace ${base}/workspace/ · 报表 reports ${base}/reports/`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // 1. /readyz says 503 and the listener stops taking connections; 2. live streams end with
    // 1012 (service restart), so clients reconnect at once, elsewhere; 3. requests in flight
    // (a turn, a WeChat callback) finish before the database closes; 4. the timer above bounds it.
    http.drain();
    void Promise.all([listening.close(), http.close()])
      .then(() => runtime.close())
      .then(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // The last net: every request, upgrade, socket and timer handles its own errors, but one that
  // slips through must cost one request, not every merchant's conversation. Logged loudly.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection; still serving'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception; still serving'));
}

main().catch((error: unknown) => {
  // A refusal we can explain (DATA_DIR held by another kefu) is printed as a sentence, not a stack.
  if (error instanceof StorageError && error.code === 'STORAGE_LOCKED') console.error(`kefu cannot start: ${error.message}`);
  else console.error('kefu failed to start:', error);
  process.exit(1);
});
