/**
 * Sessions booked with a supervisor's cover (docs/roster.md#cover): a session
 * the planner could not place because the supervisor is away (their calendar
 * busy through its whole window) is, where a cover period spans part of that
 * window, placed in the cover's and the supervisee's free time instead of
 * being cancelled. The supervisor's occurrence is still cancelled; the cover
 * organises a meeting of their own, one session long.
 */
import type { IsoDate } from '../rules/index.ts';
import { NO_AVAILABILITY } from './availability.ts';
import { placeOnItsOwn, windowStartOf } from './one-session.ts';
import type { Availability, PlannedSeries } from './planner.ts';
import type { CoverPeriod } from './ports/index.ts';

export interface CoveredSession {
  cover: CoverPeriod;
  /** A series of one occurrence, in the cover's calendar. */
  series: PlannedSeries;
}

/**
 * For each unplaceable session of `series` whose window meets a cover period
 * of the supervisor: the nearest time the cover and the supervisee are both
 * free, inside the cover period and no later than the session's latest date.
 * `take` is told of each, so two covered sessions never share a time.
 */
export function coverUnplaceable(
  parties: { supervisorUpn: string; superviseeUpn: string },
  series: readonly PlannedSeries[],
  covers: readonly CoverPeriod[],
  availability: ReadonlyMap<string, Availability>,
  today: IsoDate,
  take: (upns: string[], series: PlannedSeries[]) => void,
): CoveredSession[] {
  const supervisor = parties.supervisorUpn.toLowerCase();
  const supervisee = parties.superviseeUpn.toLowerCase();
  const own = covers.filter(
    (c) =>
      c.supervisor.upn.toLowerCase() === supervisor && c.cover.upn.toLowerCase() !== supervisee,
  );
  const covered: CoveredSession[] = [];
  for (const s of series) {
    for (const lost of s.unplaceable) {
      const windowStart = windowStartOf(s, lost);
      for (const cover of own) {
        const coverCalendar = availability.get(cover.cover.upn.toLowerCase());
        if (!coverCalendar) continue;
        const one = placeOnItsOwn(
          s,
          lost,
          {
            earliest: [cover.fromOn as IsoDate, today, windowStart].sort().at(-1)!,
            latest: [cover.toOn as IsoDate, lost.latest].sort()[0]!,
          },
          coverCalendar,
          availability.get(supervisee) ?? NO_AVAILABILITY,
        );
        if (!one) continue;
        take([cover.cover.upn, parties.superviseeUpn], [one]);
        covered.push({ cover, series: one });
        break;
      }
    }
  }
  return covered;
}
