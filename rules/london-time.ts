/**
 * Instants and London days. Councils keep their calendars in Europe/London:
 * a session at 23:30 UTC on 30 June is on 1 July. These are pure conversions;
 * reading the clock stays with the caller.
 */
import { TZDate } from '@date-fns/tz';
// The subpath, not 'date-fns': the package's index loads all its ~300 modules.
import { format } from 'date-fns/format';
import { parseIsoDate, type IsoDate } from './calendar-date.ts';

export const COUNCIL_TIME_ZONE = 'Europe/London';

/** The London calendar date of an instant. */
export function londonDate(instant: Date): IsoDate {
  return parseIsoDate(format(new TZDate(instant, COUNCIL_TIME_ZONE), 'yyyy-MM-dd'));
}

/** The instant a London day ends (midnight starting the next day). */
export function endOfLondonDay(date: IsoDate): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day + 1, 0, 0, 0, COUNCIL_TIME_ZONE).getTime());
}

/** The instant of a London wall-clock time on a date ("10:30" on 2026-07-01 is 09:30Z). */
export function londonInstant(date: IsoDate, time: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hours, minutes, 0, COUNCIL_TIME_ZONE).getTime());
}

/** An instant as London wall-clock text, `YYYY-MM-DDTHH:mm:ss` (how Cadence talks to Outlook). */
export function londonDateTime(instant: Date): string {
  return format(new TZDate(instant, COUNCIL_TIME_ZONE), "yyyy-MM-dd'T'HH:mm:ss");
}

/** The instant of London wall-clock text `YYYY-MM-DDTHH:mm[:ss]`. */
export function fromLondonDateTime(text: string): Date {
  return londonInstant(parseIsoDate(text.slice(0, 10)), text.slice(11, 16));
}
