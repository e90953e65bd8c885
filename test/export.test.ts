/**
 * `cadence export` against a real database (PGlite, and the PostgreSQL server
 * when TEST_DATABASE_URL is set), reading the files back with a CSV parser as
 * a spreadsheet would. Today is Monday 23 November 2026; the range is the
 * first half of 2026.
 *
 * Dee Director manages Sam Manager (Leadership) and Tom Other (Fostering).
 * Sam manages Tara Lead, who supervises Ann One and Ben Two (Assessment).
 * Tom supervises Cat Three (Fostering).
 */
import { parse } from 'csv-parse/sync';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { main } from '../app/cli/main.ts';
import { exportRecords, type ExportRequest } from '../app/export/index.ts';
import { InputError, parseIsoDate } from '../rules/index.ts';
import { listAudit, migrate, openPglite, recordingWriter, type Database } from '../store/index.ts';
import { recordSession, type RecordingRequest } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';
import { seedCase, seedRoster, seedSession, signAgreement } from './support/seed.ts';

const TODAY = new Date('2026-11-23T10:00:00Z');
const ROSTER = [
  'dir@x.example,Dee Director,service-manager,solihull,2010-01-01,,Leadership,,',
  'sm@x.example,Sam Manager,service-manager,solihull,2015-01-01,dir@x.example,Leadership,,',
  'tm@x.example,Tara Lead,team-manager,solihull,2018-01-01,sm@x.example,Assessment,,',
  'sw1@x.example,Ann One,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
  'sw2@x.example,Ben Two,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
  'tom@x.example,Tom Other,team-manager,solihull,2018-01-01,dir@x.example,Fostering,,',
  'sw3@x.example,Cat Three,social-worker,solihull,2020-01-01,tom@x.example,Fostering,,',
];
/** What a summary might say: it must never reach an export. */
const SUMMARY = 'Talked about Jane Doe and her placement';
const LOCATION = 'https://mosaic.example/sup?id=1,2 "main"';
const INJECTION = '=HYPERLINK("http://evil.example","click")';
const MULTILINE = 'Chase the health assessment, then "review"\nwith the IRO';

type Csv = Record<string, string>[];
const readCsvFile = (path: string): Csv =>
  parse<Record<string, string>>(readFileSync(path), { bom: true, columns: true });

describe.each(testDatabases)('cadence export on $name', (database) => {
  let db: Database;
  let out: string;
  const sessions: Record<string, number> = {};

  beforeEach(async () => {
    db = await database.open();
    out = mkdtempSync(join(tmpdir(), 'cadence-export-'));
    await seedRoster(db, ROSTER, '2020-01-01');
    await seedCase(db, 'NDC-000101', 'child-protection', '2025-09-01', 'sw1@x.example');
    await seedCase(db, 'NDC-000102', 'child-in-need', '2025-09-01', 'sw1@x.example');
    await signAgreement(db, 'sw1@x.example', '2026-02-01');

    // Ann: held 10 March, recorded next day, with actions and two cases.
    sessions.ann = await seedSession(db, 'sw1@x.example', '2026-03-10', 'booked');
    await record('2026-03-11T16:00:00Z', {
      sessionId: sessions.ann,
      recorderUpn: 'tm@x.example',
      outcome: {
        held: true,
        summary: SUMMARY,
        durationMinutes: 55,
        parts: ['welfare', 'practice'],
        nextDate: '2026-04-07',
        recordLocation: LOCATION,
        actions: [
          { text: INJECTION, ownerUpn: 'sw1@x.example', due: '2026-03-31' },
          { text: MULTILINE, ownerUpn: 'tm@x.example' },
        ],
        casesDiscussed: ['NDC-000102', 'NDC-000101'],
      },
    });
    // Ben: not held (sickness) on Thursday 12 March, recorded on the 30th: 5 working days gives the 19th.
    sessions.ben = await seedSession(db, 'sw2@x.example', '2026-03-12', 'booked');
    await record('2026-03-30T12:00:00Z', {
      sessionId: sessions.ben,
      recorderUpn: 'tm@x.example',
      outcome: { held: false, reason: 'sickness', note: SUMMARY },
    });
    // Tara's own supervision with Sam; Cat's with Tom, never recorded; Ann's before and after the range.
    sessions.tara = await seedSession(db, 'tm@x.example', '2026-04-01', 'booked');
    await record('2026-04-01T15:00:00Z', {
      sessionId: sessions.tara,
      recorderUpn: 'sm@x.example',
      outcome: { held: true },
    });
    sessions.cat = await seedSession(db, 'sw3@x.example', '2026-03-15', 'booked');
    sessions.before = await seedSession(db, 'sw1@x.example', '2025-12-31', 'held');
    sessions.after = await seedSession(db, 'sw1@x.example', '2026-07-01', 'held');
  }, 60_000);
  afterEach(async () => {
    await db.close();
  });

  async function record(at: string, request: RecordingRequest): Promise<void> {
    await recordSession(
      (work) => db.transaction((tx) => work(recordingWriter(tx))),
      fixedClock(new Date(at)),
      request,
    );
  }

  const exportFor = (scope: ExportRequest['scope'], dir = out) =>
    exportRecords(
      { db, clock: fixedClock(TODAY), defaultRecordWorkingDays: 5 },
      {
        from: parseIsoDate('2026-01-01'),
        to: parseIsoDate('2026-06-30'),
        scope,
        outDir: dir,
        actor: 'psw@x.example',
      },
    );
  const files = () => ({
    sessions: readCsvFile(join(out, 'sessions.csv')),
    actions: readCsvFile(join(out, 'actions.csv')),
    agreements: readCsvFile(join(out, 'agreements.csv')),
    cases: readCsvFile(join(out, 'cases.csv')),
  });

  it("exports a manager's whole line of management, the manager included, for the range", async () => {
    const result = await exportFor({ kind: 'manager', upn: 'SM@x.example' });
    expect(result.scope).toBe("Sam Manager's line of management (4 people)");
    expect(result.files.map((f) => [f.file, f.rows])).toEqual([
      ['sessions.csv', 3],
      ['actions.csv', 2],
      ['agreements.csv', 4],
      ['cases.csv', 2],
    ]);
    expect(readdirSync(out).sort()).toEqual([
      'actions.csv',
      'agreements.csv',
      'cases.csv',
      'sessions.csv',
    ]);
    const { sessions: rows, actions, agreements, cases } = files();
    // The children discussed in Ann's session, by reference, with her as the worker.
    expect(
      cases.map((c) => [c['case reference'], c['worker UPN'], c['session id'], c['session date']]),
    ).toEqual([
      ['NDC-000101', 'sw1@x.example', String(sessions.ann), '2026-03-10'],
      ['NDC-000102', 'sw1@x.example', String(sessions.ann), '2026-03-10'],
    ]);

    expect(rows.map((row) => [row['session id'], row['supervisee UPN']])).toEqual([
      [String(sessions.ann), 'sw1@x.example'],
      [String(sessions.ben), 'sw2@x.example'],
      [String(sessions.tara), 'tm@x.example'],
    ]);
    expect(rows[0]).toEqual({
      'session id': String(sessions.ann),
      date: '2026-03-10',
      starts: '10:00',
      ends: '11:00',
      'supervision type': 'one-to-one',
      'supervisee UPN': 'sw1@x.example',
      'supervisee name': 'Ann One',
      'supervisee role': 'social-worker',
      'supervisee team': 'Assessment',
      'supervisor UPN': 'tm@x.example',
      'supervisor name': 'Tara Lead',
      status: 'held',
      'reason not held': '',
      'held on (when another day)': '',
      'booked minutes': '60',
      'minutes held': '55',
      'parts covered': 'welfare; practice',
      'next date agreed': '2026-04-07',
      'cases discussed': 'NDC-000101; NDC-000102',
      'recorded by': 'tm@x.example',
      'recorded at': '2026-03-11 16:00',
      'record due by': '2026-03-17',
      'recorded on time': 'on time',
      'full record kept at': LOCATION,
      source: 'Cadence',
      'group meeting': '',
      // Recorded on 11 March and never signed off by Ann: Cadence's default of 5 working days.
      'signed off by supervisee': 'awaited, overdue (due by 2026-03-18)',
      'signed off at': '',
      // Solihull counts no observations of practice: not asked.
      'observation of practice': '',
      'lost how': '',
      'replaced by session': '',
    });
    expect(rows[1]).toMatchObject({
      status: 'not held',
      'reason not held': 'sickness',
      // A record of a session not held asks no one to sign it, and is sent to Tara to replace.
      'signed off by supervisee': '',
      'lost how': 'recorded as not held',
      'record due by': '2026-03-19',
      'recorded on time': 'late by 11 days',
      'minutes held': '',
    });
    expect(rows[2]).toMatchObject({
      'supervisor UPN': 'sm@x.example',
      status: 'held',
      'recorded on time': 'on time',
      'minutes held': '',
      'parts covered': '',
    });

    expect(
      actions.map((a) => [a['session id'], a.action, a['owner UPN'], a['due by'], a.done]),
    ).toEqual([
      [String(sessions.ann), `'${INJECTION}`, 'sw1@x.example', '2026-03-31', 'no'],
      [String(sessions.ann), MULTILINE, 'tm@x.example', '', 'no'],
    ]);
    expect(
      agreements.map((a) => [
        a['supervisee UPN'],
        a['supervisor UPN'],
        a['agreement signed on'],
        a['next signing or review due'],
        a['in date'],
      ]),
    ).toEqual([
      ['sm@x.example', 'dir@x.example', '', '2015-01-29', 'no (not signed)'],
      ['sw1@x.example', 'tm@x.example', '2026-02-01', '2027-02-01', 'yes'],
      ['sw2@x.example', 'tm@x.example', '', '2020-01-29', 'no (not signed)'],
      ['tm@x.example', 'sm@x.example', '', '2018-01-29', 'no (not signed)'],
    ]);
  });

  it('carries no summary or not-held note, and neutralises a formula an action was typed with', async () => {
    await exportFor({ kind: 'council' });
    const raw = ['sessions.csv', 'actions.csv', 'agreements.csv', 'cases.csv']
      .map((file) => readFileSync(join(out, file), 'utf8'))
      .join('');
    expect(raw).not.toContain('Jane Doe');
    expect(raw).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    // Opened in Excel: a byte order mark so names are read as UTF-8, and CRLF line ends.
    expect(
      readFileSync(join(out, 'sessions.csv'), 'utf8').startsWith('\uFEFFsession id,date,'),
    ).toBe(true);
    expect(raw).toContain('\r\n');
  });

  it('exports one team, and the whole council', async () => {
    const team = await exportFor({ kind: 'team', team: ' assessment ' });
    expect(team.scope).toBe('the team Assessment (3 people)');
    expect(files().sessions.map((row) => Number(row['session id']))).toEqual([
      sessions.ann,
      sessions.ben,
      sessions.tara,
    ]);
    expect(files().agreements.map((a) => a['supervisee UPN'])).toEqual([
      'sw1@x.example',
      'sw2@x.example',
      'tm@x.example',
    ]);

    const council = await exportFor({ kind: 'council' });
    expect(council.scope).toBe('the whole council');
    const rows = files().sessions;
    expect(rows.map((row) => Number(row['session id']))).toEqual([
      sessions.ann,
      sessions.ben,
      sessions.cat,
      sessions.tara,
    ]);
    expect(rows.find((row) => Number(row['session id']) === sessions.cat)).toMatchObject({
      status: 'booked',
      'recorded on time': 'not recorded, overdue',
      'supervisee team': 'Fostering',
    });
    expect(files().agreements).toHaveLength(6);
  });

  it('writes who exported what to the audit log: the range, the scope and the counts, never the content', async () => {
    await exportFor({ kind: 'manager', upn: 'sm@x.example' });
    const entries = await listAudit(db, 'export');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'psw@x.example',
      action: 'records.exported',
      entity: 'export',
      entityId: null,
      detail: {
        from: '2026-01-01',
        to: '2026-06-30',
        scope: { kind: 'manager', manager: 'sm@x.example', people: 4 },
        rows: { sessions: 3, actions: 2, agreements: 4 },
      },
    });
    expect(JSON.stringify(entries)).not.toMatch(/HYPERLINK|mosaic|Ann One/);
  });

  it('refuses an unknown manager or team, writing nothing and auditing nothing', async () => {
    const dir = join(out, 'not-made');
    const manager = await exportFor({ kind: 'manager', upn: 'nobody@x.example' }, dir).catch(
      (e: unknown) => e,
    );
    expect(manager).toBeInstanceOf(InputError);
    expect((manager as Error).message).toBe(
      "export: no one in Cadence has the UPN 'nobody@x.example'; check the spelling, or import the roster first. Nothing was written",
    );
    const team = await exportFor({ kind: 'team', team: 'Adoption' }, dir).catch((e: unknown) => e);
    expect((team as Error).message).toBe(
      "export: no one in Cadence is in the team 'Adoption'; the teams are Assessment, Fostering, Leadership. Nothing was written",
    );
    expect(existsSync(dir)).toBe(false);
    expect(await listAudit(db, 'export')).toEqual([]);
  });

  it('refuses a reversed range and one longer than 3 years', async () => {
    const run = (from: string, to: string) =>
      exportRecords(
        { db, clock: fixedClock(TODAY), defaultRecordWorkingDays: 5 },
        {
          from: parseIsoDate(from),
          to: parseIsoDate(to),
          scope: { kind: 'council' },
          outDir: join(out, 'x'),
          actor: 'psw@x.example',
        },
      ).catch((e: unknown) => (e as Error).message);
    expect(await run('2026-06-30', '2026-01-01')).toBe(
      'export: --to 2026-01-01 is before --from 2026-06-30; give the first day, then the last',
    );
    // Both days count: three years from 1 January 2023 end on 31 December 2025; a day more is refused.
    expect(await run('2023-01-01', '2026-01-01')).toBe(
      'export: 2023-01-01 to 2026-01-01 is longer than 3 years; export at most 3 years at a time (run it again for the years before)',
    );
    expect(existsSync(join(out, 'x'))).toBe(false);
    expect(typeof (await run('2023-01-01', '2025-12-31'))).toBe('object'); // exactly three years
    expect(typeof (await exportFor({ kind: 'council' }))).toBe('object'); // 6 months is fine
  });

  it('replaces an earlier export whole, and refuses to write over something that is not a file', async () => {
    await exportFor({ kind: 'council' });
    await db.query('UPDATE people SET name = $1 WHERE upn = $2', ['Ann Renamed', 'sw1@x.example']);
    await exportFor({ kind: 'manager', upn: 'tm@x.example' });
    expect(files().sessions.map((row) => row['supervisee name'])).toEqual([
      'Ann Renamed',
      'Ben Two',
      'Tara Lead',
    ]);
    expect(readdirSync(out).sort()).toEqual([
      'actions.csv',
      'agreements.csv',
      'cases.csv',
      'sessions.csv',
    ]);

    const blocked = mkdtempSync(join(tmpdir(), 'cadence-export-'));
    mkdirSync(join(blocked, 'actions.csv'));
    const error = await exportFor({ kind: 'council' }, blocked).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `export: ${join(blocked, 'actions.csv')} exists and is not a file; choose another --out directory. Nothing was written`,
    );
    expect(readdirSync(blocked)).toEqual(['actions.csv']);
    expect(await listAudit(db, 'export')).toHaveLength(2);
  });
});

describe('cadence export and retention as commands', () => {
  /** A PGlite data directory holding the council, as the CLI opens it. */
  async function councilDir(): Promise<string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'cadence-export-data-'));
    const db = await openPglite(dataDir);
    await migrate(db);
    await seedRoster(db, ROSTER, '2020-01-01');
    await seedSession(db, 'sw1@x.example', '2026-03-10', 'held');
    await db.close();
    return dataDir;
  }
  async function run(args: string[], env: Record<string, string>) {
    let stdout = '';
    let stderr = '';
    const code = await main(
      args,
      { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
      { env: { CADENCE_TODAY: '2026-11-23', CADENCE_ACTOR: 'psw@x.example', ...env } },
    );
    return { code, stdout, stderr };
  }

  it('prints the files and their rows, and refuses bad input with exit code 2 and one line', async () => {
    const dataDir = await councilDir();
    const out = join(mkdtempSync(join(tmpdir(), 'cadence-export-')), 'audit');
    const done = await run(
      [
        'export',
        '--from',
        '2026-01-01',
        '--to',
        '2026-06-30',
        '--team',
        'Assessment',
        '--out',
        out,
      ],
      { CADENCE_DATA_DIR: dataDir },
    );
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout.split('\n').slice(0, 4)).toEqual([
      `Exported 2026-01-01 to 2026-06-30 for the team Assessment (3 people) into ${out}:`,
      '  sessions.csv           1 row',
      '  actions.csv            0 rows',
      '  agreements.csv         3 rows',
    ]);
    for (const [args, message] of [
      [
        ['--from', '2026-01-01', '--to', '2026-06-30', '--manager', 'nobody@x.example'],
        "cadence: export: no one in Cadence has the UPN 'nobody@x.example'",
      ],
      [['--from', '2026-01-01'], 'cadence: export: --from and --to are required'],
      [
        [
          '--from',
          '2026-01-01',
          '--to',
          '2026-06-30',
          '--manager',
          'sm@x.example',
          '--team',
          'Assessment',
        ],
        'cadence: export: give --manager or --team, not both',
      ],
    ] as const) {
      const refused = await run(['export', ...args, '--out', join(out, 'refused')], {
        CADENCE_DATA_DIR: dataDir,
      });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.startsWith(message), refused.stderr).toBe(true);
      expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(out, 'refused'))).toBe(false);
  }, 60_000);

  it('says no supervision data is removed when CADENCE_RETENTION_YEARS is unset, and refuses a setting that is not whole years 1–100', async () => {
    const off = await run(['retention', '--dry-run'], {
      CADENCE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cadence-retention-unset-')),
    });
    expect(off).toMatchObject({ code: 0, stderr: '' });
    expect(off.stdout).toMatch(
      /^CADENCE_RETENTION_YEARS is not set: no supervision data is removed\./,
    );
    expect(off.stdout).toMatch(
      /Operational rows from before \d{4}-\d\d-\d\d \(kept 90 days\): would remove/,
    );
    expect(off.stdout).toMatch(
      /Teams conversation references of people not in the roster, unused since before \d{4}-\d\d-\d\d \(kept 30 days\): would remove\n\s+0 {2}conversation references/,
    );
    for (const value of ['0', '101', '2.5', 'six']) {
      const bad = await run(['retention', '--dry-run'], { CADENCE_RETENTION_YEARS: value });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        'cadence: configuration: CADENCE_RETENTION_YEARS must be whole years from 1 to 100\n',
      );
    }
  });
});
