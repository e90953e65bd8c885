/**
 * A supervisor per type (issue 15, item 3), booked by `cadence book` against
 * the Graph emulator. Lambeth: "The CSW are line managed by the Service
 * Manager, who is responsible for case management and the Professional
 * Development Lead, who is responsible to professional supervision" (002,
 * 3.6). The roster gives the team manager's professional supervision to the
 * Professional Development Lead; the Service Manager keeps case management.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cadenceOk, runCadence } from './support/cli.ts';
import { useCliWithEmulator } from './support/cli-emulator.ts';

const HEADER = 'upn,name,role,policy,started,supervisor_upn,last_supervised,type_supervisors';
const SM = 'sm@l.example,Sam Service,service-manager,lambeth,2015-01-05,,,';
const PDL = 'pdl@l.example,Pat Lead,service-manager,lambeth,2016-01-04,sm@l.example,2026-11-20,';
const tm = (typeSupervisors: string) =>
  `tm@l.example,Tam Manager,team-manager,lambeth,2019-01-07,sm@l.example,2026-11-20,${typeSupervisors}`;

describe('a team manager whose professional supervision is someone else’s', () => {
  const cli = useCliWithEmulator({
    people: [
      { upn: 'sm@l.example', name: 'Sam Service' },
      { upn: 'pdl@l.example', name: 'Pat Lead', manager: 'sm@l.example' },
      { upn: 'tm@l.example', name: 'Tam Manager', manager: 'sm@l.example' },
    ],
    today: '2026-11-23',
  });

  const importRoster = async (...rows: string[]) => {
    writeFileSync(join(cli.dir, 'roster.csv'), [HEADER, ...rows].join('\n'));
    return cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
  };
  /** The Tam Manager series in a calendar, by subject. */
  const tamSeries = (upn: string) => {
    const who = cli.emulator.state.directory.require(upn);
    return cli.emulator.state.store
      .events(who.id)
      .filter((e) => e.input.subject?.endsWith(' / Tam Manager'))
      .map((e) => e.input.subject);
  };

  it('books professional supervision from the lead’s calendar and case management from the service manager’s, never as one meeting', async () => {
    const imported = await importRoster(SM, PDL, tm('professional=pdl@l.example'));
    expect(imported).toContain(
      'tm@l.example (team-manager, lambeth), supervised by sm@l.example (professional: pdl@l.example)',
    );
    const bySm = await cadenceOk(['book', '--supervisor', 'sm@l.example'], cli.env);
    // Without the type supervisor these two share one meeting (Lambeth 2.2, rules/combined-types.ts).
    expect(bySm).toMatch(/^tm@l\.example case-management: every 6 weeks/m);
    expect(bySm).not.toMatch(/^tm@l\.example professional/m);
    expect(bySm).not.toMatch(/^tm@l\.example case-management \+ professional/m);
    const byLead = await cadenceOk(['book', '--supervisor', 'pdl@l.example'], cli.env);
    expect(byLead).toMatch(/^tm@l\.example professional: every 6 weeks/m);
    expect(tamSeries('pdl@l.example')).toEqual(['Supervision: Pat Lead / Tam Manager']);
    expect(tamSeries('sm@l.example').length).toBeGreaterThanOrEqual(1);
    expect(tamSeries('sm@l.example')).not.toContain('Supervision: Pat Lead / Tam Manager');
    expect(await cadenceOk(['book', '--supervisor', 'pdl@l.example'], cli.env)).toContain(
      'nothing to book',
    );
  });

  it('takes the lead’s series out of Outlook when the roster gives the type back, and books it with the supervisor', async () => {
    await importRoster(SM, PDL, tm('professional=pdl@l.example'));
    await cadenceOk(['book', '--all'], cli.env);
    expect(tamSeries('pdl@l.example')).toHaveLength(1);
    const dry = await cadenceOk(
      ['roster', 'import', join(cli.dir, 'roster.csv'), '--dry-run'],
      cli.env,
    );
    expect(dry).toContain('0 changed supervisor, 0 changed supervision terms');
    expect(dry).toContain('3 unchanged');
    writeFileSync(join(cli.dir, 'roster.csv'), [HEADER, SM, PDL, tm('')].join('\n'));
    const changed = await cadenceOk(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    expect(changed).toContain(
      '↻ tm@l.example: supervisor sm@l.example (professional: pdl@l.example) → sm@l.example',
    );
    expect(tamSeries('pdl@l.example')).toHaveLength(0);
    const rebooked = await cadenceOk(['book', '--supervisor', 'sm@l.example'], cli.env);
    expect(rebooked).toContain('tm@l.example case-management + professional');
  });

  it('refuses a type the role does not have, someone Cadence does not know, and an alternate who already holds the type; imports nothing', async () => {
    writeFileSync(
      join(cli.dir, 'roster.csv'),
      [
        `${HEADER},alternate_upn,alternate_types`,
        `${SM},,`,
        `${PDL},,`,
        `${tm('appraisal=pdl@l.example; case-management=nobody@l.example')},,`,
        'tm2@l.example,Tia Manager,team-manager,lambeth,2019-01-07,sm@l.example,,professional=pdl@l.example,pdl@l.example,professional',
      ].join('\n'),
    );
    const run = await runCadence(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "type_supervisors names 'appraisal', which the role does not have; its supervision types are case-management, professional, peer-reflection",
    );
    expect(run.stderr).toContain(
      'alternate_upn supervises professional already (type_supervisors); name a second supervisor to take turns with',
    );
    const list = await runCadence(['overdue', '--manager', 'sm@l.example'], cli.env);
    expect(list.stdout).not.toContain('Tam Manager');
  });

  it('refuses a type supervisor who is neither in the file nor in Cadence', async () => {
    const run = await (async () => {
      writeFileSync(
        join(cli.dir, 'roster.csv'),
        [HEADER, SM, tm('professional=nobody@l.example')].join('\n'),
      );
      return runCadence(['roster', 'import', join(cli.dir, 'roster.csv')], cli.env);
    })();
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "type_supervisors gives 'nobody@l.example' for professional, who is not in this file or in Cadence",
    );
  });
});
