/**
 * Booking the same council with its teams' group supervision (issue 15):
 * each of the 120 team managers facilitates a monthly group of their six
 * staff (booking-council.ts `groupsCsv`). Target: Graph requests per session
 * booked no worse than for the council's one-to-ones alone (booking.ts), so
 * booking groups costs Outlook no more a meeting than booking two people.
 */
import { fixedClock } from '../app/clock.ts';
import { createCalendarAdapter, createGraphClient } from '../graph/index.ts';
import { emulatorConnection } from '../graph/emulator/index.ts';
import { fromLondonDateTime } from '../rules/index.ts';
import { bookingStore } from '../store/index.ts';
import { book, type PlannedSeries } from '../supervision/index.ts';
import { BOOKING_COUNCIL_TODAY as TODAY, type BookingCouncil } from './booking-council.ts';
import { LATENCY_MS, setUp, tearDown } from './booking-setup.ts';
import type { Figures } from './due-dates.ts';

/**
 * What Outlook must be sent for these series, as booking.ts's lower bound
 * counts it: a create, a page of instances per 10 occurrences, a PATCH per
 * occurrence moved off its regular slot and a DELETE per unplaceable one.
 */
function requestsFor(series: readonly PlannedSeries[]): { requests: number; sessions: number } {
  const placed = series.filter((s) => s.occurrences.length > 0);
  return {
    requests: placed.reduce(
      (sum, s) =>
        sum +
        1 +
        Math.ceil(s.occurrences.length / 10) +
        s.occurrences.filter((o) => o.moved).length +
        s.unplaceable.length,
      0,
    ),
    sessions: placed.reduce((sum, s) => sum + s.occurrences.length, 0),
  };
}

const n = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function bookingWithGroups(
  rosterPath: string,
  council: BookingCouncil,
  oneToOnePerSession: number,
): Promise<Figures> {
  const world = await setUp(rosterPath, council.csv, council.groupsCsv);
  const { emulator, db } = world;
  try {
    const client = createGraphClient({
      ...emulatorConnection(emulator),
      retry: { delaySeconds: 1 },
    });
    emulator.resetLog();
    const started = performance.now();
    const report = await book(
      {
        store: bookingStore(db),
        calendar: createCalendarAdapter(client),
        clock: fixedClock(fromLondonDateTime(`${TODAY}T09:00`)),
      },
      { all: true },
      { dryRun: false, horizonMonths: 3, durationMinutes: 60 },
    );
    const wallMs = performance.now() - started;
    const { graphRequests } = emulator.counters;
    const [groups] = await db.query<{ series: string; sessions: string; groups: string }>(
      `SELECT count(DISTINCT booking_series_id) AS series, count(*) AS sessions, count(DISTINCT group_id) AS groups
         FROM sessions WHERE group_id IS NOT NULL AND status = 'booked'`,
    );
    const perSession = graphRequests / Math.max(report.booked.sessions, 1);
    // The same run split by kind: a group's meetings against the one-to-ones booked beside them.
    const group = requestsFor(report.groups.flatMap((g) => g.series));
    const oneToOne = requestsFor(report.planned.flatMap((p) => p.series));
    const groupPer = group.requests / Math.max(group.sessions, 1);
    const oneToOnePer = oneToOne.requests / Math.max(oneToOne.sessions, 1);
    const groupFailures = report.failures.filter((f) => f.group).length;
    return {
      name: `booking ${n(council.relationships)} relationships and ${n(report.groups.length)} team groups × 3 months, book() with $batch`,
      runsMs: [wallMs],
      detail:
        `writes and reads per meeting booked, groups ${n(groupPer, 3)} (${n(group.requests)} for ${n(group.sessions)} meetings) against one-to-ones ${n(oneToOnePer, 3)} (${n(oneToOne.requests)} for ${n(oneToOne.sessions)}): ` +
        `${groupPer <= oneToOnePer ? 'met' : 'MISSED'} (no worse than one-to-ones); ` +
        `Graph requests per session booked, whole run ${n(perSession, 3)} (the council without groups: ${n(oneToOnePerSession, 3)}); ` +
        `${n(graphRequests)} requests for ${n(report.booked.series)} series and ${n(report.booked.sessions)} sessions, ` +
        `of which ${n(Number(groups!.groups))} groups booked in ${n(Number(groups!.series))} series, ${n(Number(groups!.sessions))} meetings; ` +
        `${report.failures.length} failures (${groupFailures} of groups); ${LATENCY_MS} ms a round trip`,
    };
  } finally {
    await tearDown(world);
  }
}
