/**
 * Composition root: config -> logger -> knowledge -> app -> listen -> graceful shutdown.
 * The only module that wires everything together and touches the process.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config/index.js';
import { createLogger } from './log/index.js';
import { createLiveKnowledge } from './search/index.js';
import { createApp, listen } from './server/index.js';

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
  const logger = createLogger({ level: config.logLevel });
  logger.info({ config: { ...config, sources: undefined }, sources: config.sources }, 'kefu starting');

  await mkdir(config.dataDir, { recursive: true });
  const knowledge = await createLiveKnowledge({ dir: config.knowledgeDir, logger });
  if (config.knowledgeWatch) await knowledge.watch();

  const server = createServer(createApp({ knowledge, logger }));
  const listening = await listen(server, config.port, config.host);
  const { port } = listening;
  logger.info({ port, host: config.host }, `kefu listening on http://localhost:${port}`);

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
    void listening
      .close()
      .then(() => knowledge.close())
      .then(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('kefu failed to start:', error);
  process.exit(1);
});
