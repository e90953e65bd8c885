/**
 * Bookings that resume, against the Graph emulator as strict as Graph: a
 * repeated transactionId with another body is refused, and a Teams meeting is
 * made only where the organiser's calendar allows Teams. The real `cadence`
 * command in-process (roster import, the daily job; test/support/cli.ts), PGlite on disk,
 * the real Graph client and adapter over HTTP. The Book button's booking runs
 * in this process with the same `book()` call it makes. Today is Monday
 * 23 November 2026.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { RELATIONSHIP_PROPERTY_ID } from '../graph/index.ts';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { bookingStore, openPglite } from '../store/index.ts';
import { cadenceOk } from './support/cli.ts';
import { book, type CalendarPort } from '../supervision/index.ts';
import { emulatorCalendar, emulatorEnv } from './support/emulator-env.ts';

const ROSTER = readFileSync(new URL('../app/demo/roster.csv', import.meta.url), 'utf8');
const clock = fixedClock(londonInstant(parseIsoDate('2026-11-23'), '09:00'));
/** What the Book button asks of `book()` (supervision/assistant.ts): one relationship, now. */
const BOOK_BUTTON = { dryRun: false, horizonMonths: 3, durationMinutes: 60 };
const SANA = 's.iqbal@northdale.example';

/** The demo roster with some people renamed and a `venue` column (empty: the default). */
function rosterWith(changes: {
  renamed?: Record<string, string>;
  venue?: Record<string, string>;
}): string {
  const [header, ...rows] = ROSTER.trim().split('\n');
  return [
    `${header},venue`,
    ...rows.map((row) => {
      const cells = row.split(',');
      const upn = cells[0]!;
      if (changes.renamed?.[upn]) cells[1] = changes.renamed[upn];
      return `${cells.join(',')},${changes.venue?.[upn] ?? ''}`;
    }),
  ].join('\n');
}

describe('bookings that resume, and one venue rule, against the strict Graph emulator', () => {
  let emulator: GraphEmulator;
  let env: Record<string, string>;
  let dir: string;
  let dataDir: string;

  beforeEach(async () => {
    emulator = await startGraphEmulator({});
    emulator.seedDemoCouncil({ today: '2026-11-23' });
    dir = mkdtempSync(join(tmpdir(), 'cadence-resume-'));
    dataDir = join(dir, 'data');
    env = {
      CADENCE_DATA_DIR: dataDir,
      CADENCE_TODAY: '2026-11-23',
      ...emulatorEnv(emulator, join(dir, 'ca.pem')),
    };
  });
  afterEach(async () => {
    await emulator.close();
  });

  const cadence = (...args: string[]) => cadenceOk(args, env);

  async function importRoster(text: string): Promise<void> {
    const file = join(dir, `roster-${Date.now()}.csv`);
    writeFileSync(file, text);
    await cadence('roster', 'import', file);
  }

  /** Opens the store the `cadence` processes use; close it before the next one runs. */
  async function withStore<T>(
    work: (db: Awaited<ReturnType<typeof openPglite>>) => Promise<T>,
  ): Promise<T> {
    const db = await openPglite(dataDir);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  const relationshipOf = (db: Awaited<ReturnType<typeof openPglite>>, upn: string) =>
    db
      .query<{ id: string }>(
        `SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND r.to_on IS NULL`,
        [upn],
      )
      .then(([row]) => Number(row!.id));

  /** Cadence's series in a supervisor's Outlook calendar for one relationship. */
  const seriesOf = (organizer: string, relationshipId: number) =>
    emulator.state.store
      .events(emulator.state.directory.require(organizer).id)
      .filter(
        (e) =>
          e.input.recurrence &&
          e.input.singleValueExtendedProperties?.some(
            (p) => p.id === RELATIONSHIP_PROPERTY_ID && p.value === String(relationshipId),
          ),
      );

  /** A Book that dies once Outlook has made its series, before the store records it. */
  function killedAfterCreate(calendar: CalendarPort): CalendarPort {
    return {
      ...calendar,
      createSeries: async (requests) => {
        await calendar.createSeries(requests);
        throw new Error('killed after Outlook created the series');
      },
    };
  }

  it('a Book killed after Outlook created the series, the supervisee then renamed, then the daily job: one series, adopted, sessions booked', async () => {
    await importRoster(rosterWith({}));
    const calendar = emulatorCalendar(emulator);
    const [carys, farah] = await withStore(async (db) => {
      const ids = [
        await relationshipOf(db, 'c.evans@northdale.example'),
        await relationshipOf(db, 'f.ali@northdale.example'),
      ];
      for (const relationshipId of ids) {
        await expect(
          book(
            { store: bookingStore(db), calendar: killedAfterCreate(calendar), clock },
            { relationshipId },
            BOOK_BUTTON,
          ),
        ).rejects.toThrow(/killed/);
      }
      // Farah's intent is as one saved before create requests were kept: it can only be rebuilt from today's roster.
      await db.query(`UPDATE booking_series SET create_request = NULL WHERE relationship_id = $1`, [
        ids[1],
      ]);
      return ids as [number, number];
    });
    expect(seriesOf(SANA, carys)).toHaveLength(1);
    expect(seriesOf(SANA, farah)).toHaveLength(1);

    await importRoster(
      rosterWith({
        renamed: {
          'c.evans@northdale.example': 'Carys Evans-Price',
          'f.ali@northdale.example': 'Farah Ali-Khan',
        },
      }),
    );
    const out = await cadence('daily');

    // Carys's create is sent again as it was first sent, so Outlook gives back its series; Farah's,
    // rebuilt with her new name, is refused (ErrorDuplicateTransactionId) and her series adopted.
    expect(out).toMatch(/\(1 series adopted from Outlook\)/);
    expect(out).not.toMatch(/failed/);
    for (const relationshipId of [carys, farah])
      expect(seriesOf(SANA, relationshipId)).toHaveLength(1);
    expect(seriesOf(SANA, carys)[0]!.input.subject).toBe('Supervision: Sana Iqbal / Carys Evans');
    const state = await withStore((db) =>
      db.query<{
        relationship: string;
        series: string;
        open: string;
        booked: string;
        attached: string;
      }>(
        `SELECT b.relationship_id::text AS relationship, count(DISTINCT b.id)::text AS series, count(DISTINCT b.id) FILTER (WHERE b.status <> 'done')::text AS open,
                count(s.id) FILTER (WHERE s.status = 'booked')::text AS booked, count(s.id) FILTER (WHERE s.status = 'booked' AND s.calendar_event_id IS NOT NULL)::text AS attached
           FROM booking_series b JOIN sessions s ON s.booking_series_id = b.id WHERE b.relationship_id = ANY($1::bigint[]) GROUP BY b.relationship_id ORDER BY 1`,
        [[carys, farah]],
      ),
    );
    expect(state).toHaveLength(2);
    for (const row of state) {
      expect(row).toMatchObject({ series: '1', open: '0' });
      expect(Number(row.booked)).toBeGreaterThan(0);
      expect(row.attached).toBe(row.booked);
      // The calendar series Cadence records is the one Book made.
      const id = seriesOf(SANA, Number(row.relationship))[0]!.id;
      const [recorded] = await withStore((db) =>
        db.query<{ id: string }>(
          `SELECT calendar_series_id AS id FROM booking_series WHERE relationship_id = $1`,
          [row.relationship],
        ),
      );
      expect(recorded!.id).toBe(id);
    }
  }, 240_000);

  it('a create whose answer was lost is looked for in Outlook and adopted in the same run; a refusal is not', async () => {
    await importRoster(rosterWith({}));
    const real = emulatorCalendar(emulator);
    // Outlook makes the series, and the answer never arrives (a timeout after the retries).
    const lostAnswers: CalendarPort = {
      ...real,
      createSeries: async (requests) =>
        (await real.createSeries(requests)).map(() => ({
          ok: false as const,
          error: new Error('timed out'),
          mayHaveLanded: true,
        })),
    };
    // Outlook refuses outright (403): nothing was made, so nothing is looked for.
    const refused: CalendarPort = {
      ...real,
      createSeries: (requests) =>
        Promise.resolve(
          requests.map(() => ({ ok: false as const, error: new Error('403 ErrorAccessDenied') })),
        ),
    };
    await withStore(async (db) => {
      const carys = await relationshipOf(db, 'c.evans@northdale.example');
      const report = await book(
        { store: bookingStore(db), calendar: lostAnswers, clock },
        { relationshipId: carys },
        BOOK_BUTTON,
      );
      expect(report.failures).toEqual([]);
      expect(report.booked.series).toBeGreaterThan(0);
      expect(report.adopted).toBe(report.booked.series);
      expect(seriesOf(SANA, carys)).toHaveLength(report.booked.series);
      const [row] = await db.query<{ open: number; booked: number }>(
        `SELECT count(DISTINCT b.id) FILTER (WHERE b.status <> 'done')::int AS open, count(s.id) FILTER (WHERE s.status = 'booked')::int AS booked
           FROM booking_series b JOIN sessions s ON s.booking_series_id = b.id WHERE b.relationship_id = $1`,
        [carys],
      );
      expect(row!.open).toBe(0);
      expect(row!.booked).toBeGreaterThan(0);

      const farah = await relationshipOf(db, 'f.ali@northdale.example');
      const lookups = emulator.requestLog.length;
      const again = await book(
        { store: bookingStore(db), calendar: refused, clock },
        { relationshipId: farah },
        BOOK_BUTTON,
      );
      expect(again.adopted).toBe(0);
      expect(again.failures.map((f) => f.message)).toEqual(
        again.failures.map(
          () =>
            'creating the series in Outlook failed: 403 ErrorAccessDenied; run book again to retry',
        ),
      );
      expect(again.failures.length).toBeGreaterThan(0);
      expect(
        emulator.requestLog
          .slice(lookups)
          .filter((r) => r.method === 'GET' && r.path.endsWith('/events')),
      ).toEqual([]);
    });
  }, 240_000);

  it('the venue the relationship agreed, whether Book or the daily job books it; a Teams link that did not come back is reported, and the series still booked', async () => {
    await importRoster(rosterWith({ venue: { 'c.evans@northdale.example': 'in-person' } }));
    const calendar = emulatorCalendar(emulator);
    const [carys, farah] = await withStore(async (db) => {
      const ids = [
        await relationshipOf(db, 'c.evans@northdale.example'),
        await relationshipOf(db, 'f.ali@northdale.example'),
      ];
      for (const relationshipId of ids)
        await book({ store: bookingStore(db), calendar, clock }, { relationshipId }, BOOK_BUTTON);
      return ids as [number, number];
    });
    const out = await cadence('daily');
    const naveed = await withStore((db) => relationshipOf(db, 'n.patel@northdale.example'));

    // Booked from the card (Carys in person, Farah on Teams) and by the daily job (Naveed on Teams): the agreement decides.
    expect(seriesOf(SANA, carys).every((e) => !e.input.isOnlineMeeting)).toBe(true);
    expect(seriesOf(SANA, farah).length).toBeGreaterThan(0);
    expect(seriesOf(SANA, farah).every((e) => e.input.isOnlineMeeting === true)).toBe(true);
    expect(seriesOf(SANA, naveed).length).toBeGreaterThan(0);
    expect(seriesOf(SANA, naveed).every((e) => e.input.isOnlineMeeting === true)).toBe(true);

    // The children's home's calendars allow no Teams: its staff are booked, each series reported without its link.
    for (const upn of [
      'd.clarke@northdale.example',
      's.ahmed@northdale.example',
      'p.oconnor@northdale.example',
    ]) {
      expect(out).toContain(
        `! no Teams link: a.fisher@northdale.example's calendar does not allow Teams meetings, so the series with ${upn} from `,
      );
      const id = await withStore((db) => relationshipOf(db, upn));
      expect(seriesOf('a.fisher@northdale.example', id).length).toBeGreaterThan(0);
      const [row] = await withStore((db) =>
        db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM sessions WHERE relationship_id = $1 AND status = 'booked'`,
          [id],
        ),
      );
      expect(row!.n).toBeGreaterThan(0);
    }
    expect(out).not.toMatch(/no Teams link: s\.iqbal/);
  }, 240_000);
});
