/**
 * Compliance people can see (issue 16, item 7), on both databases: the
 * shares beyond staff supervision — children discussed on time, records
 * written on time, records signed off, agreements in date, observations done
 * — for a Lambeth team with a little of each, checked against figures
 * worked out by hand, and the record figures again from the export files by
 * a separate, simpler count; and the month-by-month trend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { parseIsoDate } from '../rules/index.ts';
import { teamReader, type Database } from '../store/index.ts';
import { complianceFor, overdueFor } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';
import { exportedFile } from './support/exported-sessions.ts';
import { SEED_HEADER, discussCase, seedCase, seedRoster, seedSession } from './support/seed.ts';

const ON = parseIsoDate('2026-12-04');
const NOW = new Date('2026-12-04T17:00:00Z');

describe.each(testDatabases)('compliance measures on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'sm@l.example,Sue Manager,service-manager,lambeth,2015-01-01,,Leads,,,,',
        'tm@l.example,Tom Lead,team-manager,lambeth,2018-01-01,sm@l.example,Assessment,,,2026-11-20,2026-09-01',
        'sw1@l.example,Ann One,social-worker,lambeth,2019-01-01,tm@l.example,Assessment,,,2026-10-20,2026-10-01',
        'sw2@l.example,Ben Two,social-worker,lambeth,2019-01-01,tm@l.example,Assessment,,,2026-10-20,',
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised,agreement_signed`,
    );
    const recorded = async (upn: string, heldOn: string, recordedAt: string) => {
      const id = await seedSession(db, upn, heldOn, 'held', 'case-management');
      await db.query(
        'UPDATE sessions SET recorded_at = $2, recorded_by = (SELECT id FROM people WHERE upn = $3) WHERE id = $1',
        [id, recordedAt, 'tm@l.example'],
      );
      return id;
    };
    // Ann's records: 2 November recorded the next day (on time), 16 November recorded on the 25th (due by the 18th: late).
    const annFirst = await recorded('sw1@l.example', '2026-11-02', '2026-11-03T12:00:00Z');
    const annSecond = await recorded('sw1@l.example', '2026-11-16', '2026-11-25T12:00:00Z');
    // Ben's: 20 November never recorded (due by the 24th: late); 3 December not yet due (by the 7th).
    await seedSession(db, 'sw2@l.example', '2026-11-20', 'booked', 'case-management');
    await seedSession(db, 'sw2@l.example', '2026-12-03', 'booked', 'case-management');
    // Ann agreed with the first record; the second, asked on the 25th, waits past its 5 working days.
    await db.query(
      `INSERT INTO record_sign_offs (session_id, supervisee_id, record_at, requested_on, outcome, signed_at)
       SELECT $1::bigint, id, '2026-11-03T12:00:00Z'::timestamptz, '2026-11-03'::date, 'agreed', '2026-11-04T09:00:00Z'::timestamptz FROM people WHERE upn = 'sw1@l.example'
       UNION ALL
       SELECT $2::bigint, id, '2026-11-25T12:00:00Z'::timestamptz, '2026-11-25'::date, NULL, NULL FROM people WHERE upn = 'sw1@l.example'`,
      [annFirst, annSecond],
    );
    // Ann's child in need case was discussed on 16 November; Ben's, since June, never.
    await discussCase(
      db,
      annSecond,
      await seedCase(db, 'NDC-1', 'child-in-need', '2026-06-01', 'sw1@l.example'),
    );
    await seedCase(db, 'NDC-2', 'child-in-need', '2026-06-01', 'sw2@l.example');
  }, 60_000);
  afterEach(async () => db.close());

  it('counts each share done of due, for everyone and by team and role', async () => {
    const report = await complianceFor(teamReader(db), 'sm@l.example', ON, {
      defaultRecordWorkingDays: 5,
      now: NOW,
    });
    const { measures } = report.overall;
    expect(measures.recordsOnTime).toEqual({ done: 1, of: 3 });
    expect(measures.recordsSignedOff).toEqual({ done: 1, of: 2 });
    expect(measures.childrenOnTime).toEqual({ done: 1, of: 2 });
    // Ben has never signed one; Tom's (1 September) and Ann's (1 October) are within their six months.
    expect(measures.agreementsInDate).toEqual({ done: 2, of: 3 });
    // The observation share is "who is overdue?"'s answer, counted: each person Lambeth asks 1 in 3 professional sessions of.
    const observationDue = (
      await overdueFor(
        teamReader(db),
        'sm@l.example',
        { on: ON, now: NOW },
        { defaultRecordWorkingDays: 5 },
      )
    ).items.filter((i) => i.kind === 'observation-due').length;
    expect(measures.observationsDone.of).toBeGreaterThan(0);
    expect(measures.observationsDone.done).toBe(measures.observationsDone.of - observationDue);
    expect(report.byRole.find((r) => r.group === 'social-worker')!.measures.recordsOnTime).toEqual({
      done: 1,
      of: 3,
    });
    expect(report.byTeam.find((r) => r.group === 'Assessment')!.measures.childrenOnTime).toEqual({
      done: 1,
      of: 2,
    });
  });

  it('gives the same record figures as a count of the exported sessions.csv', async () => {
    const report = await complianceFor(teamReader(db), 'sm@l.example', ON, {
      defaultRecordWorkingDays: 5,
      now: NOW,
    });
    const rows = await exportedFile(
      db,
      fixedClock(NOW),
      { from: '2025-12-05', to: '2026-12-04' },
      'sessions.csv',
    );
    // Held sessions recorded in Cadence (on time or late), and those left unrecorded past their deadline.
    const judged = rows.filter(
      (r) =>
        (r.status === 'held' && /^(on time|late by)/.test(r['recorded on time']!)) ||
        r['recorded on time'] === 'not recorded, overdue',
    );
    expect(report.overall.measures.recordsOnTime).toEqual({
      done: judged.filter((r) => r['recorded on time'] === 'on time').length,
      of: judged.length,
    });
    const asked = rows.filter((r) => r['signed off by supervisee'] !== '');
    const answered = asked.filter((r) =>
      /^(agreed|disagreed)/.test(r['signed off by supervisee']!),
    );
    const lateUnanswered = asked.filter((r) =>
      r['signed off by supervisee']!.startsWith('awaited, overdue'),
    );
    expect(report.overall.measures.recordsSignedOff).toEqual({
      done: answered.length,
      of: answered.length + lateUnanswered.length,
    });
  });

  it('gives the month-by-month trend of the last 12 months, the current one to the day', async () => {
    const { trend } = await complianceFor(teamReader(db), 'sm@l.example', ON, {
      defaultRecordWorkingDays: 5,
      now: NOW,
    });
    expect(trend.map((p) => p.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(trend.every((p) => p.people === 3)).toBe(true);
    // Cadence's records of them begin in October (the roster's last supervision), so they are judged from there:
    // Tom's monthly supervision was last held 20 November (due by 20 December); Ann's and Ben's case management is
    // monthly too, and their sessions in November keep them within policy into December.
    // Cadence's records of them begin on 20 October (the roster's last supervision), so nothing before is held
    // against anyone; in November Ann and Ben fell overdue — as "who is overdue?" says at its end — and Tom did not.
    expect(trend.map((p) => p.within)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1]);
    const endOfNovember = parseIsoDate('2026-11-30');
    const overdueThen = (
      await overdueFor(
        teamReader(db),
        'sm@l.example',
        { on: endOfNovember, now: new Date('2026-11-30T17:00:00Z') },
        { defaultRecordWorkingDays: 5 },
      )
    ).items.filter((i) => i.kind === 'supervision-overdue');
    expect([...new Set(overdueThen.map((i) => i.name))].sort()).toEqual(['Ann One', 'Ben Two']);
  });
});
