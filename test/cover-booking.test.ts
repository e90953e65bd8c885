/**
 * Cover for an absent supervisor (issue 15, item 4), booked by `cadence book`
 * against the Graph cli.emulator. A Lambeth ASYE who started on 16 November 2026
 * is supervised weekly for the first 6 weeks (002, staff-group table); the
 * team manager is on leave for three weeks from 30 November. With an advanced
 * practitioner set as cover for those weeks, the sessions the manager cannot
 * hold are booked in the cover's calendar instead of cancelled.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cadenceOk, runCadence as cadence } from './support/cli.ts';
import { useCliWithEmulator } from './support/cli-emulator.ts';
import { SEED_HEADER } from './support/seed.ts';

const PEOPLE = [
  ['tm@l.example', 'Tara Lead', 'team-manager', '2018-01-01', ''],
  ['ap@l.example', 'Abi Practitioner', 'social-worker', '2018-01-01', 'tm@l.example'],
  ['asye@l.example', 'Ash New', 'asye', '2026-11-16', 'tm@l.example'],
] as const;

/** Tara away, all day, Monday 30 November to Friday 18 December. */
const leave = {
  mailbox: 'tm@l.example',
  subject: 'Annual leave',
  showAs: 'oof' as const,
  start: { dateTime: '2026-11-30T00:00:00', timeZone: 'Europe/London' },
  end: { dateTime: '2026-12-19T00:00:00', timeZone: 'Europe/London' },
};

describe('a supervisor on leave with cover', () => {
  const cli = useCliWithEmulator({
    people: PEOPLE.map(([upn, name, , , manager]) => ({ upn, name, manager })),
    events: [leave],
    today: '2026-11-23',
  });
  beforeEach(async () => {
    writeFileSync(
      join(cli.dir, 'roster.csv'),
      [
        `${SEED_HEADER},last_supervised`,
        ...PEOPLE.map(([upn, name, role, started, supervisor]) =>
          [
            upn,
            name,
            role,
            'lambeth',
            started,
            supervisor,
            'Assessment',
            '',
            '',
            '2026-11-20',
          ].join(','),
        ),
      ].join('\n'),
    );
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
  }, 120_000);

  const sessionsDuring = (upn: string) => {
    const who = cli.emulator.state.directory.require(upn);
    return cli.emulator.state.store
      .events(who.id)
      .filter((e) => e.input.subject?.startsWith('Supervision:'))
      .filter((e) => {
        const start = e.input.start?.dateTime ?? '';
        return start >= '2026-11-30' && start < '2026-12-19';
      });
  };

  it('without cover, cancels what cannot be placed; with cover, books it in the cover’s calendar', async () => {
    const alone = await cadenceOk(['book', '--supervisor', 'tm@l.example', '--dry-run'], cli.env);
    // Without cover, the three weekly sessions of the leave are cancelled.
    for (const due of ['2026-12-04', '2026-12-11', '2026-12-18'])
      expect(alone).toContain(
        `cannot place the session due by ${due}: no time free for both; cancelled`,
      );

    const set = await cadenceOk(
      [
        'cover',
        'set',
        '--supervisor',
        'tm@l.example',
        '--cover',
        'ap@l.example',
        '--from',
        '2026-11-30',
        '--to',
        '2026-12-18',
      ],
      cli.env,
    );
    expect(set).toContain(
      'Abi Practitioner (ap@l.example) covers for Tara Lead from 2026-11-30 to 2026-12-18',
    );
    expect(await cadenceOk(['cover', 'list'], cli.env)).toMatch(
      /^1: ap@l\.example covers for tm@l\.example from 2026-11-30 to 2026-12-18/m,
    );

    const out = await cadenceOk(['book', '--supervisor', 'tm@l.example'], cli.env);
    const covered = out
      .split('\n')
      .filter((line) => line.includes('cannot be held by tm@l.example: booked with the cover'));
    // The three weekly professional sessions of the leave, and the other types' that fall in it.
    expect(out).toMatch(
      /the session due by 2026-12-04 cannot be held by tm@l\.example: booked with the cover, ap@l\.example, on 2026-1[12]-\d\d at/,
    );
    expect(covered.length).toBeGreaterThanOrEqual(3);
    // Left cancelled: only Abi's own session with Tara, which Abi cannot cover.
    expect(out.match(/cannot place the session due by 2026-12-(04|11|18)/g)).toHaveLength(1);
    const withCover = sessionsDuring('ap@l.example');
    expect(withCover).toHaveLength(covered.length);
    expect(withCover.map((e) => e.input.subject)).toEqual(
      withCover.map(() => 'Supervision: Abi Practitioner / Ash New'),
    );
    // Booking again finds the cover's sessions booked: nothing is added.
    expect(await cadenceOk(['book', '--supervisor', 'tm@l.example'], cli.env)).toContain(
      'nothing to book',
    );
    expect(sessionsDuring('ap@l.example')).toHaveLength(covered.length);
  });

  it('refuses cover that overlaps another, is the supervisor, or ends before it starts, saying why', async () => {
    const base = ['cover', 'set', '--supervisor', 'tm@l.example'];
    const bad = await cadence(
      [...base, '--cover', 'tm@l.example', '--from', '2026-12-10', '--to', '2026-12-01'],
      cli.env,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('a supervisor cannot cover for themselves');
    expect(bad.stderr).toContain(
      'the last day of cover (2026-12-01) is before the first (2026-12-10)',
    );
    await cadenceOk(
      [...base, '--cover', 'ap@l.example', '--from', '2026-11-30', '--to', '2026-12-18'],
      cli.env,
    );
    const clash = await cadence(
      [...base, '--cover', 'asye@l.example', '--from', '2026-12-18', '--to', '2026-12-24'],
      cli.env,
    );
    expect(clash.stderr).toContain(
      'tm@l.example is already covered by ap@l.example from 2026-11-30 to 2026-12-18; remove that cover first (Remove on the cover card in Teams, or cadence cover remove 1)',
    );
    expect(await cadenceOk(['cover', 'remove', '1'], cli.env)).toContain('removed cover 1');
    expect(await cadenceOk(['cover', 'list'], cli.env)).toContain('no cover now or to come');
  });

  it('imports cover from a file all or nothing, each problem with its line, and a second import changes nothing', async () => {
    const file = join(cli.dir, 'cover.csv');
    const header = 'supervisor_upn,cover_upn,from,to';
    const tara = 'tm@l.example,ap@l.example,2026-11-30,2026-12-18';
    const abi = 'ap@l.example,tm@l.example,2026-12-21,2026-12-24';
    // Line 3 overlaps line 2's period for Tara; line 4 names no one Cadence knows.
    writeFileSync(
      file,
      [
        header,
        tara,
        'tm@l.example,asye@l.example,2026-12-18,2026-12-24',
        'nobody@l.example,ap@l.example,2026-12-01,2026-12-02',
      ].join('\n'),
    );
    const refused = await cadence(['cover', 'import', file], cli.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('2 problems, nothing was imported');
    expect(refused.stderr).toContain(
      'line 3: tm@l.example is already covered by ap@l.example from 2026-11-30 to 2026-12-18',
    );
    expect(refused.stderr).toContain("line 4: no one in Cadence has the UPN 'nobody@l.example'");
    expect(await cadenceOk(['cover', 'list'], cli.env)).toContain('no cover now or to come');

    writeFileSync(file, [header, tara, abi].join('\n'));
    expect(await cadenceOk(['cover', 'import', file, '--dry-run'], cli.env)).toContain(
      'dry run, nothing written — would be: 2 added, 0 already in Cadence',
    );
    expect(await cadenceOk(['cover', 'list'], cli.env)).toContain('no cover now or to come');
    expect(await cadenceOk(['cover', 'import', file], cli.env)).toContain(
      'imported — 2 added, 0 already in Cadence\n  + ap@l.example covers for tm@l.example from 2026-11-30 to 2026-12-18',
    );
    expect(await cadenceOk(['cover', 'import', file], cli.env)).toContain(
      'nothing to change — 0 added, 2 already in Cadence',
    );
    const list = await cadenceOk(['cover', 'list'], cli.env);
    expect(list).toContain('ap@l.example covers for tm@l.example from 2026-11-30 to 2026-12-18');
    expect(list).toContain('tm@l.example covers for ap@l.example from 2026-12-21 to 2026-12-24');
  });
});
