/**
 * Alternating supervisors (issue 15, item 3), booked by `cadence book`
 * against the Graph cli.emulator. Solihull: "Formal supervision for students will
 * be held weekly alternating between supervision with their onsite supervisor
 * and practice educator" (000, Frequency of Supervision and Specific Needs).
 * The roster names the practice educator as the student's alternate; the
 * weekly chain becomes two fortnightly series, one in each supervisor's own
 * calendar, taking turns.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cadenceOk, runCadence } from './support/cli.ts';
import { useCliWithEmulator } from './support/cli-emulator.ts';
import { SEED_HEADER } from './support/seed.ts';

const PEOPLE = [
  ['os@s.example', 'Olu Site', 'team-manager', '', ''],
  ['pe@s.example', 'Pat Educator', 'social-worker', 'os@s.example', ''],
  ['st@s.example', 'Sol Student', 'student', 'os@s.example', 'pe@s.example'],
] as const;

describe('a student whose sessions alternate between two supervisors', () => {
  const cli = useCliWithEmulator({
    people: PEOPLE.map(([upn, name, , manager]) => ({ upn, name, manager })),
    events: [],
    today: '2026-11-23',
  });

  const roster = (rows: readonly (readonly string[])[]) =>
    [
      `${SEED_HEADER},last_supervised,alternate_upn`,
      ...rows.map(([upn, name, role, supervisor, alternate]) =>
        [
          upn,
          name,
          role,
          'solihull',
          '2026-09-07',
          supervisor,
          'Students',
          '',
          '',
          '2026-11-20',
          alternate,
        ].join(','),
      ),
    ].join('\n');

  /** Each series' London start dates, from the organiser's calendar. */
  const sessionDates = (upn: string) => {
    const who = cli.emulator.state.directory.require(upn);
    return cli.emulator.state.store
      .events(who.id)
      .filter(
        (e) =>
          e.input.subject === `Supervision: ${PEOPLE.find(([u]) => u === upn)![1]} / Sol Student`,
      );
  };

  it('books two fortnightly series, one in each supervisor’s calendar, that take turns week by week', async () => {
    writeFileSync(join(cli.dir, 'roster.csv'), roster(PEOPLE));
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    cli.emulator.resetLog();
    const out = await cadenceOk(['book', '--supervisor', 'os@s.example'], cli.env);
    const mine = /^st@s\.example one-to-one: every 2 weeks on (\w+) at (\d\d:\d\d), (\S+) to/m.exec(
      out,
    );
    const theirs =
      /^st@s\.example one-to-one, pe@s\.example's turns: every 2 weeks on (\w+) at (\d\d:\d\d), (\S+) to/m.exec(
        out,
      );
    expect(mine, out).not.toBeNull();
    expect(theirs, out).not.toBeNull();
    // The last session before Cadence (Friday 20 November) is on the supervisor's record: the educator's turn first, a week before the supervisor's.
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(days(theirs![3]!, mine![3]!)).toBe(7);
    expect(sessionDates('os@s.example')).toHaveLength(1);
    expect(sessionDates('pe@s.example')).toHaveLength(1);
    const creates = cli.emulator.requestLog.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/events'),
    );
    // The student's two series, and the educator's own supervision with Olu.
    expect(creates).toHaveLength(3);
    expect(await cadenceOk(['book', '--supervisor', 'os@s.example'], cli.env)).toContain(
      'nothing to book',
    );
  });

  it('takes both supervisors’ series out of Outlook when the relationship ends', async () => {
    writeFileSync(join(cli.dir, 'roster.csv'), roster(PEOPLE));
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    await cadenceOk(['book', '--supervisor', 'os@s.example'], cli.env);
    expect(sessionDates('pe@s.example')).toHaveLength(1);
    // The practice educator becomes the student's only supervisor: the alternating relationship ends.
    writeFileSync(
      join(cli.dir, 'roster.csv'),
      roster([
        PEOPLE[0],
        PEOPLE[1],
        ['st@s.example', 'Sol Student', 'student', 'pe@s.example', ''],
      ]),
    );
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    expect(sessionDates('os@s.example')).toHaveLength(0);
    expect(sessionDates('pe@s.example')).toHaveLength(0);
  });

  it('keeps every session on time whoever’s turn it is: turns alternate and no gap is over a week', async () => {
    writeFileSync(join(cli.dir, 'roster.csv'), roster(PEOPLE));
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    const report = JSON.parse(
      await cadenceOk(['book', '--supervisor', 'os@s.example', '--dry-run', '--json'], cli.env),
    ) as {
      planned: {
        supervisee: string;
        organiser?: string;
        series: { occurrences: { date: string }[] }[];
      }[];
    };
    const sessions = report.planned
      .filter((p) => p.supervisee === 'st@s.example')
      .flatMap((p) =>
        p.series.flatMap((s) =>
          s.occurrences.map((o) => ({ date: o.date, by: p.organiser ?? 'os' })),
        ),
      )
      .sort((a, b) => a.date.localeCompare(b.date));
    // Three months of weekly supervision.
    expect(sessions.length).toBeGreaterThanOrEqual(12);
    for (const [i, s] of sessions.entries()) {
      const before = i === 0 ? { date: '2026-11-20', by: 'os' } : sessions[i - 1]!;
      expect(s.by, `${s.date} follows ${before.date}`).not.toBe(before.by);
      expect((Date.parse(s.date) - Date.parse(before.date)) / 86_400_000).toBeLessThanOrEqual(7);
    }
  });

  it('refuses an alternate who is not in the roster, or is the supervisor, and imports nothing', async () => {
    writeFileSync(
      join(cli.dir, 'roster.csv'),
      roster([
        PEOPLE[0],
        PEOPLE[1],
        ['st@s.example', 'Sol Student', 'student', 'os@s.example', 'nobody@s.example'],
        ['st2@s.example', 'Sam Student', 'student', 'os@s.example', 'os@s.example'],
      ]),
    );
    const run = await runCadence(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "alternate_upn 'nobody@s.example' is not in this file or in Cadence",
    );
    expect(run.stderr).toContain('alternate_upn is the supervisor; name the second supervisor');
  });
});

describe('a Lambeth ASYE whose professional supervision alternates in the fortnightly phase only', () => {
  // "Weekly for the 1 st 6 weeks every 2 weeks (alternating between ASYE Assessor and Team Manager)" (002, staff-group table).
  const cli = useCliWithEmulator({
    people: [
      { upn: 'tm@l.example', name: 'Tara Lead' },
      { upn: 'aa@l.example', name: 'Ash Assessor', manager: 'tm@l.example' },
      { upn: 'ny@l.example', name: 'Ny Year', manager: 'tm@l.example' },
    ],
    today: '2026-11-23',
  });

  it('books the weekly weeks with the team manager alone, then takes turns fortnightly', async () => {
    writeFileSync(
      join(cli.dir, 'roster.csv'),
      [
        'upn,name,role,policy,started,supervisor_upn,last_supervised,alternate_upn,alternate_types',
        'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,,,,',
        'aa@l.example,Ash Assessor,social-worker,lambeth,2018-01-01,tm@l.example,2026-11-20,,',
        // Started Monday 2 November: weekly until Sunday 13 December, fortnightly from the 14th.
        'ny@l.example,Ny Year,asye,lambeth,2026-11-02,tm@l.example,2026-11-20,aa@l.example,professional',
      ].join('\n'),
    );
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    const report = JSON.parse(
      await cadenceOk(['book', '--all', '--dry-run', '--json'], cli.env),
    ) as {
      planned: {
        supervisee: string;
        type: string;
        organiser?: string;
        series: { occurrences: { date: string }[] }[];
      }[];
    };
    const sessions = report.planned
      .filter((p) => p.supervisee === 'ny@l.example' && p.type === 'professional')
      .flatMap((p) =>
        p.series.flatMap((s) =>
          s.occurrences.map((o) => ({ date: o.date, by: p.organiser ?? 'tm@l.example' })),
        ),
      )
      .sort((a, b) => a.date.localeCompare(b.date));
    const weekly = sessions.filter((s) => s.date < '2026-12-14');
    const fortnightly = sessions.filter((s) => s.date >= '2026-12-14');
    expect(weekly.length).toBeGreaterThanOrEqual(2);
    expect(new Set(weekly.map((s) => s.by))).toEqual(new Set(['tm@l.example']));
    expect(fortnightly.length).toBeGreaterThanOrEqual(4);
    for (const [i, s] of fortnightly.entries())
      if (i > 0) expect(s.by, s.date).not.toBe(fortnightly[i - 1]!.by);
    expect(fortnightly.map((s) => s.by)).toContain('aa@l.example');
  });
});
