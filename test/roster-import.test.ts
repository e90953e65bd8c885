/**
 * Roster import against a real database (PGlite, and the PostgreSQL server
 * when TEST_DATABASE_URL is set): a bad file writes nothing and lists every
 * problem by line; a good file is imported once, and again changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { listAudit, listPeople, rosterWriter, type Database } from '../store/index.ts';
import { FileProblemsError, importRoster } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';

const sample = readFileSync(new URL('../app/demo/roster.csv', import.meta.url), 'utf8');
const HEADER = 'upn,name,role,policy,started,supervisor_upn';
const today = parseIsoDate('2026-11-23');

describe.each(testDatabases)('roster import on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
  });
  afterEach(async () => {
    await db.close();
  });

  const run = (text: string, options: { dryRun?: boolean; file?: string; on?: string } = {}) =>
    importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
      text,
      file: options.file ?? 'roster.csv',
      actor: 'test',
      today: options.on ? parseIsoDate(options.on) : today,
      dryRun: options.dryRun ?? false,
    });

  async function problemsOf(text: string): Promise<string[]> {
    const error = await run(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileProblemsError);
    return (error as FileProblemsError).problems.map((p) => `line ${p.line}: ${p.message}`);
  }

  it('imports the sample council once; a second import changes nothing', async () => {
    const first = await run(sample);
    expect(first.written).toBe(true);
    expect(first.plan.added).toHaveLength(42);
    const people = await listPeople(db);
    expect(people).toHaveLength(42);
    const nisha = people.find((p) => p.upn === 'n.patel@northdale.example')!;
    expect(nisha).toMatchObject({ role: 'asye', startedOn: '2026-11-02', managerUpn: 's.iqbal@northdale.example' });
    expect(nisha.supervision).toMatchObject({ supervisorUpn: 's.iqbal@northdale.example', types: ['one-to-one'] });
    const student = people.find((p) => p.upn === 'e.walsh@northdale.example')!;
    expect(student).toMatchObject({ managerUpn: 's.iqbal@northdale.example', supervision: { supervisorUpn: 'c.evans@northdale.example' } });
    const audited = (await listAudit(db)).length;

    const second = await run(sample);
    expect(second).toMatchObject({ written: false, plan: { unchanged: 42, added: [], updated: [] } });
    expect(await listAudit(db)).toHaveLength(audited);
  });

  it('says what a dry run would change and writes nothing', async () => {
    const result = await run(sample, { dryRun: true });
    expect(result.written).toBe(false);
    expect(result.plan.added).toHaveLength(42);
    expect(await listPeople(db)).toHaveLength(0);
  });

  it('refuses a file with bad rows, listing every problem by line, and writes nothing', async () => {
    const text = [
      HEADER,
      'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,',
      'b.one@x.example,B One,wizard,solihull,2020-01-01,a.boss@x.example',
      'c.two@x.example,C Two,social-worker,solihull,2026-02-30,a.boss@x.example',
      'd.three@x.example,D Three,social-worker,solihull,2021-01-01,nobody@x.example',
      'B.ONE@x.example,B Again,social-worker,solihull,2021-01-01,a.boss@x.example',
      'e.four@x.example,E Four,social-worker,camden,2021-01-01,a.boss@x.example',
      'f.carer@x.example,F Carer,foster-carer,solihull,2021-01-01,a.boss@x.example',
    ].join('\n');
    const problems = await problemsOf(text);
    expect(problems).toEqual([
      "line 3: unknown role 'wizard'; roles in policy solihull: student, asye, returning-social-worker, social-worker, supervising-social-worker, iro, personal-adviser, early-help, residential-staff, registered-manager, team-manager, service-manager, head-of-service, assistant-director, business-support-manager, business-support, foster-carer",
      "line 4: started '2026-02-30' does not exist on the calendar",
      "line 5: supervisor_upn 'nobody@x.example' is not in this file or in Cadence",
      expect.stringMatching(/^line 7: unknown policy 'camden'; the policies are: solihull, /),
      "line 8: approved is empty; a foster-carer's supervision under solihull counts from the approval date",
    ]);
    expect(await listPeople(db)).toHaveLength(0);
  });

  it('refuses a duplicate UPN, naming the line it first appears on', async () => {
    const text = [HEADER, 'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,', 'A.Boss@x.example,A Boss,team-manager,solihull,2020-01-01,'].join('\n');
    expect(await problemsOf(text)).toEqual(["line 3: upn 'a.boss@x.example' already appears on line 2"]);
  });

  it('refuses a loop in the management chain, spelling it out', async () => {
    const text = [
      HEADER,
      'a@x.example,A,team-manager,solihull,2020-01-01,c@x.example',
      'b@x.example,B,service-manager,solihull,2020-01-01,a@x.example',
      'c@x.example,C,head-of-service,solihull,2020-01-01,b@x.example',
      'd@x.example,D,social-worker,solihull,2020-01-01,a@x.example',
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      'line 2: the management chain loops: a@x.example → c@x.example → b@x.example → a@x.example',
      'line 3: the management chain loops: b@x.example → a@x.example → c@x.example → b@x.example',
      'line 4: the management chain loops: c@x.example → b@x.example → a@x.example → c@x.example',
    ]);
  });

  it('refuses a file whose header lacks a column, naming what it must have', async () => {
    await expect(run('upn,name,role\na@x.example,A,social-worker')).rejects.toThrow(
      'roster.csv: missing columns policy, started, supervisor_upn; the header must have upn, name, role, policy, started, supervisor_upn and may have',
    );
  });

  it('keeps history when a supervisor changes: the old relationship ends, a new one starts', async () => {
    await run(sample);
    const moved = sample.replace(
      'j.price@northdale.example,Jack Price,social-worker,solihull,2023-04-03,s.iqbal@northdale.example',
      'j.price@northdale.example,Jack Price,social-worker,solihull,2023-04-03,m.okafor@northdale.example',
    );
    const result = await run(moved, { on: '2026-12-01' });
    expect(result.plan.supervisorChanged).toEqual([
      expect.objectContaining({ from: 's.iqbal@northdale.example', to: 'm.okafor@northdale.example' }),
    ]);
    expect(result.plan.updated).toEqual([expect.objectContaining({ fields: ['manager'] })]);
    const history = await db.query<{ supervisor: string; from_on: string; to_on: string | null }>(
      `SELECT s.upn AS supervisor, r.from_on, r.to_on FROM relationships r
         JOIN people s ON s.id = r.supervisor_id JOIN people p ON p.id = r.supervisee_id
        WHERE p.upn = 'j.price@northdale.example' ORDER BY r.id`,
    );
    expect(history).toEqual([
      { supervisor: 's.iqbal@northdale.example', from_on: '2023-04-03', to_on: '2026-12-01' },
      { supervisor: 'm.okafor@northdale.example', from_on: '2026-12-01', to_on: null },
    ]);
    expect((await listAudit(db, 'person')).filter((a) => a.action === 'supervisor.changed').length).toBe(42);
  });
});
