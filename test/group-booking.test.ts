/**
 * A Lambeth team's reflective case discussion booked as one group series
 * (issue 15, item 1) by `cadence book --all` against the Graph emulator: one
 * fortnightly series in the team manager's calendar with the three social
 * workers invited, at a time at least the quorum of them is free — instead of
 * three one-to-one series — and each member's one-to-ones placed around it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cadenceOk, runCadence } from './support/cli.ts';
import { useCliWithEmulator } from './support/cli-emulator.ts';
import { SEED_HEADER } from './support/seed.ts';

const TEAM = [
  ['tm@l.example', 'Tara Lead', 'team-manager', ''],
  ['sw1@l.example', 'Wes One', 'social-worker', 'tm@l.example'],
  ['sw2@l.example', 'Wren Two', 'social-worker', 'tm@l.example'],
  ['sw3@l.example', 'Wyn Three', 'social-worker', 'tm@l.example'],
] as const;

/** Busy all day every Tuesday from the end of November to March: court days, say. */
const tuesdaysInCourt = (mailbox: string) => ({
  mailbox,
  subject: 'Court',
  showAs: 'busy' as const,
  start: { dateTime: '2026-11-24T08:00:00', timeZone: 'Europe/London' },
  end: { dateTime: '2026-11-24T18:00:00', timeZone: 'Europe/London' },
  recurrence: {
    pattern: { type: 'weekly' as const, interval: 1, daysOfWeek: ['tuesday' as const] },
    range: { type: 'endDate' as const, startDate: '2026-11-24', endDate: '2027-03-31' },
  },
});

describe('a group planned as one series', () => {
  const cli = useCliWithEmulator({
    people: TEAM.map(([upn, name, , manager]) => ({ upn, name, manager })),
    events: [tuesdaysInCourt('sw1@l.example'), tuesdaysInCourt('sw2@l.example')],
    today: '2026-11-23',
  });
  beforeEach(async () => {
    writeFileSync(
      join(cli.dir, 'roster.csv'),
      [
        `${SEED_HEADER},last_supervised`,
        ...TEAM.map(([upn, name, role, supervisor]) =>
          // Every type last held on Monday 16 November, before Cadence.
          [
            upn,
            name,
            role,
            'lambeth',
            '2020-01-06',
            supervisor,
            'Assessment',
            '',
            '',
            '2026-11-16',
          ].join(','),
        ),
      ].join('\n'),
    );
    writeFileSync(
      join(cli.dir, 'groups.csv'),
      [
        'group,type,facilitator_upn,member_upns,quorum',
        'Assessment team case discussion,reflective-case-discussion,tm@l.example,sw1@l.example;sw2@l.example;sw3@l.example,2',
      ].join('\n'),
    );
    await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    await cadenceOk(['groups', 'import', join(cli.dir, 'groups.csv')], cli.env);
  }, 120_000);

  it('plans one fortnightly series for the team, away from the day two of the three are in court', async () => {
    const out = await cadenceOk(['book', '--all', '--dry-run'], cli.env);
    expect(out).toContain(
      'group Assessment team case discussion (reflective-case-discussion), organised by tm@l.example with 3 members invited, placed where at least 2 of the 3 are free',
    );
    const series = out.split('\n').filter((line) => line.includes('one series for the group'));
    expect(series).toHaveLength(1);
    expect(series[0]).toMatch(/every 2 weeks on (Monday|Wednesday|Thursday|Friday) at /);
    // Lambeth: every 2 weeks (002, staff-group table); three months ahead is 6 or 7 meetings.
    expect(Number(/, (\d+) sessions/.exec(series[0]!)![1])).toBeGreaterThanOrEqual(6);
    // No member has a one-to-one series of the group's type any more; their professional supervision stays one to one.
    expect(out).not.toMatch(/^sw\d@l\.example reflective-case-discussion/m);
    expect(out).toMatch(/^sw1@l\.example professional: /m);
    expect(out).toContain('dry run: nothing was booked');
    const tara = cli.emulator.state.directory.require('tm@l.example');
    expect(cli.emulator.state.store.events(tara.id)).toHaveLength(0);
  });

  it('books the series in the facilitator’s calendar with every member invited, once', async () => {
    cli.emulator.resetLog();
    const out = await cadenceOk(['book', '--all'], cli.env);
    expect(out).toMatch(/one series for the group: .*every 2 weeks/);
    const tara = cli.emulator.state.directory.require('tm@l.example');
    const groupSeries = cli.emulator.state.store
      .events(tara.id)
      .filter((e) => e.input.subject === 'Group supervision: Tara Lead');
    expect(groupSeries).toHaveLength(1);
    expect(
      (groupSeries[0]!.input.attendees ?? []).map((a) => a.emailAddress.address).sort(),
    ).toEqual(['sw1@l.example', 'sw2@l.example', 'sw3@l.example']);
    // The facilitator plus three: four people at each meeting, and no one-to-one of that type for anyone.
    const oneToOnes = cli.emulator.state.store
      .events(tara.id)
      .filter((e) => e.input.subject !== 'Group supervision: Tara Lead');
    expect(oneToOnes.map((e) => e.input.subject).sort()).toEqual([
      'Supervision: Tara Lead / Wes One',
      'Supervision: Tara Lead / Wren Two',
      'Supervision: Tara Lead / Wyn Three',
    ]);
    // The members' group type counts as booked: due by 30 November, the group's first meeting is before it.
    const overdue = await cadenceOk(['overdue', '--manager', 'tm@l.example'], cli.env);
    expect(overdue).not.toMatch(/reflective/i);
    expect(overdue).not.toMatch(/not booked/i);
    const again = await cadenceOk(['book', '--all'], cli.env);
    expect(again).toContain('nothing to book');
    expect(
      cli.emulator.state.store
        .events(tara.id)
        .filter((e) => e.input.subject === 'Group supervision: Tara Lead'),
    ).toHaveLength(1);
  });

  it('meets on the court day when one free member is enough', async () => {
    writeFileSync(
      join(cli.dir, 'groups.csv'),
      [
        'group,type,facilitator_upn,member_upns,quorum',
        'Assessment team case discussion,reflective-case-discussion,tm@l.example,sw1@l.example;sw2@l.example;sw3@l.example,1',
      ].join('\n'),
    );
    await cadenceOk(['groups', 'import', join(cli.dir, 'groups.csv')], cli.env);
    const out = await cadenceOk(['book', '--all', '--dry-run'], cli.env);
    expect(out).toMatch(/one series for the group: .*every 2 weeks on Tuesday at 10:00/);
  });

  it('leaves a group marked booking=by-supervisor to its facilitator: the daily booking skips it, theirs books it', async () => {
    writeFileSync(
      join(cli.dir, 'groups.csv'),
      [
        'group,type,facilitator_upn,member_upns,quorum,booking',
        'Assessment team case discussion,reflective-case-discussion,tm@l.example,sw1@l.example;sw2@l.example;sw3@l.example,2,By-Supervisor',
      ].join('\n'),
    );
    expect(await cadenceOk(['groups', 'import', join(cli.dir, 'groups.csv')], cli.env)).toContain(
      '~ Assessment team case discussion: booking',
    );
    expect(await cadenceOk(['groups', 'list'], cli.env)).toContain(
      'quorum 2 of 3, booked by its organiser from Teams',
    );
    const all = await cadenceOk(['book', '--all', '--dry-run'], cli.env);
    expect(all).not.toContain('one series for the group');
    // Its members' one-to-one of the group's type is still not planned: the group holds it.
    expect(all).not.toMatch(/^sw\d@l\.example reflective-case-discussion/m);
    const theirs = await cadenceOk(['book', '--supervisor', 'tm@l.example', '--dry-run'], cli.env);
    expect(theirs).toMatch(/one series for the group: .*every 2 weeks/);
  });

  it('refuses a booking word it does not know, with the line', async () => {
    writeFileSync(
      join(cli.dir, 'groups.csv'),
      [
        'group,type,facilitator_upn,member_upns,quorum,booking',
        'Assessment team case discussion,reflective-case-discussion,tm@l.example,sw1@l.example;sw2@l.example,,manual',
      ].join('\n'),
    );
    const refused = await runCadence(['groups', 'import', join(cli.dir, 'groups.csv')], cli.env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("line 2: booking 'manual' must be automatic or by-supervisor");
  });
});
