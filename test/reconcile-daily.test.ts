/**
 * The daily job against a Graph emulator as strict as Microsoft Graph: bare
 * delta occurrences, delta links that expire, Exchange RBAC scopes, windows
 * fixed in the token. The real job (app/job-list.ts), the real Graph adapter
 * over HTTP, PGlite. Each test starts on Monday 23 November 2026, 06:30 London.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dailyBookingJob } from '../app/job-list.ts';
import { readConfig } from '../app/config.ts';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  startGraphEmulator,
  type EmulatorOptions,
  type GraphEmulator,
} from '../graph/emulator/index.ts';
import {
  addDays,
  fromLondonDateTime,
  londonDate,
  parseIsoDate,
  type IsoDate,
} from '../rules/index.ts';
import { mailboxProblems, migrate, openPglite, type Database } from '../store/index.ts';
import type { Clock } from '../supervision/index.ts';
import { emulatorCalendar } from './support/emulator-env.ts';
import { seedRoster } from './support/seed.ts';

const HEADER = 'upn,name,role,policy,started,supervisor_upn,manager_upn,uses_teams';
const START = parseIsoDate('2026-11-23');

/** `n` supervisors, each with one supervisee. */
function team(n: number) {
  const pairs = Array.from({ length: n }, (_, i) => ({
    supervisor: `lead${i + 1}@x.example`,
    supervisee: `worker${i + 1}@x.example`,
    name: `Worker ${i + 1}`,
  }));
  const roster = [
    'head@x.example,Hana Head,service-manager,solihull,2015-01-01,,,yes',
    ...pairs.flatMap((p, i) => [
      `${p.supervisor},Lead ${i + 1},team-manager,solihull,2018-01-01,head@x.example,,yes`,
      `${p.supervisee},${p.name},social-worker,solihull,2020-01-01,${p.supervisor},,yes`,
    ]),
  ];
  const users = [
    { displayName: 'Hana Head', userPrincipalName: 'head@x.example', jobTitle: 'Service Manager' },
    ...pairs.flatMap((p, i) => [
      {
        displayName: `Lead ${i + 1}`,
        userPrincipalName: p.supervisor,
        jobTitle: 'Team Manager',
        manager: 'head@x.example',
      },
      {
        displayName: p.name,
        userPrincipalName: p.supervisee,
        jobTitle: 'Social Worker',
        manager: p.supervisor,
      },
    ]),
  ];
  return { pairs, roster, users };
}

function movableClock(start: Date): Clock & { set(instant: Date): void } {
  let now = start;
  return { now: () => new Date(now), set: (instant) => void (now = instant) };
}

const at0630 = (day: IsoDate): Date => fromLondonDateTime(`${day}T06:30:00`);

interface DailyOutcome {
  reconcile: {
    mailboxes: number;
    reconciled: number;
    resynced: number;
    moved: number;
    lost: { sessionId: number; what: string; proposal: string | null }[];
    unreconciled: {
      mailbox: string;
      problem: string;
      detail: string;
      since: string;
      skipped: boolean;
    }[];
  };
  book: { series: number; sessions: number; failures: number[] };
}

describe('daily job against a strict Graph', () => {
  let emulator: GraphEmulator;
  let db: Database;
  let clock: ReturnType<typeof movableClock>;

  async function setUp(n: number, options: EmulatorOptions = {}) {
    const { pairs, roster, users } = team(n);
    emulator = await startGraphEmulator(options);
    emulator.seed(users);
    db = await openPglite();
    await migrate(db);
    await seedRoster(db, roster, START, HEADER);
    clock = movableClock(at0630(START));
    return pairs;
  }

  async function daily(day: IsoDate): Promise<DailyOutcome> {
    clock.set(at0630(day));
    const job = dailyBookingJob({
      db,
      clock,
      config: readConfig({}),
      calendar: emulatorCalendar(emulator),
    });
    return (await job.run(clock.now())) as unknown as DailyOutcome;
  }

  async function bookedOf(supervisee: string) {
    return db.query<{
      id: string;
      event: string;
      series: string;
      on: string;
      status: string;
      reason: string | null;
    }>(
      `SELECT s.id, s.calendar_event_id AS event, bs.calendar_series_id AS series, (s.starts_at AT TIME ZONE 'Europe/London')::text AS on, s.status, s.move_reason AS reason
         FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
         LEFT JOIN booking_series bs ON bs.id = s.booking_series_id
        WHERE p.upn = $1 AND s.calendar_event_id IS NOT NULL ORDER BY s.starts_at`,
      [supervisee],
    );
  }

  afterEach(async () => {
    await emulator?.close();
    await db?.close();
  });

  it('an expired delta link in the middle of the daily job: that mailbox starts a new window, what changed meanwhile is noticed, booking still runs', async () => {
    const pairs = await setUp(3);
    const first = await daily(START);
    expect(first.book.failures).toEqual([]);
    expect(first.reconcile.lost).toEqual([]);
    // Day 2 sets the baseline links (day 1's sessions were booked after its reconcile).
    expect((await daily(addDays(START, 1))).reconcile).toMatchObject({
      reconciled: 4,
      resynced: 0,
      lost: [],
    });

    const [one, two] = pairs;
    // Sessions still to come after the next run's start.
    const later = async (upn: string) =>
      (await bookedOf(upn)).filter((s) => s.on.slice(0, 10) > addDays(START, 7));
    const [cancelled] = await later(one!.supervisee);
    const moved = (await later(two!.supervisee))[0]!;
    emulator.cancelOccurrence(one!.supervisor, cancelled!.event);
    const movedTo = `${moved.on.slice(0, 10)}T15:00:00`;
    emulator.moveOccurrence(
      two!.supervisor,
      moved.event,
      { dateTime: movedTo, timeZone: 'Europe/London' },
      { dateTime: `${moved.on.slice(0, 10)}T16:00:00`, timeZone: 'Europe/London' },
    );
    // Outlook drops both mailboxes' delta state (410 Gone, syncStateNotFound) before the next run.
    emulator.expireDeltaTokens(one!.supervisor);
    emulator.expireDeltaTokens(two!.supervisor);

    const day3 = await daily(addDays(START, 2));
    expect(day3.reconcile).toMatchObject({
      mailboxes: 4,
      reconciled: 4,
      resynced: 2,
      moved: 1,
      unreconciled: [],
    });
    expect(day3.reconcile.lost).toMatchObject([
      { sessionId: Number(cancelled!.id), what: 'cancelled' },
    ]);
    expect(day3.book.failures).toEqual([]);
    const after = await bookedOf(two!.supervisee);
    expect(after.find((s) => s.id === moved.id)).toMatchObject({
      status: 'booked',
      reason: 'moved-in-outlook',
    });
    expect(after.find((s) => s.id === moved.id)!.on.slice(0, 16)).toBe(
      movedTo.replace('T', ' ').slice(0, 16),
    );
    // Nothing else was taken for cancelled by the new windows, and the next run continues from the new links.
    expect(
      (await bookedOf(one!.supervisee)).filter((s) => s.status === 'cancelled').map((s) => s.id),
    ).toEqual([cancelled!.id]);
    expect((await daily(addDays(START, 3))).reconcile).toMatchObject({
      reconciled: 4,
      resynced: 0,
      moved: 0,
      lost: [],
    });
  }, 240_000);

  it('one supervisor out of the Exchange RBAC scope among twenty: reported with what Graph said, backed off, the other supervisors reconciled and booking still runs', async () => {
    const { users } = team(20);
    const everyone = users.map((u) => u.userPrincipalName);
    // As docs/deploy.md sets Cadence up: nothing in Entra for calendars, Calendars.ReadWrite from Exchange, scoped.
    const pairs = await setUp(20, {
      apps: [
        {
          clientId: EMULATOR_CLIENT_ID,
          clientSecret: EMULATOR_CLIENT_SECRET,
          roles: ['User.Read.All'],
          exchangeRoles: ['Calendars.ReadWrite'],
        },
      ],
      calendarScope: everyone,
    });
    expect((await daily(START)).book.failures).toEqual([]);
    expect((await daily(addDays(START, 1))).reconcile).toMatchObject({
      mailboxes: 21,
      reconciled: 21,
    });

    const outside = pairs[6]!;
    emulator.state.options.calendarScope = everyone.filter((upn) => upn !== outside.supervisor);
    const other = pairs[12]!;
    const [lostOne] = (await bookedOf(other.supervisee)).filter(
      (s) => s.on.slice(0, 10) > addDays(START, 7),
    );
    emulator.cancelOccurrence(other.supervisor, lostOne!.event);

    const day3 = await daily(addDays(START, 2));
    expect(day3.reconcile).toMatchObject({ mailboxes: 21, reconciled: 20 });
    expect(day3.reconcile.unreconciled).toEqual([
      {
        mailbox: outside.supervisor,
        problem: 'no-access',
        detail: '403 ErrorAccessDenied',
        since: at0630(addDays(START, 2)).toISOString(),
        skipped: false,
      },
    ]);
    expect(day3.reconcile.lost).toMatchObject([
      { sessionId: Number(lostOne!.id), what: 'cancelled' },
    ]);
    // Booking goes on for everyone else; the two relationships whose free/busy needs the refused
    // calendar (the supervisor's own, and her supervisee's) are reported, not booked blind.
    const refused = await db.query<{ id: string }>(
      `SELECT r.id FROM relationships r JOIN people sup ON sup.id = r.supervisor_id JOIN people p ON p.id = r.supervisee_id
        WHERE r.to_on IS NULL AND $1 IN (lower(sup.upn), lower(p.upn)) ORDER BY r.id`,
      [outside.supervisor],
    );
    expect(refused).toHaveLength(2);
    expect(day3.book.failures).toEqual(refused.map((r) => Number(r.id)));
    // What `cadence doctor` reads: tried again from the next day's run (a day, less an hour).
    expect(await mailboxProblems(db, clock.now())).toEqual([
      {
        mailbox: outside.supervisor,
        kind: 'no-access',
        detail: '403 ErrorAccessDenied',
        since: at0630(addDays(START, 2)),
        retryAfter: new Date(at0630(addDays(START, 3)).getTime() - 3_600_000),
      },
    ]);

    // Asked again the next day, then left alone for two days: not every run for ever.
    const asked = () =>
      emulator.requestLog.filter(
        (entry) =>
          entry.mailbox === outside.supervisor && entry.path.includes('/calendarView/delta'),
      ).length;
    const before = asked();
    expect((await daily(addDays(START, 3))).reconcile.unreconciled).toMatchObject([
      {
        mailbox: outside.supervisor,
        skipped: false,
        since: at0630(addDays(START, 2)).toISOString(),
      },
    ]);
    expect(asked()).toBe(before + 1);
    expect((await daily(addDays(START, 4))).reconcile.unreconciled).toMatchObject([
      { mailbox: outside.supervisor, skipped: true },
    ]);
    expect(asked()).toBe(before + 1);

    // An administrator puts the mailbox back in scope: it recovers by itself at its next try.
    emulator.state.options.calendarScope = everyone;
    const day6 = await daily(addDays(START, 6));
    expect(day6.reconcile).toMatchObject({ reconciled: 21, unreconciled: [] });
    expect(await mailboxProblems(db, clock.now())).toEqual([]);
  }, 300_000);

  it('six months of daily jobs: the window moves with the booking horizon, and a session booked five months out and moved in Outlook is noticed', async () => {
    const [pair] = await setUp(1);
    // Every fortnight for six months (a daily job that runs as usual, sampled).
    let day: IsoDate = START;
    const firstWindowEnd = addDays(START, 31 * 5);
    for (; day < addDays(START, 150); day = addDays(day, 14)) {
      const outcome = await daily(day);
      expect(outcome.reconcile.unreconciled).toEqual([]);
      expect(outcome.reconcile.lost).toEqual([]);
      expect(outcome.book.failures).toEqual([]);
    }
    // Month five: sessions are booked well past where the first window ended.
    const sessions = await bookedOf(pair!.supervisee);
    const late = sessions.filter(
      (s) => s.status === 'booked' && s.on.slice(0, 10) > firstWindowEnd,
    );
    expect(late.length).toBeGreaterThan(0);
    const target = late[0]!;
    const date = target.on.slice(0, 10);
    emulator.moveOccurrence(
      pair!.supervisor,
      target.event,
      { dateTime: `${date}T14:00:00`, timeZone: 'Europe/London' },
      { dateTime: `${date}T15:00:00`, timeZone: 'Europe/London' },
    );
    const next = await daily(addDays(day, 1));
    expect(next.reconcile).toMatchObject({ reconciled: 2, moved: 1, lost: [] });
    const after = (await bookedOf(pair!.supervisee)).find((s) => s.id === target.id)!;
    expect(after).toMatchObject({ status: 'booked', reason: 'moved-in-outlook' });
    expect(after.on.slice(0, 16)).toBe(`${date} 14:00`);
    // Sanity: the clock really is five months on.
    expect(londonDate(clock.now()) > addDays(START, 140)).toBe(true);
  }, 600_000);

  it('a supervisee declining the whole series: every session of it is noticed as declined, with a replacement proposed', async () => {
    const [pair] = await setUp(1);
    expect((await daily(START)).book.failures).toEqual([]);
    expect((await daily(addDays(START, 1))).reconcile.lost).toEqual([]);
    const sessions = (await bookedOf(pair!.supervisee)).filter((s) => s.status === 'booked');
    const series = sessions[0]!.series;
    // Those still to come when the next run reconciles (sessions already held are history).
    const inSeries = sessions.filter(
      (s) => s.series === series && s.on.slice(0, 10) >= addDays(START, 2),
    );
    expect(inSeries.length).toBeGreaterThan(1);
    emulator.declineSeries(pair!.supervisor, series, pair!.supervisee);
    const outcome = await daily(addDays(START, 2));
    expect(outcome.reconcile.lost.map((l) => l.sessionId).sort()).toEqual(
      inSeries.map((s) => Number(s.id)).sort(),
    );
    expect(outcome.reconcile.lost.every((l) => l.what === 'declined')).toBe(true);
    const ids = new Set(inSeries.map((s) => s.id));
    expect(
      (await bookedOf(pair!.supervisee))
        .filter((s) => ids.has(s.id))
        .map((s) => `${s.status} ${s.reason}`),
    ).toEqual(inSeries.map(() => 'cancelled declined-in-outlook'));
    // A replacement proposed for each: a free time for both, before the session's latest date.
    expect(
      outcome.reconcile.lost.every(
        (l) => l.proposal !== null && l.proposal > clock.now().toISOString(),
      ),
    ).toBe(true);
  }, 240_000);
});
