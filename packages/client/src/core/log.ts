import { oneLine } from './errors.js';
import { invalid } from './values.js';

/** How much the client logs: nothing, or messages of this level and the more severe ones. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where log lines go: `console` by default, or any object with these four methods (pino, winston...). */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const LEVELS = ['off', 'error', 'warn', 'info', 'debug'] as const;
export const WARN = 2;
export const INFO = 3;
export const DEBUG = 4;

/** Where a client's lines go, and down to which level (`rank`: `off` 0, `error` 1 ... `debug` 4). */
export interface Log {
  readonly logger: Logger;
  readonly rank: number;
}

/** The log of `logger` down to `level`, after checking both; `from` names where the level came from. */
export function createLog(logger: unknown, level: unknown, from: string): Log {
  const rank = LEVELS.indexOf(level as LogLevel);
  if (rank < 0) throw invalid(from, `one of ${LEVELS.join(', ')}`, level);
  if (
    !LEVELS.every(
      (name, index) => !index || typeof (logger as Record<string, unknown> | null)?.[name] === 'function',
    )
  ) {
    throw invalid('logger', 'an object with error, warn, info and debug methods', logger);
  }
  return { logger: logger as Logger, rank };
}

/**
 * Writes `message` at the level of `rank` when the log goes that far. Lines are built only from the
 * method, path, status, timings, request ids and error classes: never a header or a body, so never
 * the API key or connection credentials. A request id and an error's cause are the server's or the
 * network's text, so the line is cleared of control characters, as error messages are.
 */
export function writeLog(log: Log, rank: number, message: string): void {
  if (rank <= log.rank) log.logger[LEVELS[rank] as 'warn'](`[spartera] ${oneLine(message)}`);
}
