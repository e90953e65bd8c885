/**
 * Booking end to end: the real `cadence` command (in-process, test/support/cli.ts;
 * as a child process where it is killed mid-booking), PGlite
 * on disk, the real Graph client and adapter over HTTP to the Graph emulator
 * seeded with the demo council's busy calendars. Today is 23 November 2026.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELATIONSHIP_PROPERTY_ID } from '../graph/index.ts';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { isBankHoliday, parseIsoDate } from '../rules/index.ts';
import { openPglite } from '../store/index.ts';
import { cadenceOk } from './support/cli.ts';
import { emulatorEnv } from './support/emulator-env.ts';

const BIN = new URL('../app/bin/cadence.js', import.meta.url).pathname;
const ROSTER = new URL('../app/demo/roster.csv', import.meta.url).pathname;

describe('cadence book against the Graph emulator', () => {
  let emulator: GraphEmulator;
  let env: Record<string, string>;
  let dataDir: string;

  async function setUp(options: Parameters<typeof startGraphEmulator>[0], today = '2026-11-23') {
    emulator = await startGraphEmulator(options);
    emulator.seedDemoCouncil({ today });
    const dir = mkdtempSync(join(tmpdir(), 'cadence-book-'));
    dataDir = join(dir, 'data');
    env = {
      CADENCE_DATA_DIR: dataDir,
      CADENCE_TODAY: today,
      ...emulatorEnv(emulator, join(dir, 'ca.pem')),
    };
    await cadence('roster', 'import', ROSTER);
  }

  beforeEach(async () => {
    await setUp({});
  }, 120_000);
  afterEach(async () => {
    await emulator.close();
  });

  const cadence = (...args: string[]) => cadenceOk(args, env);

  /** Series masters Cadence made in a supervisor's calendar, by relationship tag. */
  function cadenceSeries(upn: string) {
    const user = emulator.state.directory.require(upn);
    return emulator.state.store
      .events(user.id)
      .filter(
        (e) =>
          e.input.recurrence &&
          e.input.singleValueExtendedProperties?.some((p) => p.id === RELATIONSHIP_PROPERTY_ID),
      );
  }

  async function bookedRows() {
    const db = await openPglite(dataDir);
    try {
      return await db.query<{ series: string; sessions: string }>(
        // A series whose every session went to a cover (the demo's leave) places none and is never created.
        `SELECT (SELECT count(*) FROM booking_series WHERE calendar_series_id IS NOT NULL) AS series, (SELECT count(*) FROM sessions WHERE booking_series_id IS NOT NULL AND status = 'booked') AS sessions`,
      );
    } finally {
      await db.close();
    }
  }

  it('books a team manager’s supervisees as private series, once, and a second run adds nothing', async () => {
    const out = await cadence('book', '--supervisor', 's.iqbal@northdale.example');
    expect(out).toMatch(/booked \d+ series, \d+ sessions/);
    expect(out).toMatch(/Graph: \d+ requests in \d+ HTTP round trips/);
    const series = cadenceSeries('s.iqbal@northdale.example');
    // Eight supervisees; the ASYE in her weekly phase also gets a fortnightly series after it.
    expect(series.length).toBeGreaterThanOrEqual(8);
    for (const event of series) {
      expect(event.input.sensitivity).toBe('private');
      expect(event.input.subject).toMatch(/^Supervision: Sana Iqbal \/ [A-Za-z' ]+$/);
      expect(event.input.transactionId).toBeTruthy();
      expect(JSON.stringify(event.input.body ?? '')).not.toMatch(/NDC-/);
    }
    const [rows] = await bookedRows();
    expect(Number(rows!.series)).toBe(series.length);
    const again = await cadence('book', '--supervisor', 's.iqbal@northdale.example');
    expect(again).toContain('nothing to book');
    expect(cadenceSeries('s.iqbal@northdale.example')).toHaveLength(series.length);
  });

  /** A relationship's id, by its supervisee. */
  async function relationshipOf(upn: string): Promise<string> {
    const db = await openPglite(dataDir);
    try {
      const [row] = await db.query<{ id: string }>(
        `SELECT r.id::text AS id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1`,
        [upn],
      );
      return row!.id;
    } finally {
      await db.close();
    }
  }

  it('books a part-time supervisee whose Outlook hours are in UTC inside them in London summer time: Monday to Wednesday, 11:00–15:00', async () => {
    await emulator.close();
    await setUp({}, '2027-06-28');
    // Farah works Monday to Wednesday, 10:00–14:00 as her mailbox states them, in UTC: 11:00–15:00 in London
    // until October. She is on a rota from 11:00 to 14:00 London those days, so 14:00–15:00 is her free hour;
    // read as London times, her hours would offer 10:00–11:00 instead, before she starts.
    const farah = emulator.state.directory.require('f.ali@northdale.example');
    farah.workingDays = ['monday', 'tuesday', 'wednesday'];
    farah.workingHours = { start: '10:00', end: '14:00', timeZone: { name: 'UTC' } };
    emulator.seed(
      [],
      [
        {
          mailbox: 'f.ali@northdale.example',
          subject: 'Duty rota',
          showAs: 'busy',
          start: { dateTime: '2027-06-28T11:00:00', timeZone: 'Europe/London' },
          end: { dateTime: '2027-06-28T14:00:00', timeZone: 'Europe/London' },
          recurrence: {
            pattern: {
              type: 'weekly',
              interval: 1,
              daysOfWeek: ['monday', 'tuesday', 'wednesday'],
            },
            range: { type: 'endDate', startDate: '2027-06-28', endDate: '2027-12-31' },
          },
        },
      ],
    );
    const out = await cadence(
      'book',
      '--relationship',
      await relationshipOf('f.ali@northdale.example'),
    );
    expect(out).not.toMatch(/^! relationship/m);
    expect(out).toMatch(/booked [1-9]\d* series/);
    const db = await openPglite(dataDir);
    const sessions = await db.query<{ starts: string; ends: string; dow: number; status: string }>(
      `SELECT to_char(s.starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') AS starts, to_char(s.ends_at AT TIME ZONE 'Europe/London', 'HH24:MI') AS ends,
              extract(isodow FROM s.starts_at AT TIME ZONE 'Europe/London')::int AS dow, s.status
         FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
        WHERE p.upn = 'f.ali@northdale.example' AND s.booking_series_id IS NOT NULL AND s.status = 'booked' ORDER BY s.starts_at`,
    );
    await db.close();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    // Booked through the summer, in British Summer Time.
    expect(
      sessions[0]!.starts < '2027-09-01' && sessions.at(-1)!.starts < '2027-10-31',
      JSON.stringify(sessions),
    ).toBe(true);
    for (const session of sessions) {
      expect([1, 2, 3], session.starts).toContain(session.dow);
      expect(
        session.starts.slice(11) >= '14:00' && session.ends <= '15:00',
        `${session.starts}–${session.ends}`,
      ).toBe(true);
    }
    // And so in Outlook: every occurrence of her series is inside her hours as she stated them, 10:00–14:00 UTC.
    const series = cadenceSeries('s.iqbal@northdale.example');
    expect(series.length).toBeGreaterThan(0);
    const ids = new Set(series.map((e) => e.id));
    const occurrences = emulator.state.store
      .calendarView(
        emulator.state.directory.require('s.iqbal@northdale.example').id,
        Date.parse('2027-06-28T00:00:00Z'),
        Date.parse('2027-10-31T00:00:00Z'),
      )
      .filter((i) => ids.has(i.event.id));
    expect(occurrences.length).toBe(sessions.length);
    for (const o of occurrences) {
      expect(
        new Date(o.startMs).toISOString().slice(11, 16) >= '10:00' &&
          new Date(o.endMs).toISOString().slice(11, 16) <= '14:00',
      ).toBe(true);
    }
  }, 120_000);

  it('never books blind: a supervisee whose calendar Outlook will not show is reported and not booked, the others are', async () => {
    emulator.hideFreeBusy('c.evans@northdale.example');
    const chris = await relationshipOf('c.evans@northdale.example');
    const out = await cadence('book', '--supervisor', 's.iqbal@northdale.example');
    expect(out).toContain(
      `! relationship ${chris}: not booked: Outlook would not show the supervisee's (c.evans@northdale.example: Access is denied. Check credentials and try again.) free/busy`,
    );
    expect(out).toMatch(/booked [1-9]\d* series/);
    const tagged = (id: string) =>
      cadenceSeries('s.iqbal@northdale.example').filter((e) =>
        e.input.singleValueExtendedProperties?.some((p) => p.value === id),
      );
    expect(tagged(chris)).toEqual([]);
    // Everyone else of hers is booked.
    expect(tagged(await relationshipOf('f.ali@northdale.example')).length).toBeGreaterThan(0);
    expect(cadenceSeries('s.iqbal@northdale.example').length).toBeGreaterThanOrEqual(7);
    // Once the calendar is shared again, the next run books it.
    emulator.hideFreeBusy('c.evans@northdale.example', false);
    const again = await cadence('book', '--supervisor', 's.iqbal@northdale.example');
    expect(again).not.toContain('!');
    expect(tagged(chris).length).toBeGreaterThan(0);
  }, 120_000);

  it('book --all leaves the relationships whose supervisor books them from Teams; --relationship books one of them', async () => {
    const all = await cadence('book', '--all');
    expect(all).toMatch(/booked \d+ series/);
    expect(all).not.toMatch(/g\.turner@|j\.price@/);
    expect(await cadence('book', '--all')).toContain(
      'nothing to book: every relationship booked automatically is booked through its horizon',
    );
    const db = await openPglite(dataDir);
    const [row] = await db.query<{ id: string }>(
      `SELECT r.id::text AS id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = 'g.turner@northdale.example'`,
    );
    await db.close();
    const gareth = row!.id;
    const tagged = () =>
      cadenceSeries('s.iqbal@northdale.example').filter((e) =>
        e.input.singleValueExtendedProperties?.some((p) => p.value === gareth),
      );
    expect(tagged()).toEqual([]);
    const one = await cadence('book', '--relationship', gareth);
    expect(one).toMatch(
      /^g\.turner@northdale\.example one-to-one: every 4 weeks on \w+day at \d\d:\d\d/m,
    );
    expect(tagged().length).toBeGreaterThan(0);
  }, 120_000);

  it('survives a storm of 429s and 5xx faults from Outlook: everything booked once, nothing on a bank holiday', async () => {
    await emulator.close();
    await setUp({ faults: { throttleEvery: 3, retryAfterSeconds: 1, serverErrorEvery: 7 } });
    const out = await cadence('book', '--supervisor', 's.iqbal@northdale.example');
    expect(out).not.toContain('!');
    expect(out).toMatch(/re-sent after throttling/);
    const series = cadenceSeries('s.iqbal@northdale.example');
    const keys = series.map((e) => e.input.transactionId);
    expect(new Set(keys).size).toBe(keys.length);
    const db = await openPglite(dataDir);
    const days = await db.query<{ on: string; status: string }>(
      `SELECT (starts_at AT TIME ZONE 'Europe/London')::date::text AS on, status FROM sessions WHERE booking_series_id IS NOT NULL`,
    );
    await db.close();
    expect(days.length).toBeGreaterThan(series.length);
    // Booked, or cancelled because no time was free for both (reported, not dropped).
    expect(days.every((d) => d.status === 'booked' || d.status === 'cancelled')).toBe(true);
    expect(days.filter((d) => d.status === 'booked').length).toBeGreaterThan(series.length);
    expect(days.filter((d) => isBankHoliday(parseIsoDate(d.on)))).toEqual([]);
  }, 120_000);

  it('notices a session cancelled and one declined in Outlook, and proposes a replacement before each latest date', async () => {
    await cadence('book', '--supervisor', 's.iqbal@northdale.example');
    const db = await openPglite(dataDir);
    const booked = await db.query<{
      id: string;
      event: string;
      upn: string;
      due: string;
      on: string;
    }>(
      `SELECT s.id, s.calendar_event_id AS event, p.upn, s.due_on::text AS due, (s.starts_at AT TIME ZONE 'Europe/London')::date::text AS on
         FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
        WHERE s.status = 'booked' AND p.upn IN ('j.price@northdale.example', 'y.chen@northdale.example') ORDER BY s.starts_at`,
    );
    await db.close();
    const jack = booked.find((b) => b.upn === 'j.price@northdale.example')!;
    const yan = booked.find((b) => b.upn === 'y.chen@northdale.example')!;
    // Set a baseline first (the first delta lists everything), then people act in Outlook.
    expect(await cadence('reconcile')).toContain('0 sessions lost');
    emulator.cancelOccurrence('s.iqbal@northdale.example', jack.event);
    emulator.declineOccurrence('s.iqbal@northdale.example', yan.event, 'y.chen@northdale.example');
    const out = await cadence('reconcile');
    expect(out).toContain('2 sessions lost');
    expect(out).toMatch(
      new RegExp(
        `Jack Price \\(one-to-one, ${jack.on} \\d\\d:\\d\\d\\) cancelled in Outlook; proposed instead: (\\d{4}-\\d\\d-\\d\\d)`,
      ),
    );
    expect(out).toMatch(
      /Yan Chen \(one-to-one, [^)]+\) declined by the supervisee; proposed instead: /,
    );
    const proposed = /Jack Price[^\n]*proposed instead: (\d{4}-\d\d-\d\d)/.exec(out)![1]!;
    expect(proposed <= jack.due).toBe(true);
    const after = await openPglite(dataDir);
    const statuses = await after.query<{ status: string; reason: string }>(
      'SELECT status, move_reason AS reason FROM sessions WHERE id IN ($1, $2) ORDER BY id',
      [jack.id, yan.id],
    );
    await after.close();
    expect(statuses.map((s) => `${s.status} ${s.reason}`).sort()).toEqual([
      'cancelled cancelled-in-outlook',
      'cancelled declined-in-outlook',
    ]);
    expect(await cadence('reconcile')).toContain('0 sessions lost');
  }, 120_000);

  it('converges with no duplicate events after the process is killed (SIGKILL) mid-booking', async () => {
    // Slow Outlook down so the kill lands in the middle of the writes.
    emulator.state.options.latencyMs = 150;
    const child = spawn(process.execPath, [BIN, 'book', '--all'], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    // Kill it once it has started writing to Outlook: after the first $batch that creates events.
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (emulator.requestLog.some((r) => r.method === 'POST' && r.path.endsWith('/events'))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 60_000) {
          clearInterval(poll);
          reject(new Error('booking never reached Outlook'));
        }
      }, 5);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    // It died with intents written and not all of them carried through.
    const db = await openPglite(dataDir);
    const [open] = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM booking_series WHERE status <> 'done'`,
    );
    await db.close();
    expect(Number(open!.n)).toBeGreaterThan(0);
    const out = await cadence('book', '--all');
    expect(out).toMatch(/finished \d+ series left open by an earlier run/);
    expect(out).toMatch(/booked \d+ series/);
    const supervisors = [
      ...new Set(emulator.state.directory.all().map((u) => u.userPrincipalName)),
    ];
    const made = supervisors.flatMap((upn) => cadenceSeries(upn));
    const keys = made.map((e) => `${e.mailboxId} ${e.input.transactionId}`);
    expect(new Set(keys).size).toBe(keys.length); // no duplicate series
    const [rows] = await bookedRows();
    expect(Number(rows!.series)).toBe(made.length);
    expect(Number(rows!.sessions)).toBeGreaterThan(made.length);
  }, 120_000);
});
