/**
 * What the supervisee finds in her inbox after Cadence books her sessions:
 * book() through the real Graph client and adapter over HTTP to the Graph
 * emulator, whose mail log counts every meeting request, update and
 * cancellation Exchange would send (graph/emulator/mail-log.ts has the rules
 * and their sources). Today is Monday 23 November 2026.
 *
 * In the first test the supervisor's calendar is full on every working day
 * from now to April except four: 4 December, 31 December, 27 January and 23 February. No
 * weekday and time falls on all four, so a monthly series moves three of its
 * sessions onto them, and the fifth session, due by 23 March, has nowhere to go.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { createCalendarAdapter, createGraphClient } from '../graph/index.ts';
import {
  emulatorConnection,
  startGraphEmulator,
  type GraphEmulator,
} from '../graph/emulator/index.ts';
import { addDays, isoWeekday, parseIsoDate } from '../rules/index.ts';
import { bookingStore, migrate, openPglite, type Database } from '../store/index.ts';
import { book } from '../supervision/index.ts';
import { seedRoster, seedSession } from './support/seed.ts';

const NOW = new Date('2026-11-23T09:00:00Z');
const FREE_DAYS = new Set(['2026-12-04', '2026-12-31', '2027-01-27', '2027-02-23']);
const SUPERVISOR = 'tm@x.example';
const SUPERVISEE = 'sw@x.example';

/** The supervisor's working days from today to April, each busy all day except `free`. */
function busyDays(free: ReadonlySet<string>): {
  mailbox: string;
  subject: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  showAs: 'busy';
}[] {
  const out = [];
  for (let day = parseIsoDate('2026-11-23'); day < '2027-04-30'; day = addDays(day, 1)) {
    if (isoWeekday(day) > 5 || free.has(day)) continue;
    out.push({
      mailbox: SUPERVISOR,
      subject: 'Court',
      start: { dateTime: `${day}T08:00:00`, timeZone: 'Europe/London' },
      end: { dateTime: `${day}T18:00:00`, timeZone: 'Europe/London' },
      showAs: 'busy' as const,
    });
  }
  return out;
}

describe('what a supervisee receives when Cadence books her series', () => {
  let emulator: GraphEmulator;
  let db: Database;
  /** Starts the emulator with the supervisor free only on `free`. */
  async function calendars(free: ReadonlySet<string>) {
    emulator = await startGraphEmulator({ now: () => NOW.getTime() });
    emulator.seed(
      [
        { displayName: 'Tara Lead', userPrincipalName: SUPERVISOR },
        { displayName: 'Sam Worker', userPrincipalName: SUPERVISEE, manager: SUPERVISOR },
      ],
      busyDays(free),
    );
    emulator.resetLog();
    return createCalendarAdapter(
      createGraphClient({ ...emulatorConnection(emulator), retry: { delaySeconds: 0 } }),
    );
  }
  beforeEach(async () => {
    db = await openPglite();
    await migrate(db);
    await seedRoster(db, [
      `${SUPERVISOR},Tara Lead,team-manager,solihull,2018-01-01,,Assessment,,`,
      `${SUPERVISEE},Sam Worker,social-worker,solihull,2020-01-01,${SUPERVISOR},Assessment,,`,
    ]);
    await seedSession(db, SUPERVISEE, '2026-11-10', 'held');
  });
  afterEach(async () => {
    await db.close();
    await emulator.close();
  });

  it('three moved sessions and one that cannot be placed reach her as one invitation and three updates, nothing more', async () => {
    const calendar = await calendars(FREE_DAYS);
    const report = await book(
      { store: bookingStore(db), calendar, clock: fixedClock(NOW) },
      { supervisorUpn: SUPERVISOR },
      { dryRun: false, horizonMonths: 4, durationMinutes: 60 },
    );
    expect(report.failures).toEqual([]);
    // The plan: Fridays every 4 weeks, three moved onto the free days; the fifth session is due by
    // 23 March and the calendar is full until then, so the planner reports it unplaceable.
    const [series] = report.planned[0]!.series;
    expect(series!.occurrences.map((o) => o.date)).toEqual([
      '2026-12-04',
      '2026-12-31',
      '2027-01-27',
      '2027-02-23',
    ]);
    expect(report.booked).toEqual({ series: 1, sessions: 4, moved: 3, cancelled: 1 });
    // Before, the unplaceable session went to Outlook as a series of its own and was then cancelled:
    // a second invitation and a cancellation, six messages in all.
    const inbox = emulator
      .mailFor(SUPERVISEE)
      .map((m) => `${m.kind}${m.occurrence ? ` ${m.occurrence}` : ''}`);
    expect(inbox).toEqual([
      'request',
      'update 2027-01-01',
      'update 2027-01-29',
      'update 2027-02-26',
    ]);
    expect(emulator.mailFor(SUPERVISOR)).toEqual([]);
    const [row] = await db.query<{ status: string }>(
      `SELECT status FROM sessions WHERE move_reason = 'unplaceable'`,
    );
    expect(row?.status).toBe('cancelled');
    // Booking again sends nothing: the unplaceable session is not tried again in Outlook.
    await book(
      { store: bookingStore(db), calendar, clock: fixedClock(NOW) },
      { supervisorUpn: SUPERVISOR },
      { dryRun: false, horizonMonths: 4, durationMinutes: 60 },
    );
    expect(emulator.mailFor(SUPERVISEE)).toHaveLength(4);
  });

  it('when no session can be placed, nothing reaches Outlook or her inbox, and the sessions are reported', async () => {
    const calendar = await calendars(new Set());
    const report = await book(
      { store: bookingStore(db), calendar, clock: fixedClock(NOW) },
      { supervisorUpn: SUPERVISOR },
      { dryRun: false, horizonMonths: 3, durationMinutes: 60 },
    );
    expect(report.failures).toEqual([]);
    const unplaceable = report.planned[0]!.series.flatMap((s) => s.unplaceable);
    expect(unplaceable.length).toBeGreaterThan(0);
    expect(report.booked).toEqual({
      series: 0,
      sessions: 0,
      moved: 0,
      cancelled: unplaceable.length,
    });
    expect(emulator.mailLog()).toEqual([]);
    expect(
      emulator.requestLog.filter(
        (r) => r.method !== 'GET' && !r.path.endsWith('/getSchedule') && r.path !== '/$batch',
      ),
    ).toEqual([]);
    const rows = await db.query<{ status: string }>(`SELECT b.status FROM booking_series b`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'done'));
  });
});
