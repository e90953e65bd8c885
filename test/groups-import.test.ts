/**
 * The groups file (issue 15, item 1) against a real database: a Lambeth
 * team's reflective case discussion held as one facilitated group (002, 2.2)
 * and the service managers' peer forum "facilitated by the peers". A bad file
 * writes nothing and lists every problem by line; a good one is imported once,
 * and again changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupsWriter, listAudit, listGroups, type Database } from '../store/index.ts';
import { FileProblemsError, importGroups } from '../supervision/index.ts';
import { cadenceOk, runCadence } from './support/cli.ts';
import { testDatabases } from './support/databases.ts';
import { SEED_HEADER, seedRoster } from './support/seed.ts';

const LAMBETH_TEAM = [
  'ad@l.example,Ada Director,assistant-director,lambeth,2015-01-01,,Leadership,,',
  'sm1@l.example,Sol Manager,service-manager,lambeth,2016-01-01,ad@l.example,Leadership,,',
  'sm2@l.example,Sam Manager,service-manager,lambeth,2016-01-01,ad@l.example,Leadership,,',
  'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,sm1@l.example,Assessment,,',
  'sw1@l.example,Wes One,social-worker,lambeth,2020-01-01,tm@l.example,Assessment,,',
  'sw2@l.example,Wren Two,social-worker,lambeth,2020-01-01,tm@l.example,Assessment,,',
  'sw3@l.example,Wyn Three,social-worker,lambeth,2020-01-01,tm@l.example,Assessment,,',
];
const HEADER = 'group,type,facilitator_upn,member_upns,quorum';
const GOOD = [
  HEADER,
  'Assessment team case discussion,reflective-case-discussion,tm@l.example,sw1@l.example;sw2@l.example;sw3@l.example,',
  'Managers peer forum,peer-reflection,peers,sm1@l.example;sm2@l.example;ad@l.example,3',
].join('\n');

describe.each(testDatabases)('groups import on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, LAMBETH_TEAM, '2026-11-01', SEED_HEADER);
  });
  afterEach(async () => {
    await db.close();
  });

  const run = (text: string, dryRun = false) =>
    importGroups((work) => db.transaction((tx) => work(groupsWriter(tx))), {
      text,
      file: 'groups.csv',
      actor: 'test',
      today: '2026-11-01',
      dryRun,
    });

  async function problemsOf(text: string): Promise<string[]> {
    const error = await run(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileProblemsError);
    return (error as FileProblemsError).problems.map((p) => `line ${p.line}: ${p.message}`);
  }

  it('imports a facilitated team group and a peer forum once; a second import changes nothing', async () => {
    const first = await run(GOOD);
    expect(first.written).toBe(true);
    expect(first.plan.added.map((g) => g.name)).toEqual([
      'Assessment team case discussion',
      'Managers peer forum',
    ]);
    expect(await listGroups(db)).toMatchObject([
      {
        name: 'Assessment team case discussion',
        type: 'reflective-case-discussion',
        facilitatorUpn: 'tm@l.example',
        memberUpns: ['sw1@l.example', 'sw2@l.example', 'sw3@l.example'],
        // No quorum given: more than half of the three.
        quorum: 2,
      },
      {
        name: 'Managers peer forum',
        type: 'peer-reflection',
        facilitatorUpn: null,
        memberUpns: ['sm1@l.example', 'sm2@l.example', 'ad@l.example'],
        quorum: 3,
      },
    ]);
    expect(await listAudit(db, 'supervision_group')).toHaveLength(2);

    const again = await run(GOOD);
    expect(again.written).toBe(false);
    expect(again.plan.unchanged).toBe(2);
    expect(await listAudit(db, 'supervision_group')).toHaveLength(2);
  });

  it('replaces the members and quorum of a group named again, and says which fields changed', async () => {
    await run(GOOD);
    const changed = await run(
      [
        HEADER,
        'assessment team case discussion,reflective-case-discussion,tm@l.example,sw1@l.example;sw3@l.example,2',
      ].join('\n'),
    );
    expect(changed.plan.updated.map((u) => u.fields)).toEqual([['group', 'member_upns']]);
    expect(changed.plan.notInFile).toBe(1);
    const [team] = await listGroups(db);
    expect(team!.memberUpns).toEqual(['sw1@l.example', 'sw3@l.example']);
  });

  it('refuses a file with bad rows, listing every problem by line, and writes nothing', async () => {
    const problems = await problemsOf(
      [
        HEADER,
        // A social worker's policy has no peer reflection.
        'Wrong type,peer-reflection,tm@l.example,sw1@l.example;sw2@l.example,',
        'Unknown people,reflective-case-discussion,boss@l.example,sw1@l.example;nobody@l.example,',
        'Too few,reflective-case-discussion,tm@l.example,sw2@l.example,',
        'Quorum too big,reflective-case-discussion,tm@l.example,sw2@l.example;sw3@l.example,3',
        'Facilitator twice,reflective-case-discussion,tm@l.example,tm@l.example;sw3@l.example,',
        'Not a type,huddle,tm@l.example,sw2@l.example;sw3@l.example,',
      ].join('\n'),
    );
    expect(problems).toEqual([
      "line 2: member sw1@l.example: policy lambeth sets no 'peer-reflection' supervision for role 'social-worker'; its types for that role: professional, reflective-case-discussion",
      "line 2: member sw2@l.example: policy lambeth sets no 'peer-reflection' supervision for role 'social-worker'; its types for that role: professional, reflective-case-discussion",
      "line 3: facilitator_upn 'boss@l.example' is not in Cadence; import the roster first (cadence roster import)",
      "line 3: member 'nobody@l.example' is not in Cadence; import the roster first (cadence roster import)",
      'line 4: member_upns needs at least two members, separated by ";"',
      "line 5: quorum '3' must be a whole number from 1 to the 2 members",
      "line 6: the facilitator tm@l.example is also listed as a member; list them once, as facilitator, or use 'peers'",
      expect.stringMatching(/^line 7: type 'huddle' is not a supervision type; use one of: /),
    ]);
    expect(await listGroups(db)).toEqual([]);
    expect(await listAudit(db, 'supervision_group')).toHaveLength(0);
  });

  it('refuses a group larger than an Outlook meeting takes', async () => {
    const many = Array.from({ length: 500 }, (_, i) => `p${i}@l.example`).join(';');
    const problems = await problemsOf(
      [HEADER, `Whole service,reflective-case-discussion,tm@l.example,${many},`].join('\n'),
    );
    expect(problems).toContain(
      'line 2: member_upns names 500 members; an Outlook meeting takes at most 499 besides its organiser: split the group',
    );
  });

  it('refuses a person in two groups of one type, which would count their attendance twice', async () => {
    await run(GOOD);
    const problems = await problemsOf(
      [
        HEADER,
        'Second team group,reflective-case-discussion,tm@l.example,sw2@l.example;sw3@l.example,',
      ].join('\n'),
    );
    expect(problems).toEqual([
      "line 2: member sw2@l.example is already in 'Assessment team case discussion', another reflective team case discussion (group) group; a person is in one group of a type",
      "line 2: member sw3@l.example is already in 'Assessment team case discussion', another reflective team case discussion (group) group; a person is in one group of a type",
    ]);
  });
});

describe('cadence groups', () => {
  it('imports from the command line, lists the groups, and a dry run writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadence-groups-'));
    try {
      const env = { CADENCE_DATA_DIR: join(dir, 'data'), CADENCE_TODAY: '2026-11-23' };
      writeFileSync(join(dir, 'roster.csv'), [SEED_HEADER, ...LAMBETH_TEAM].join('\n'));
      writeFileSync(join(dir, 'groups.csv'), GOOD);
      await cadenceOk(['roster', 'import', join(dir, 'roster.csv')], env);
      expect(
        await cadenceOk(['groups', 'import', join(dir, 'groups.csv'), '--dry-run'], env),
      ).toContain('dry run, nothing written — would be: 2 added');
      expect(await cadenceOk(['groups', 'list'], env)).toContain('no groups');
      const imported = await cadenceOk(['groups', 'import', join(dir, 'groups.csv')], env);
      expect(imported).toContain(
        '+ Assessment team case discussion (reflective-case-discussion): facilitated by tm@l.example, 3 members, quorum 2',
      );
      expect(await cadenceOk(['groups', 'list'], env)).toContain(
        'Managers peer forum (peer-reflection): the peers taking turns; quorum 3 of 3',
      );
      const refused = await runCadence(['groups', 'import', join(dir, 'roster.csv')], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/missing columns group, type, facilitator_upn, member_upns/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
