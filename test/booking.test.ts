/**
 * Booking through the store (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set) with an in-memory calendar: intents first, then Outlook; a crash at any
 * step and a rerun end with exactly the sessions planned and no duplicates.
 * Today is Monday 23 November 2026.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { bookingStore, type Database } from '../store/index.ts';
import { book } from '../supervision/index.ts';
import { fixedClock } from '../app/clock.ts';
import { testDatabases } from './support/databases.ts';
import { memoryCalendar } from './support/memory-calendar.ts';
import { seedRoster, seedSession } from './support/seed.ts';

const clock = fixedClock(new Date('2026-11-23T09:00:00Z'));
const options = { dryRun: false, horizonMonths: 3, durationMinutes: 60 };

describe.each(testDatabases)('booking on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, [
      'tm@x.example,Tara Lead,team-manager,solihull,2018-01-01,,Assessment,,',
      'sw@x.example,Sam Worker,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
      'nq@x.example,Nia New,asye,solihull,2026-10-19,tm@x.example,Assessment,,',
    ]);
    await seedSession(db, 'sw@x.example', '2026-11-10', 'held');
    await seedSession(db, 'nq@x.example', '2026-11-20', 'held');
  });
  afterEach(async () => {
    await db.close();
  });

  const sessions = () =>
    db.query<{ upn: string; status: string; on: string; event: string | null }>(
      `SELECT p.upn, s.status, (s.starts_at AT TIME ZONE 'Europe/London')::date::text AS on, s.calendar_event_id AS event
         FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
        WHERE s.booking_series_id IS NOT NULL ORDER BY p.upn, s.starts_at`,
    );

  it('books a monthly and an ASYE schedule across its phase change, writing intents before Outlook', async () => {
    const outlook = memoryCalendar();
    const report = await book(
      { store: bookingStore(db), calendar: outlook.calendar, clock },
      { supervisorUpn: 'tm@x.example' },
      options,
    );
    expect(report.failures).toEqual([]);
    expect(outlook.series.size).toBe(3); // Sam monthly; Nia weekly, then fortnightly
    const booked = await sessions();
    expect(booked.every((s) => s.status === 'booked' && s.event)).toBe(true);
    expect(booked.filter((s) => s.upn === 'sw@x.example').map((s) => s.on)).toEqual([
      '2026-12-07',
      '2027-01-04',
      '2027-02-01',
    ]);
    // Tara supervises both: none of her sessions overlaps another.
    const times = await db.query<{ starts: Date; ends: Date }>(
      `SELECT starts_at AS starts, ends_at AS ends FROM sessions WHERE status = 'booked' ORDER BY starts_at`,
    );
    for (let i = 1; i < times.length; i += 1)
      expect(new Date(times[i]!.starts).getTime()).toBeGreaterThanOrEqual(
        new Date(times[i - 1]!.ends).getTime(),
      );
    const again = await book(
      { store: bookingStore(db), calendar: outlook.calendar, clock },
      { supervisorUpn: 'tm@x.example' },
      options,
    );
    expect(again.planned.flatMap((p) => p.series)).toEqual([]);
    expect(outlook.series.size).toBe(3);
  });

  it('never books a supervisor twice at once: what one relationship takes is busy for the next', async () => {
    await seedRoster(
      db,
      ['sw2@x.example,Sol Worker,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,'],
      '2026-11-23',
    );
    await seedSession(db, 'sw2@x.example', '2026-11-10', 'held');
    const outlook = memoryCalendar();
    await book(
      { store: bookingStore(db), calendar: outlook.calendar, clock },
      { supervisorUpn: 'tm@x.example' },
      options,
    );
    const times = await db.query<{ starts: Date; ends: Date }>(
      `SELECT starts_at AS starts, ends_at AS ends FROM sessions WHERE status = 'booked' ORDER BY starts_at`,
    );
    expect(times.length).toBeGreaterThan(6);
    for (let i = 1; i < times.length; i += 1)
      expect(new Date(times[i]!.starts).getTime()).toBeGreaterThanOrEqual(
        new Date(times[i - 1]!.ends).getTime(),
      );
  });

  it('moves the occurrence that clashes, inside its latest date, and books it there in Outlook', async () => {
    // Every weekday has a clash somewhere in the three months (Friday 1 January is a bank holiday),
    // so whatever slot is chosen, one session has to move.
    const day = (date: string) => ({ start: `${date}T00:00:00`, end: `${date}T23:59:00` });
    const busy = {
      'sw@x.example': [day('2027-01-04')],
      'tm@x.example': [day('2026-12-08'), day('2026-12-09'), day('2026-12-10')],
    };
    const outlook = memoryCalendar({ busy });
    const [rel] = await db.query<{ id: string }>(
      `SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = 'sw@x.example'`,
    );
    const report = await book(
      { store: bookingStore(db), calendar: outlook.calendar, clock },
      { relationshipId: Number(rel!.id) },
      options,
    );
    expect(report.failures).toEqual([]);
    const occurrences = report.planned[0]!.series[0]!.occurrences;
    const moved = occurrences.filter((o) => o.moved);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.date <= moved[0]!.latest).toBe(true);
    expect(['2027-01-04', '2026-12-08', '2026-12-09', '2026-12-10', '2027-01-01']).not.toContain(
      moved[0]!.date,
    );
    expect(report.booked.moved).toBe(1);
    const outlookMoves = [...[...outlook.series.values()][0]!.moved.values()];
    expect(outlookMoves.map((m) => m.start.slice(0, 10))).toEqual([moved[0]!.date]);
    expect((await sessions()).map((x) => x.on)).toEqual(occurrences.map((o) => o.date));
  });

  it('converges when the process dies after Outlook created a series but before the store recorded it', async () => {
    const outlook = memoryCalendar();
    const store = bookingStore(db);
    const dying = { ...store, markSeriesCreated: () => Promise.reject(new Error('killed')) };
    await expect(
      book({ store: dying, calendar: outlook.calendar, clock }, { all: true }, options),
    ).rejects.toThrow('killed');
    expect(outlook.series.size).toBe(3);
    const report = await book({ store, calendar: outlook.calendar, clock }, { all: true }, options);
    expect(report).toMatchObject({ failures: [], resumed: 3 });
    expect(outlook.series.size).toBe(3); // the re-sent creates found the series already made
    expect((await sessions()).every((s) => s.status === 'booked' && s.event)).toBe(true);
  });

  it.each([1, 2, 3, 4])(
    'converges after a crash at Outlook call %i, with no duplicate series',
    async (n) => {
      const outlook = memoryCalendar();
      outlook.crashAfter(n);
      await expect(
        book(
          { store: bookingStore(db), calendar: outlook.calendar, clock },
          { all: true },
          options,
        ),
      ).rejects.toThrow('simulated crash');
      outlook.heal();
      const report = await book(
        { store: bookingStore(db), calendar: outlook.calendar, clock },
        { all: true },
        options,
      );
      expect(report.failures).toEqual([]);
      expect(outlook.series.size).toBe(3);
      const booked = await sessions();
      expect(booked.every((s) => s.status === 'booked' && s.event)).toBe(true);
      const perSeries = await db.query<{ n: string }>('SELECT count(*) AS n FROM booking_series');
      expect(Number(perSeries[0]!.n)).toBe(3);
      // The first of Nia's sessions is a week after her last, 20 November.
      expect(booked.find((s) => s.upn === 'nq@x.example')!.on <= '2026-11-27').toBe(true);
      expect(londonInstant(parseIsoDate('2026-12-07'), '10:00').toISOString()).toBe(
        '2026-12-07T10:00:00.000Z',
      );
    },
  );
});
