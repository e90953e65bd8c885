/**
 * The log port: what the bot, the jobs and the app report about what
 * happened. Declared here, below every room that logs, and implemented once,
 * by app/logger.ts.
 *
 * One log line: ids, names from fixed lists, counts, durations and outcomes.
 * Never what anyone typed, a card's data or a record's content: a command is
 * logged only as one of the known commands (anything else is "unrecognised"),
 * a card action only by its verb.
 */
export interface LogEvent {
  event: string;
  /** Info when absent. */
  level?: 'debug' | 'warn' | 'error';
  actor?: number | null;
  /** Teams' conversation type: personal, groupChat or channel ("other" for anything else). */
  conversation?: string;
  /** One of the known commands, or "unrecognised". */
  command?: string;
  /** A card action's verb, or "tampered" when its data did not parse. */
  verb?: string;
  outcome?: string;
  ms?: number;
  /** An error's class name, never its message (a driver's message can carry data or a host). */
  error?: string;
  /** An error's code (a PostgreSQL SQLSTATE, ECONNREFUSED), when it has one. */
  code?: string;
  job?: string;
  runKey?: string;
  status?: string;
  count?: number;
  /** A job's outcome: ids and counts only (JobDefinition's contract). */
  detail?: Record<string, unknown>;
}

/** Where events are logged: the app's JSON logger in production, an array in tests. */
export type EventLog = (event: LogEvent) => void;
