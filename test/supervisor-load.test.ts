/**
 * Supervisor load against the policy's ratio (issue 15, item 5). Lambeth 3.2:
 * "for those supervisors who directly supervise staff having face to face
 * contact with children and families the recommended maximum ratio is
 * 1 Supervisor to 6 – 8 Supervisees." A Lambeth service with one team manager
 * over it (9 social workers), one within it (3) and a business support
 * manager with 10 administrators, to whom the ratio does not apply: read on
 * both databases, then from `cadence compliance` and the cards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assistantDeps } from '../app/bot-stack.ts';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { commandOf } from '../bot/commands.ts';
import { runCommand } from '../bot/turns.ts';
import { complianceCard } from '../cards/index.ts';
import { parseIsoDate } from '../rules/index.ts';
import { teamReader, type Database } from '../store/index.ts';
import { complianceFor, describeLoad } from '../supervision/index.ts';
import { cardText } from './support/card-reading.ts';
import { cadenceOk } from './support/cli.ts';
import { testDatabases } from './support/databases.ts';
import { SEED_HEADER, seedRoster } from './support/seed.ts';

const on = parseIsoDate('2026-11-23');

const ROSTER = [
  'sm@l.example,Sade Manager,service-manager,lambeth,2015-01-01,,Leadership,,',
  'tm1@l.example,Tara Busy,team-manager,lambeth,2018-01-01,sm@l.example,Assessment,,',
  'tm2@l.example,Theo Light,team-manager,lambeth,2018-01-01,sm@l.example,Care,,',
  'bsm@l.example,Bea Support,business-support-manager,lambeth,2016-01-01,sm@l.example,Admin,,',
  ...Array.from(
    { length: 9 },
    (_, i) =>
      `sw${i}@l.example,Worker ${i},social-worker,lambeth,2020-01-01,tm1@l.example,Assessment,,`,
  ),
  ...Array.from(
    { length: 3 },
    (_, i) => `cw${i}@l.example,Carer ${i},social-worker,lambeth,2020-01-01,tm2@l.example,Care,,`,
  ),
  ...Array.from(
    { length: 10 },
    (_, i) =>
      `bs${i}@l.example,Admin ${i},business-support,lambeth,2020-01-01,bsm@l.example,Admin,,`,
  ),
];

const RATIO =
  'the recommended maximum of 6–8 (London Borough of Lambeth, 3.2 Supervisor / Supervisee Ratios)';

describe.each(testDatabases)('supervisor load, on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, ROSTER, '2020-01-01');
  });
  afterEach(async () => {
    await db.close();
  });

  it('counts each supervisor’s supervisees, marks the one over Lambeth’s 6–8, and leaves the ratio off business support', async () => {
    const report = await complianceFor(teamReader(db), 'sm@l.example', on, {
      defaultRecordWorkingDays: 5,
    });
    expect(
      report.supervisorLoad.map((load) => `${load.supervisor.upn}: ${describeLoad(load)}`),
    ).toEqual([
      `tm1@l.example: 9 supervisees: over ${RATIO}`,
      // The ratio is for supervisors of face to face staff; administrators are not (lambeth.json's reading).
      'bsm@l.example: 10 supervisees',
      'sm@l.example: 3 supervisees',
      `tm2@l.example: 3 supervisees: within ${RATIO}`,
    ]);
  });

  it('a supervisor typing "team" sees their load on the team card: in red when over, quiet when within', async () => {
    const deps = assistantDeps(
      db,
      readConfig({ CADENCE_DATA_DIR: tmpdir() }),
      fixedClock(new Date('2026-11-23T10:00:00Z')),
      null,
    );
    const team = async (upn: string) => {
      const { id } = (await deps.store.personByUpn(upn))!;
      const actor = (await deps.store.actorById(id))!;
      return (await runCommand(deps, actor, commandOf('team'))).card;
    };
    // The load line is the TextBlock after the heading and the counts.
    const loadLine = (card: unknown) =>
      (card as { body: { text?: string; color?: string }[] }).body.find((e) =>
        e.text?.match(/^\d+ supervisees/),
      );
    const busy = await team('tm1@l.example');
    expect(loadLine(busy)).toMatchObject({
      text: `9 supervisees: over ${RATIO}`,
      color: 'Attention',
    });
    const light = await team('tm2@l.example');
    expect(loadLine(light)).toMatchObject({
      text: `3 supervisees: within ${RATIO}`,
      isSubtle: true,
    });
    expect(loadLine(light)?.color).toBeUndefined();
    // No ratio for supervisors of administrators: no load line at all.
    expect(cardText(await team('bsm@l.example'))).not.toContain('supervisees');
  });
});

describe('supervisor load where people read it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadence-supervisor-load-'));
  const env = {
    CADENCE_DATA_DIR: join(dir, 'data'),
    CADENCE_TODAY: '2026-11-23',
    CADENCE_ACTOR: 'test',
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('`cadence compliance` lists every supervisor, the one over the ratio first and marked', async () => {
    const roster = join(dir, 'roster.csv');
    writeFileSync(roster, [SEED_HEADER, ...ROSTER].join('\n'));
    await cadenceOk(['roster', 'import', roster], env);
    const out = await cadenceOk(['compliance', '--manager', 'sm@l.example'], env);
    const section = out.slice(out.indexOf('supervisor load'));
    expect(section.split('\n').slice(1, 5)).toEqual([
      `  OVER Tara Busy: 9 supervisees: over ${RATIO}`,
      '       Bea Support: 10 supervisees',
      '       Sade Manager: 3 supervisees',
      `       Theo Light: 3 supervisees: within ${RATIO}`,
    ]);
    const json = JSON.parse(
      await cadenceOk(['compliance', '--manager', 'sm@l.example', '--json'], env),
    ) as { supervisorLoad: { supervisor: { upn: string }; supervisees: number; over: boolean }[] };
    expect(json.supervisorLoad[0]).toMatchObject({
      supervisor: { upn: 'tm1@l.example' },
      supervisees: 9,
      over: true,
    });
  });

  it('the compliance card names the supervisor over the ratio and counts those within it', () => {
    const text = cardText(
      complianceCard({
        manager: { upn: 'sm@l.example', name: 'Sade Manager' },
        on,
        rows: [],
        loads: [
          {
            supervisor: { upn: 'tm1@l.example', name: 'Tara Busy' },
            text: `9 supervisees: over ${RATIO}`,
            hasRatio: true,
            over: true,
          },
          {
            supervisor: { upn: 'tm2@l.example', name: 'Theo Light' },
            text: `3 supervisees: within ${RATIO}`,
            hasRatio: true,
            over: false,
          },
          {
            supervisor: { upn: 'bsm@l.example', name: 'Bea Support' },
            text: '10 supervisees',
            hasRatio: false,
            over: false,
          },
        ],
      }),
    );
    expect(text).toContain(`**Tara Busy**: 9 supervisees: over ${RATIO}`);
    expect(text).toContain('1 supervisor of 2 within the recommended maximum');
    expect(text).not.toContain('Theo Light');
    expect(text).not.toContain('Bea Support');
  });
});
