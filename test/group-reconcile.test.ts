/**
 * A group meeting changed in Outlook (issue 15, item 1), on both databases:
 * the Lambeth team's fortnightly reflective case discussion is one series in
 * Tara Lead's calendar (docs/roster.md#groups). When she cancels one meeting
 * or drags another to a new time in Outlook, the daily reconcile notices it
 * as it does a one-to-one's; a member declining the series does not stop the
 * meeting for the others.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { addDays, fromLondonDateTime, parseIsoDate } from '../rules/index.ts';
import { groupsWriter, reconcileStore, type Database } from '../store/index.ts';
import { importGroups, reconcile } from '../supervision/index.ts';
import { bookEveryone } from './support/book-everyone.ts';
import { testDatabases } from './support/databases.ts';
import { emulatorCalendar } from './support/emulator-env.ts';
import { SEED_HEADER, seedRoster } from './support/seed.ts';

const TODAY = parseIsoDate('2026-11-23');
const TARA = 'tm@l.example';
const MEMBERS = ['sw1@l.example', 'sw2@l.example', 'sw3@l.example'];

describe.each(testDatabases)('a group meeting changed in Outlook, on $name', (database) => {
  let db: Database;
  let emulator: GraphEmulator;
  beforeEach(async () => {
    emulator = await startGraphEmulator({});
    emulator.seed(
      [TARA, ...MEMBERS].map((upn, i) => ({
        userPrincipalName: upn,
        displayName: ['Tara Lead', 'Wes One', 'Wren Two', 'Wyn Three'][i]!,
      })),
    );
    db = await database.open();
    await seedRoster(
      db,
      [
        `${TARA},Tara Lead,team-manager,lambeth,2018-01-01,,Assessment,,,2026-11-16`,
        ...MEMBERS.map(
          (upn, i) =>
            `${upn},Member ${i},social-worker,lambeth,2020-01-01,${TARA},Assessment,,,2026-11-16`,
        ),
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised`,
    );
    await importGroups((work) => db.transaction((tx) => work(groupsWriter(tx))), {
      text: [
        'group,type,facilitator_upn,member_upns',
        `Assessment team,reflective-case-discussion,${TARA},${MEMBERS.join(';')}`,
      ].join('\n'),
      file: 'groups.csv',
      actor: 'test',
      today: '2026-11-01',
      dryRun: false,
    });
    const report = await bookEveryone(db, emulatorCalendar(emulator), TODAY);
    expect(report.failures).toEqual([]);
  }, 120_000);
  afterEach(async () => {
    await db.close();
    await emulator.close();
  });

  const reconcileOn = (day: string) =>
    reconcile(
      {
        store: reconcileStore(db),
        calendar: emulatorCalendar(emulator),
        clock: fixedClock(fromLondonDateTime(`${day}T06:30:00`)),
      },
      { horizonMonths: 3 },
    );
  const meetings = () =>
    db.query<{
      id: string;
      event: string;
      series: string;
      on: string;
      status: string;
      reason: string | null;
    }>(
      `SELECT s.id, s.calendar_event_id AS event, bs.calendar_series_id AS series,
              to_char(s.starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD"T"HH24:MI') AS on, s.status, s.move_reason AS reason
         FROM sessions s JOIN booking_series bs ON bs.id = s.booking_series_id
        WHERE s.group_id IS NOT NULL AND s.calendar_event_id IS NOT NULL ORDER BY s.starts_at`,
    );

  it('notices the facilitator cancelling one meeting and moving another, and keeps the meeting a member declined', async () => {
    const first = await reconcileOn(addDays(TODAY, 1));
    expect(first.lost).toEqual([]);
    const booked = (await meetings()).filter((m) => m.status === 'booked');
    expect(booked.length).toBeGreaterThanOrEqual(3);
    const [, cancelled, moved] = booked;
    emulator.cancelOccurrence(TARA, cancelled!.event);
    const movedTo = `${moved!.on.slice(0, 10)}T15:00:00`;
    emulator.moveOccurrence(
      TARA,
      moved!.event,
      { dateTime: movedTo, timeZone: 'Europe/London' },
      { dateTime: `${moved!.on.slice(0, 10)}T16:00:00`, timeZone: 'Europe/London' },
    );
    emulator.declineSeries(TARA, booked[0]!.series, MEMBERS[0]!);

    const next = await reconcileOn(addDays(TODAY, 2));
    expect(next.moved).toBe(1);
    expect(next.lost.map((l) => [l.session.id, l.what, l.session.groupId !== null])).toEqual([
      [Number(cancelled!.id), 'cancelled', true],
    ]);
    // A group's meeting needs many people's time: no replacement is proposed for two.
    expect(next.lost[0]!.proposal).toBeNull();
    const after = new Map((await meetings()).map((m) => [m.id, m]));
    expect(after.get(cancelled!.id)).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled-in-outlook',
    });
    expect(after.get(moved!.id)).toMatchObject({
      status: 'booked',
      reason: 'moved-in-outlook',
      on: movedTo.slice(0, 16),
    });
    // Wes declined the series: the meeting goes ahead for the others, still booked.
    const others = booked.filter((m) => m.id !== cancelled!.id);
    expect(others.map((m) => after.get(m.id)!.status)).toEqual(others.map(() => 'booked'));
  }, 120_000);
});
