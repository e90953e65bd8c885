/**
 * Wall-clock times in a named zone, and Graph's date-time strings.
 * Graph writes local times as "2026-12-01T10:00:00.0000000" with a separate zone
 * name (https://learn.microsoft.com/graph/api/resources/datetimetimezone?view=graph-rest-1.0);
 * it accepts Windows zone names as well as IANA ones.
 */
import { TZDate } from '@date-fns/tz';
import { GraphError } from './errors.ts';
import type { DateTimeTimeZone } from './types.ts';

const WINDOWS_ZONES: Record<string, string> = {
  'gmt standard time': 'Europe/London',
  utc: 'UTC',
  'coordinated universal time': 'UTC',
  'w. europe standard time': 'Europe/Berlin',
};

/** Zones already checked: building an Intl formatter per event is slow. */
const KNOWN = new Set<string>(['UTC', 'Europe/London']);

/** The IANA zone for a Graph zone name; 400 for one we do not know. */
export function ianaZone(name: string | undefined): string {
  if (!name) return 'UTC';
  const mapped = WINDOWS_ZONES[name.toLowerCase()];
  if (mapped) return mapped;
  if (KNOWN.has(name)) return name;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    KNOWN.add(name);
    return name;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new GraphError(
      400,
      'TimeZoneNotSupportedException',
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`,
    );
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** Milliseconds since the epoch of a wall-clock time in `zone`. */
export function localToMs(local: string, zone: string): number {
  const m = LOCAL.exec(local);
  if (!m) throw new GraphError(400, 'ErrorInvalidRequest', `Cannot parse date-time '${local}'.`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new TZDate(y, mo - 1, d, h, mi, s, zone).getTime();
}

export function dateTimeZoneToMs(value: DateTimeTimeZone | undefined, what: string): number {
  if (!value || typeof value.dateTime !== 'string')
    throw new GraphError(400, 'ErrorInvalidRequest', `${what} is required.`);
  // A dateTime carrying its own offset wins over timeZone, as Graph does.
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value.dateTime)) return parseInstant(value.dateTime, what);
  return localToMs(value.dateTime, ianaZone(value.timeZone));
}

/** A query-string instant: ISO 8601; without an offset it is UTC, as Graph documents for calendarView. */
export function parseInstant(value: string | null, what: string): number {
  if (!value)
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      `This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.`,
    );
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms))
    throw new GraphError(400, 'ErrorInvalidParameter', `${what}: cannot parse '${value}'.`);
  return ms;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Local parts of an instant in `zone`. */
export function partsIn(ms: number, zone: string): { date: string; time: string; dow: number } {
  const t = new TZDate(ms, zone);
  return {
    date: `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`,
    time: `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`,
    dow: t.getDay(),
  };
}

/** Graph's output form of an instant in the zone a request asked for. */
export function toDateTimeTimeZone(ms: number, zone: string, zoneLabel = zone): DateTimeTimeZone {
  const p = partsIn(ms, zone);
  return { dateTime: `${p.date}T${p.time}.0000000`, timeZone: zoneLabel };
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Calendar-date arithmetic on YYYY-MM-DD strings, independent of any zone. */
export function addDays(date: string, days: number): string {
  const t =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) +
    days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export const DAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
