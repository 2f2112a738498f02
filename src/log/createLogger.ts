import { pino, type Logger, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino';
import pretty from 'pino-pretty';
import { redactDeep } from '../privacy/index.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  /**
   * `json` (one object a line, for log collectors) or `pretty` (a readable line each, for a person
   * at a terminal; `main.ts` picks it when stdout is a TTY). Default `json`.
   */
  format?: 'json' | 'pretty';
  /** Colours in `pretty` lines. Default false. */
  colors?: boolean;
}

/**
 * Structured logs, one JSON object a line (or a readable line each, `pretty`), with
 * `service: "kefu"` on every line. Card numbers,
 * PINs, CVVs and ID-card numbers are redacted before a line is written (see `privacy/`).
 */
export function createLogger({ level = 'info', destination, format = 'json', colors = false }: LoggerOptions = {}): Logger {
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
  if (format === 'pretty') {
    // Synchronous, in this thread: a line is on the terminal before the next statement runs, and
    // what it shows has been redacted like the JSON (the hooks above run first).
    return pino(options, pretty({ sync: true, colorize: colors, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', ...(destination ? { destination } : {}) }));
  }
  return destination ? pino(options, destination) : pino(options);
}
