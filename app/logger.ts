/**
 * The production log: pino, one JSON object a line on stdout, where Azure
 * Container Apps collects a container's console output into Log Analytics
 * (https://learn.microsoft.com/azure/container-apps/log-options). Levels are
 * pino's numbers (30 info, 40 warn, 50 error); every line carries `instance`
 * and `time` (ISO 8601, real time even when the business clock is pinned).
 *
 * What goes in is ids, names from fixed lists, counts, durations and status
 * codes (see bot/handler.ts's LogEvent); redaction is the second line of
 * defence, for a secret that reaches a log object by mistake.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { EventLog, LogEvent } from '../supervision/index.ts';
import type { Config } from './config.ts';

/** Keys that could hold a secret, at the top level and one level down. */
const SECRET_KEYS = [
  'authorization',
  'password',
  'appPassword',
  'clientSecret',
  'databaseUrl',
  'connectionString',
  'DATABASE_URL',
  'GRAPH_CLIENT_SECRET',
  'MicrosoftAppPassword',
];
export const REDACTED_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  level: Config['logLevel'];
  instance: string;
  /** Where lines go: stdout by default (tests pass a stream of their own). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { instance: options.instance },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    // Synchronous: the last lines before an exit (a failed start, the end of a shutdown) are not lost in a buffer.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The bot stack's log, written through `logger` at the level each event asks for. */
export function eventLog(logger: Logger): EventLog {
  return ({ level, ...fields }: LogEvent) => logger[level ?? 'info'](fields);
}

/**
 * What may be logged of an error: its class name and its code (a PostgreSQL
 * SQLSTATE such as 57P01, or ECONNREFUSED), never its message, which can
 * carry a host, a user, a value from a row or a connection string.
 */
export function errorFields(error: unknown): Pick<LogEvent, 'error' | 'code'> {
  if (!(error instanceof Error)) return { error: 'unknown' };
  const code = (error as { code?: unknown }).code;
  return {
    error:
      error.constructor.name === 'Error' || error.constructor.name === ''
        ? error.name
        : error.constructor.name,
    ...(typeof code === 'string' && /^[A-Za-z0-9_]{2,40}$/.test(code) && { code }),
  };
}

export type { Logger };
