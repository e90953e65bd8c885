/**
 * Who books, on the demo council: the Graph emulator with its busy calendars,
 * the real Graph client and calendar adapter, and each test database. The
 * daily job's booking (`{ all: true }`) books every relationship booked
 * automatically and leaves Gareth Turner and Jack Price, whom Sana Iqbal books
 * from the proposal card in Teams, with nothing in Outlook; her Book on the
 * card (`{ relationshipId }`) books them. Today is Monday 23 November 2026.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { dailyBookingJob } from '../app/job-list.ts';
import {
  createCalendarAdapter,
  createGraphClient,
  RELATIONSHIP_PROPERTY_ID,
} from '../graph/index.ts';
import {
  emulatorConnection,
  startGraphEmulator,
  type GraphEmulator,
} from '../graph/emulator/index.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { bookingStore, rosterWriter, type Database } from '../store/index.ts';
import { book, importRoster, type CalendarPort } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';

const TODAY = parseIsoDate('2026-11-23');
const clock = fixedClock(londonInstant(TODAY, '09:00'));
const roster = readFileSync(new URL('../app/demo/roster.csv', import.meta.url), 'utf8');
const options = { dryRun: false, horizonMonths: 3, durationMinutes: 60 };
const SANA = 's.iqbal@northdale.example';

describe.each(testDatabases)('who books the demo council, on $name', (database) => {
  let db: Database;
  let emulator: GraphEmulator;
  let calendar: CalendarPort;
  beforeEach(async () => {
    emulator = await startGraphEmulator({});
    emulator.seedDemoCouncil({ today: TODAY });
    calendar = createCalendarAdapter(createGraphClient(emulatorConnection(emulator)));
    db = await database.open();
    await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
      text: roster,
      file: 'roster.csv',
      actor: 'test',
      today: TODAY,
      dryRun: false,
    });
  });
  afterEach(async () => {
    await db.close();
    await emulator.close();
  });

  const relationshipOf = async (superviseeUpn: string) => {
    const [row] = await db.query<{ id: string }>(
      `SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND r.to_on IS NULL`,
      [superviseeUpn],
    );
    return Number(row!.id);
  };

  /** The relationship each Cadence series in Outlook is tagged with, one entry per series, across every mailbox. */
  const seriesInOutlook = () =>
    emulator.state.directory
      .all()
      .flatMap((user) => emulator.state.store.events(user.id))
      .filter((event) => event.input.recurrence)
      .flatMap((event) =>
        (event.input.singleValueExtendedProperties ?? [])
          .filter((p) => p.id === RELATIONSHIP_PROPERTY_ID)
          .map((p) => Number(p.value)),
      );

  const booked = async (relationshipId: number) => {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sessions WHERE relationship_id = $1 AND status IN ('planned', 'booked')`,
      [relationshipId],
    );
    return row!.n;
  };

  it('the daily job books every relationship booked automatically, and leaves the two Sana Iqbal books from Teams', async () => {
    const outcome = await dailyBookingJob({ db, clock, config: readConfig({}), calendar }).run(
      clock.now(),
    );
    expect(outcome).toMatchObject({ book: { failures: [] } });
    const automatic = await db.query<{ id: string }>(
      `SELECT id FROM relationships WHERE to_on IS NULL AND booking_mode = 'automatic' ORDER BY id`,
    );
    expect(automatic).toHaveLength(39);
    expect([...new Set(seriesInOutlook())].sort((a, b) => a - b)).toEqual(
      automatic.map((r) => Number(r.id)),
    );
    for (const upn of ['g.turner@northdale.example', 'j.price@northdale.example'])
      expect(await booked(await relationshipOf(upn))).toBe(0);
  }, 120_000);

  it('her Book on the card books one of them; booking everyone then leaves it as she booked it, and her own request books the other', async () => {
    const gareth = await relationshipOf('g.turner@northdale.example');
    const jack = await relationshipOf('j.price@northdale.example');
    const hers = await book(
      { store: bookingStore(db), calendar, clock },
      { relationshipId: gareth },
      options,
    );
    expect(hers.failures).toEqual([]);
    expect(hers.booked.series).toBeGreaterThan(0);
    const garethsSeries = seriesInOutlook().filter((id) => id === gareth).length;
    expect(garethsSeries).toBe(hers.booked.series);
    const invited = emulator.state.store
      .events(emulator.state.directory.require(SANA).id)
      .filter((event) => event.input.recurrence)
      .flatMap((event) =>
        (event.input.attendees ?? []).map((a) => a.emailAddress.address.toLowerCase()),
      );
    expect(invited).toContain('g.turner@northdale.example');
    const sessions = await booked(gareth);

    const everyone = await book(
      { store: bookingStore(db), calendar, clock },
      { all: true },
      options,
    );
    expect(everyone.failures).toEqual([]);
    expect(everyone.planned.map((p) => p.relationshipId)).not.toContain(gareth);
    expect(everyone.planned.map((p) => p.relationshipId)).not.toContain(jack);
    expect(seriesInOutlook().filter((id) => id === gareth)).toHaveLength(garethsSeries);
    expect(await booked(gareth)).toBe(sessions);
    expect(await booked(jack)).toBe(0);

    // Booking for a supervisor is a person asking too: it includes them (everyone else of hers is booked already).
    const forSana = await book(
      { store: bookingStore(db), calendar, clock },
      { supervisorUpn: SANA },
      options,
    );
    expect(forSana.planned.filter((p) => p.series.length > 0).map((p) => p.relationshipId)).toEqual(
      [jack],
    );
    expect(await booked(jack)).toBeGreaterThan(0);
  }, 120_000);
});
