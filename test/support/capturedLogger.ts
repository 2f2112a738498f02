import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/index.js';

/** kefu's real logger at debug level, writing its JSON lines into `logs` for the test to read. */
export function capturedLogger(): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  return { logger, logs };
}
