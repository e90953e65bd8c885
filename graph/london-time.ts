/**
 * London wall-clock times as Graph writes them. Cadence asks Graph for
 * Europe/London everywhere (`Prefer: outlook.timezone`), but a response may
 * still come in UTC — getSchedule answers in UTC when the header is missing
 * (https://learn.microsoft.com/graph/api/calendar-getschedule#request-headers) —
 * so every time read is converted, not trusted.
 */
import { TZDate } from '@date-fns/tz';
import type { IsoDate, LondonDateTime } from './types.ts';

export const LONDON = 'Europe/London';
export const PREFER_LONDON = { Prefer: `outlook.timezone="${LONDON}"` };

const LONDON_NAMES = new Set(['europe/london', 'gmt standard time']);
const UTC_NAMES = new Set(['utc', 'etc/utc', 'coordinated universal time', 'z']);
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;

/** Graph's `{dateTime, timeZone}` as a London wall-clock time, or null when the zone is not one we know. */
export function londonFromGraph(value: {
  dateTime: string;
  timeZone?: string | null | undefined;
}): LondonDateTime | null {
  const match = WALL_CLOCK.exec(value.dateTime);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '00'] = match;
  const zone = (value.timeZone ?? 'UTC').toLowerCase();
  if (LONDON_NAMES.has(zone)) return `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  if (!UTC_NAMES.has(zone)) return null;
  const instant = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const london = new TZDate(instant, LONDON);
  return `${london.getFullYear()}-${pad(london.getMonth() + 1)}-${pad(london.getDate())}T${pad(london.getHours())}:${pad(london.getMinutes())}:${pad(london.getSeconds())}`;
}

/** Our time as Graph takes it. */
export function graphTime(value: LondonDateTime): { dateTime: string; timeZone: string } {
  return { dateTime: value, timeZone: LONDON };
}

/** A London wall-clock time as the ISO instant Graph's query parameters take (`startDateTime=…`). */
export function instantOf(value: LondonDateTime): string {
  const match = WALL_CLOCK.exec(value);
  if (!match) throw new RangeError(`not a London date-time: ${value}`);
  const [, year, month, day, hour, minute, second = '00'] = match;
  const instant = new TZDate(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    LONDON,
  ).getTime();
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

export function dateOf(value: LondonDateTime): IsoDate {
  // A LondonDateTime is written by londonDateTime() or read through zod: its first ten characters are a real date.
  return value.slice(0, 10) as IsoDate;
}

/**
 * Splits a window into as few consecutive pieces as keep each within
 * `maxDays` days of wall clock, all of one length (to the minute), so no
 * piece is a short tail that a day-long availabilityViewInterval would not
 * fit. getSchedule refuses a window of more than 62 days
 * (ErrorTimeIntervalTooBig; microsoftgraph/microsoft-graph-docs pull request
 * 19703; https://learn.microsoft.com/graph/api/calendar-getschedule), so the
 * default is 61: a clock change inside a piece moves it by an hour, never past 62.
 */
export function splitWindow(
  from: LondonDateTime,
  to: LondonDateTime,
  maxDays = 61,
): { from: LondonDateTime; to: LondonDateTime }[] {
  const start = naive(from);
  const end = naive(to);
  const count = Math.max(1, Math.ceil((end - start) / (maxDays * 86_400_000)));
  const step = Math.ceil((end - start) / count / 60_000) * 60_000;
  const pieces: { from: LondonDateTime; to: LondonDateTime }[] = [];
  for (let at = start; at < end; at += step)
    pieces.push({ from: fromNaive(at), to: fromNaive(Math.min(at + step, end)) });
  return pieces;
}

/** Wall-clock arithmetic: a London time read as if it were UTC, so a day is always 24 hours. */
function naive(value: LondonDateTime): number {
  const match = WALL_CLOCK.exec(value);
  if (!match) throw new RangeError(`not a London date-time: ${value}`);
  const [, year, month, day, hour, minute, second = '00'] = match;
  return Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
}

function fromNaive(ms: number): LondonDateTime {
  return new Date(ms).toISOString().slice(0, 19);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
