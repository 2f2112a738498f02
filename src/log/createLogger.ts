import { pino, type Logger, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino';
import { redactDeep } from '../privacy/index.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

/**
 * Structured JSON logs, one object a line, with `service: "kefu"` on every line. Card numbers,
 * PINs, CVVs and ID-card numbers are redacted before a line is written (see `privacy/`).
 */
export function createLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  const options: PinoOptions = {
    level,
    base: { service: 'kefu' },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: {
      // Every argument: the message, interpolated values (%s, %o) and the merging object, because
      // pino takes the message of a logged error from it before any formatter runs.
      logMethod(args, method) {
        return method.apply(this, args.map(redactDeep) as typeof args);
      },
    },
    // The object as it is about to be serialized, including what a mixin added.
    formatters: { log: (object) => redactDeep(object) },
  };
  return destination ? pino(options, destination) : pino(options);
}
