/**
 * The embedded mode's log (`npm start`): the same events as production's
 * JSON lines, as one short line a person reads in a terminal, e.g.
 * `2026-11-23 09:00 turn actor=12 conversation=personal command=overdue outcome=overdue:3 ms=41`.
 */
import type { LogEvent } from '../supervision/index.ts';

export function logLine(at: string, { event, level, detail, ...fields }: LogEvent): string {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value === null ? '-' : String(value)}`);
  if (detail) parts.push(`detail=${JSON.stringify(detail)}`);
  return [at, level && level !== 'debug' ? level.toUpperCase() : null, event, ...parts]
    .filter(Boolean)
    .join(' ');
}
