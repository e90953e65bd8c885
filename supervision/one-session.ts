/**
 * A session a series could not place, placed on its own: the nearest time two
 * people are free inside a window, as a series of one occurrence. Used where
 * someone else can hold it (a cover, cover-booking.ts) or where fewer people
 * need to be free than the series asked (one supervisor's turn, alternation.ts).
 */
import { addDays, isoWeekday, londonDateTime, type IsoDate } from '../rules/index.ts';
import { proposeSlot, type Availability, type PlannedSeries } from './planner.ts';

export type LostSession = PlannedSeries['unplaceable'][number];

/** Its window: from one interval before its latest date (the session before it), to the latest date. */
export function windowStartOf(s: PlannedSeries, lost: LostSession): IsoDate {
  return addDays(lost.latest, -7 * s.everyWeeks + 1);
}

/** The session of `s` that was `lost`, at the nearest free time in [earliest, latest], or undefined. */
export function placeOnItsOwn(
  s: PlannedSeries,
  lost: LostSession,
  window: { earliest: IsoDate; latest: IsoDate },
  organiser: Availability,
  supervisee: Availability,
): PlannedSeries | undefined {
  const { earliest, latest } = window;
  if (earliest > latest) return undefined;
  const wanted = lost.regularDate < earliest ? earliest : lost.regularDate;
  const slot = proposeSlot({
    wanted: { date: wanted > latest ? latest : wanted, time: s.time },
    earliest,
    latest,
    durationMinutes: s.durationMinutes,
    supervisor: organiser,
    supervisee,
  });
  if (!slot) return undefined;
  const date = londonDateTime(slot.start).slice(0, 10) as IsoDate;
  return {
    type: s.type,
    everyWeeks: 1,
    weekday: isoWeekday(date),
    time: londonDateTime(slot.start).slice(11, 16),
    durationMinutes: s.durationMinutes,
    firstDate: date,
    lastDate: date,
    occurrences: [
      {
        latest: lost.latest,
        regular: { date, start: slot.start },
        date,
        start: slot.start,
        end: slot.end,
      },
    ],
    unplaceable: [],
  };
}
