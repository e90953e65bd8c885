/**
 * One meeting for several types (issue 15, item 2), booked by `cadence book`
 * against the Graph cli.emulator. Lambeth lets a session give "time and space" to
 * each area (002, 2.2): a team manager's case management and professional
 * supervision, both the Service Manager's and both every 6 weeks, become one
 * series instead of two back-to-back ones; peer reflection, "facilitated by
 * the peers", stays its own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cadenceOk, runCadence } from './support/cli.ts';
import { useCliWithEmulator } from './support/cli-emulator.ts';
import { SEED_HEADER } from './support/seed.ts';

const PEOPLE = [
  ['sm@l.example', 'Sam Service', 'service-manager', ''],
  ['tm@l.example', 'Tara Lead', 'team-manager', 'sm@l.example'],
] as const;

describe('types that share a session, booked as one series', () => {
  const rosterFor = (policy: string) =>
    [
      `${SEED_HEADER},last_supervised`,
      ...PEOPLE.map(([upn, name, role, supervisor]) =>
        // Every type last held on Monday 16 November, before Cadence: next due by 28 December.
        [upn, name, role, policy, '2020-01-06', supervisor, 'Leads', '', '', '2026-11-16'].join(
          ',',
        ),
      ),
    ].join('\n');
  const cli = useCliWithEmulator({
    people: PEOPLE.map(([upn, name, , manager]) => ({ upn, name, manager })),
    events: [],
    today: '2026-11-23',
  });

  it('books a Lambeth team manager one 6-weekly series for case management and professional supervision, and peer reflection apart', async () => {
    writeFileSync(join(cli.dir, 'roster.csv'), rosterFor('lambeth'));
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    const plan = await cadenceOk(['book', '--supervisor', 'sm@l.example', '--dry-run'], cli.env);
    expect(plan).toMatch(
      /^tm@l\.example case-management \+ professional: every 6 weeks on \w+ at \d\d:\d\d, /m,
    );
    expect(plan).toMatch(/^tm@l\.example peer-reflection: every 6 weeks/m);
    expect(plan).not.toMatch(/^tm@l\.example professional: /m);

    cli.emulator.resetLog();
    await cadenceOk(['book', '--supervisor', 'sm@l.example'], cli.env);
    const sam = cli.emulator.state.directory.require('sm@l.example');
    // Two series, not three: the requests to make series are counted in the cli.emulator.
    expect(cli.emulator.state.store.events(sam.id)).toHaveLength(2);
    const creates = cli.emulator.requestLog.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/events'),
    );
    expect(creates).toHaveLength(2);

    // Both types count as booked: neither is "not booked" for Sam's team.
    const overdue = await cadenceOk(['overdue', '--manager', 'sm@l.example'], cli.env);
    expect(overdue).not.toMatch(/case-management|professional/);
    const again = await cadenceOk(['book', '--supervisor', 'sm@l.example'], cli.env);
    expect(again).toContain('nothing to book');
    expect(cli.emulator.state.store.events(sam.id)).toHaveLength(2);
  });

  it('books each type apart where the supervision agreement asks for separate sessions', async () => {
    const withSeparate = (value: string) =>
      rosterFor('lambeth')
        .split('\n')
        .map((line, i) =>
          i === 0 ? `${line},separate_sessions` : `${line},${line.startsWith('tm@') ? value : ''}`,
        )
        .join('\n');
    const file = join(cli.dir, 'roster-separate.csv');
    writeFileSync(file, withSeparate('maybe'));
    const refused = await runCadence(['roster', 'import', file], cli.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("separate_sessions 'maybe' must be yes or no");

    writeFileSync(file, withSeparate('yes'));
    await cadenceOk(['roster', 'import', file], cli.env);
    const plan = await cadenceOk(['book', '--supervisor', 'sm@l.example', '--dry-run'], cli.env);
    expect(plan).toMatch(/^tm@l\.example case-management: every 6 weeks/m);
    expect(plan).toMatch(/^tm@l\.example professional: every 6 weeks/m);
    expect(plan).not.toMatch(/case-management \+ professional/);

    // Taken back: the next import says so, and the two types share a meeting again.
    writeFileSync(file, withSeparate('no'));
    expect(await cadenceOk(['roster', 'import', file], cli.env)).toContain(
      'tm@l.example: separate sessions → no',
    );
    expect(await cadenceOk(['book', '--supervisor', 'sm@l.example', '--dry-run'], cli.env)).toMatch(
      /^tm@l\.example case-management \+ professional: /m,
    );
  });
});
