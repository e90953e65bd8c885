/**
 * Case import against a real database (PGlite, and the PostgreSQL server
 * when TEST_DATABASE_URL is set): cases by reference only, allocated to people
 * the roster brought in, with statuses their policy covers. A bad file writes
 * nothing and lists every problem by line; a good file is imported once, and
 * again changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../app/cli/main.ts';
import { parseIsoDate } from '../rules/index.ts';
import { casesWriter, listAudit, listCases, rosterWriter, type Database } from '../store/index.ts';
import { FileProblemsError, importCases, importRoster } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';

const ROSTER = new URL('../app/demo/roster.csv', import.meta.url).pathname;
const CASES = new URL('../app/demo/cases.csv', import.meta.url).pathname;
const roster = readFileSync(ROSTER, 'utf8');
const sample = readFileSync(CASES, 'utf8');
const HEADER = 'reference,status,since,worker_upn,closed';

describe.each(testDatabases)('case import on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
      text: roster,
      file: 'roster.csv',
      actor: 'test',
      today: parseIsoDate('2026-11-23'),
      dryRun: false,
    });
  });
  afterEach(async () => {
    await db.close();
  });

  const run = (text: string, options: { dryRun?: boolean } = {}) =>
    importCases((work) => db.transaction((tx) => work(casesWriter(tx))), {
      text,
      file: 'cases.csv',
      actor: 'test',
      today: parseIsoDate('2026-11-23'),
      dryRun: options.dryRun ?? false,
    });

  async function problemsOf(text: string): Promise<string[]> {
    const error = await run(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileProblemsError);
    return (error as FileProblemsError).problems.map((p) => `line ${p.line}: ${p.message}`);
  }

  const caseAudit = async () => listAudit(db, 'child_case');

  it('imports the demo cases once; a second import changes nothing', async () => {
    const first = await run(sample);
    expect(first.written).toBe(true);
    expect(first.plan.added).toHaveLength(41);
    const cases = await listCases(db);
    expect(cases).toHaveLength(41);
    expect(cases.find((c) => c.reference === 'NDC-000123')).toMatchObject({
      status: 'child-protection',
      sinceOn: '2026-06-15',
      workerUpn: 'c.evans@northdale.example',
      closedOn: null,
    });
    expect(cases.find((c) => c.reference === 'FC-000058')).toMatchObject({
      status: 'foster-carer-review',
      workerUpn: 'a.begum@northdale.example',
    });
    const audited = await caseAudit();
    expect(audited).toHaveLength(41);
    expect(audited[0]).toMatchObject({
      action: 'case.added',
      actor: 'test',
      detail: { status: 'child-protection' },
    });

    const second = await run(sample);
    expect(second).toMatchObject({
      written: false,
      plan: { added: [], updated: [], unchanged: 41, notInFile: 0 },
    });
    expect(await caseAudit()).toHaveLength(41);
  });

  it('says what a dry run would change and writes nothing', async () => {
    const result = await run(sample, { dryRun: true });
    expect(result.written).toBe(false);
    expect(result.plan.added).toHaveLength(41);
    expect(await listCases(db)).toHaveLength(0);
    expect(await caseAudit()).toHaveLength(0);
  });

  it('refuses a file with bad rows, listing every problem by line, and writes nothing', async () => {
    // A Lambeth social worker, so a status Solihull covers but Lambeth does not is refused by the worker's policy.
    await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
      text: 'upn,name,role,policy,started,supervisor_upn\nl.worker@northdale.example,L Worker,social-worker,lambeth,2020-01-01,',
      file: 'lambeth.csv',
      actor: 'test',
      today: parseIsoDate('2026-11-23'),
      dryRun: false,
    });
    const text = [
      HEADER,
      'NDC-000001,wizardry,2026-01-05,c.evans@northdale.example,',
      'NDC-000002,care-leaver-16-17,2026-01-05,w.grant@northdale.example,',
      'NDC-000003,child-in-need,2026-02-30,f.ali@northdale.example,',
      'NDC-000004,child-in-need,2026-01-05,nobody@northdale.example,',
      'NDC-000005,child-in-need,2026-01-05,f.ali@northdale.example,',
      'NDC-000005,child-protection,2026-03-01,f.ali@northdale.example,',
      'Jane Smith,child-in-need,2026-01-05,f.ali@northdale.example,',
      'NDC-000008,early-help,2026-01-05,l.worker@northdale.example,',
      'NDC-000009,child-in-need,2026-05-01,f.ali@northdale.example,2026-04-30',
      'NDC-000010,child-in-need,2026-01-05,g.turner@northdale.example,',
    ].join('\n');
    const problems = await problemsOf(text);
    expect(problems).toEqual([
      "line 2: unknown case status 'wizardry'; case statuses in policy solihull: looked-after-under-1-year, youth-offending, child-protection, exploitation-risk, unregulated-placement, care-leaver-18-21-risk, child-in-need, early-help, looked-after, care-leaver-18-21, foster-carer-review, looked-after-matched, care-leaver-21-25, disabled-children",
      expect.stringMatching(
        /^line 3: policy solihull does not cover case status 'care-leaver-16-17' \(its document sets no discussion frequency for it\); statuses it covers: looked-after-under-1-year, /,
      ),
      "line 4: since '2026-02-30' does not exist on the calendar",
      "line 5: worker_upn 'nobody@northdale.example' is not in Cadence; import the roster first (cadence roster import)",
      'line 7: reference NDC-000005 already appears on line 6',
      "line 8: reference must be a case reference, never a child's name: letters, digits and - / _ . only, no spaces, at most 40 characters, e.g. CHI-004512",
      expect.stringMatching(
        /^line 9: policy lambeth does not cover case status 'early-help' .*; statuses it covers: child-in-need, child-protection, /,
      ),
      'line 10: since 2026-05-01 is after closed 2026-04-30',
    ]);
    // The refused reference is not repeated: it may be a child's name.
    expect(problems.join('\n')).not.toContain('Jane');
    expect(await listCases(db)).toHaveLength(0);
    expect(await caseAudit()).toHaveLength(0);
  });

  it('refuses references that are too long or carry other characters', async () => {
    const row = (reference: string) =>
      `${reference},child-in-need,2026-01-05,f.ali@northdale.example,`;
    expect(
      await problemsOf([HEADER, row('A'.repeat(41)), row("O'Neil"), row('')].join('\n')),
    ).toEqual([
      expect.stringMatching(/^line 2: reference must be a case reference, never a child's name/),
      expect.stringMatching(/^line 3: reference must be a case reference, never a child's name/),
      "line 4: reference is empty; give the council's case reference, e.g. CHI-004512",
    ]);
    const accepted = await run(
      [HEADER, row('A'.repeat(40)), row('CHI/2026_04.512-a'), row('9')].join('\n'),
    );
    expect(accepted.plan.added.map((e) => e.reference)).toEqual([
      'A'.repeat(40),
      'CHI/2026_04.512-a',
      '9',
    ]);
  });

  it('refuses a file whose header lacks a column, naming what it must have', async () => {
    await expect(run('reference,status\nNDC-000001,child-in-need')).rejects.toThrow(
      'cases.csv: missing columns since, worker_upn; the header must have reference, status, since, worker_upn and may have closed',
    );
  });

  it('updates a changed status, worker or closed date and audits the fields that changed, never a name', async () => {
    await run(sample);
    const changed = sample
      .replace(
        'NDC-000258,child-in-need,2026-11-09,n.patel@northdale.example',
        'NDC-000258,child-protection,2026-11-20,n.patel@northdale.example',
      )
      .replace(
        'NDC-000123,child-protection,2026-06-15,c.evans@northdale.example',
        'NDC-000123,child-protection,2026-06-15,j.price@northdale.example',
      )
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('NDC-000520'))
      .map((line, index) =>
        index === 0
          ? `${line},closed`
          : line.startsWith('FC-000044,')
            ? `${line},2026-11-20`
            : `${line},`,
      )
      .join('\n');
    const result = await run(changed);
    expect(result.written).toBe(true);
    expect(result.plan.updated.map((u) => [u.entry.reference, u.fields])).toEqual([
      ['NDC-000123', ['worker']],
      ['NDC-000258', ['status', 'since']],
      ['FC-000044', ['closed']],
    ]);
    expect(result.plan).toMatchObject({ added: [], unchanged: 37, notInFile: 1 });
    const cases = new Map((await listCases(db)).map((c) => [c.reference, c]));
    expect(cases.get('NDC-000258')).toMatchObject({
      status: 'child-protection',
      sinceOn: '2026-11-20',
    });
    expect(cases.get('NDC-000123')).toMatchObject({ workerUpn: 'j.price@northdale.example' });
    expect(cases.get('FC-000044')).toMatchObject({ closedOn: '2026-11-20' });
    expect(cases.get('NDC-000520')).toMatchObject({ status: 'early-help', closedOn: null }); // not in the file: left as it is
    const updates = (await caseAudit()).filter((a) => a.action === 'case.updated');
    expect(updates.map((a) => [a.entityId, a.detail])).toEqual([
      [String(cases.get('NDC-000123')!.id), { fields: ['worker'] }],
      [String(cases.get('NDC-000258')!.id), { fields: ['status', 'since'] }],
      [String(cases.get('FC-000044')!.id), { fields: ['closed'] }],
    ]);

    expect(await run(changed)).toMatchObject({
      written: false,
      plan: { updated: [], unchanged: 40, notInFile: 1 },
    });
  });
});

describe('cadence cases import', () => {
  it('imports the demo cases after the roster, then finds nothing to change', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cadence-cases-'));
    try {
      const env = { CADENCE_DATA_DIR: dataDir, CADENCE_ACTOR: 'test' };
      const cadence = async (...argv: string[]) => {
        const out: string[] = [];
        const code = await main(
          argv,
          { stdout: (t) => out.push(t), stderr: (t) => out.push(t) },
          { env },
        );
        return { code, out: out.join('') };
      };
      const before = await cadence('cases', 'import', CASES);
      expect(before.code).toBe(2);
      expect(before.out).toContain(
        "line 2: worker_upn 'c.evans@northdale.example' is not in Cadence; import the roster first",
      );
      expect((await cadence('roster', 'import', ROSTER)).code).toBe(0);
      const dryRun = await cadence('cases', 'import', CASES, '--dry-run');
      expect(dryRun.code).toBe(0);
      expect(dryRun.out).toMatch(
        /^dry run, nothing written — would be: 41 added, 0 updated, 0 unchanged\n/,
      );
      const first = await cadence('cases', 'import', CASES);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/^imported — 41 added, 0 updated, 0 unchanged\n/);
      expect(first.out).toContain(
        '  + NDC-000123 (child-protection since 2026-06-15), allocated to c.evans@northdale.example\n',
      );
      expect(await cadence('cases', 'import', CASES)).toEqual({
        code: 0,
        out: 'nothing to change — 0 added, 0 updated, 41 unchanged\n',
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
