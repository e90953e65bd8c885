/**
 * A mailbox's working hours, as getSchedule gives them, in London on each date.
 *
 * getSchedule returns `workingHours` in the zone the mailbox keeps them in
 * (https://learn.microsoft.com/graph/api/resources/workinghours): a Windows or
 * IANA name, or a `customTimeZone` with its own bias and transitions
 * (https://learn.microsoft.com/graph/api/resources/customtimezone). Hours of
 * 09:00–17:00 kept in UTC are 10:00–18:00 in London in British Summer Time and
 * 09:00–17:00 in winter, so they are converted date by date, never read as
 * London wall-clock times.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, isoDayFromJs, isoDayOf, WEEKDAY_NAMES, weekdayName } from '../rules/index.ts';
import { LONDON } from './london-time.ts';
import type { DayHours, IsoDate, Weekday, MailboxWorkingHours } from './types.ts';
import { ianaZoneOf } from './windows-zones.ts';

export interface GraphTransition {
  time?: string | null;
  dayOccurrence?: number | null;
  dayOfWeek?: string | null;
  month?: number | null;
  daylightBias?: number | null;
}

/** Graph's timeZoneBase: a name, or a customTimeZone (which has a name too). */
export interface GraphZone {
  name?: string | null;
  bias?: number | null;
  standardOffset?: GraphTransition | null;
  daylightOffset?: GraphTransition | null;
}

export interface GraphWorkingHours {
  daysOfWeek: string[];
  startTime: string;
  endTime: string;
  timeZone?: GraphZone | null;
}

/** A local wall-clock time (date, minutes from midnight) in the mailbox's zone as an instant. */
type ToInstant = (date: IsoDate, minutes: number) => number;

/**
 * Working hours as Outlook holds them, with their London hours on every date from `from` to `to`.
 * A zone Cadence cannot read (an unknown name) is taken as London's, the council's own.
 */
export function workingHoursInLondon(
  hours: GraphWorkingHours,
  from: IsoDate,
  to: IsoDate,
): MailboxWorkingHours {
  const days = WEEKDAY_NAMES.filter((day) =>
    hours.daysOfWeek.some((given) => given.toLowerCase() === day),
  );
  const start = hours.startTime.slice(0, 5);
  const end = hours.endTime.slice(0, 5);
  const zone = hours.timeZone ?? null;
  const toInstant = instantsIn(zone) ?? instantsIn({ name: LONDON })!;
  const london: DayHours[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const piece = londonHoursOn(date, days, minutesOf(start), minutesOf(end), toInstant);
    if (piece) london.push(piece);
  }
  return {
    days,
    start,
    end,
    timeZone: zone?.name ?? 'GMT Standard Time',
    london: { from, to, days: london },
  };
}

/**
 * The London hours worked on one London date: each working day in the mailbox's zone that could
 * touch it (the day before, the day, the day after) made into instants and cut to this date; the
 * longest piece wins (hours kept far from London can straddle midnight here).
 */
function londonHoursOn(
  date: IsoDate,
  days: readonly Weekday[],
  startMin: number,
  endMin: number,
  toInstant: ToInstant,
): DayHours | null {
  const dayStart = new TZDate(...ymd(date), 0, 0, 0, LONDON).getTime();
  const dayEnd = new TZDate(...ymd(addDays(date, 1)), 0, 0, 0, LONDON).getTime();
  let best: [number, number] | null = null;
  for (const local of [addDays(date, -1), date, addDays(date, 1)]) {
    if (!days.includes(weekdayOf(local))) continue;
    const from = Math.max(toInstant(local, startMin), dayStart);
    // 00:00 as an end is midnight at the end of the day.
    const to = Math.min(toInstant(local, endMin > startMin ? endMin : endMin + 1440), dayEnd);
    if (to > from && (!best || to - from > best[1] - best[0])) best = [from, to];
  }
  if (!best) return null;
  return { date, start: londonClock(best[0], date), end: londonClock(best[1], date) };
}

function instantsIn(zone: GraphZone | null): ToInstant | null {
  if (zone && typeof zone.bias === 'number') return customZone(zone);
  const iana = ianaZoneOf(zone?.name ?? 'GMT Standard Time');
  if (!iana) return null;
  // Hours past 23 (an end after midnight) roll into the next day, as Date's do.
  return (date, minutes) =>
    new TZDate(...ymd(date), Math.floor(minutes / 60), minutes % 60, 0, iana).getTime();
}

/**
 * A customTimeZone: UTC = local + bias, plus daylightBias while daylight time is in force, in
 * minutes. That is the sign Graph sends (a US Pacific mailbox has bias +480, as
 * microsoftgraph/microsoft-graph-docs-contrib issue 562 found), and Windows' and EWS' convention
 * (https://learn.microsoft.com/exchange/client-developer/web-service-reference/bias), though the
 * customTimeZone page words it the other way round.
 */
function customZone(zone: GraphZone): ToInstant {
  const bias = zone.bias ?? 0;
  const daylight = zone.daylightOffset;
  const standard = zone.standardOffset;
  const observesDaylight =
    !!daylight?.month && !!standard?.month && (daylight.daylightBias ?? 0) !== 0;
  return (date, minutes) => {
    const local = Date.UTC(...ymd(date)) + minutes * 60_000;
    let offset = bias;
    if (observesDaylight) {
      const year = Number(date.slice(0, 4));
      const toDaylight = transitionIn(year, daylight);
      const toStandard = transitionIn(year, standard);
      // Northern zones are in daylight time between the two; southern ones outside them.
      const inDaylight =
        toDaylight < toStandard
          ? local >= toDaylight && local < toStandard
          : local >= toDaylight || local < toStandard;
      if (inDaylight) offset += daylight.daylightBias ?? 0;
    }
    return local + offset * 60_000;
  };
}

/** The local wall-clock moment (as if UTC) of a transition in a year: the nth (5 = last) weekday of the month, at its time. */
function transitionIn(year: number, t: GraphTransition): number {
  const month = (t.month ?? 1) - 1;
  const iso = isoDayOf(t.dayOfWeek ?? 'sunday');
  // Sunday = 0 … Saturday = 6, as getUTCDay() below counts; an unknown name is -1.
  const weekday = iso === undefined ? -1 : iso % 7;
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  let day = 1 + ((weekday - first + 7) % 7) + 7 * ((t.dayOccurrence ?? 1) - 1);
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return Date.UTC(year, month, day) + minutesOf((t.time ?? '00:00').slice(0, 5)) * 60_000;
}

/** `HH:mm` in London of an instant on `date`; the midnight ending the date is `24:00`. */
function londonClock(ms: number, date: IsoDate): string {
  const t = new TZDate(ms, LONDON);
  const sameDay = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}` === date;
  return sameDay ? `${pad(t.getHours())}:${pad(t.getMinutes())}` : '24:00';
}

function weekdayOf(date: IsoDate): Weekday {
  return weekdayName(isoDayFromJs(new Date(Date.UTC(...ymd(date))).getUTCDay()));
}

function ymd(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))];
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
