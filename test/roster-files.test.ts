/**
 * Roster and cases files as councils really save them (issue 19), on both
 * databases: Excel's Windows-1252 "CSV (Comma delimited)" read with every
 * name exactly right (and said so), UTF-8 with or without a byte order mark,
 * a workbook renamed .csv refused in one line without its bytes, a column
 * named twice, dates that cannot be right against today, an agreed-period
 * setting the policy does not use, and a problem inside a quoted field that
 * spans lines reported where the record starts. Every refused file leaves the
 * data exactly as it was. Then the same through the `cadence` command line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { casesWriter, rosterWriter, type Database } from '../store/index.ts';
import { decodeFileBytes, importCases, importRoster } from '../supervision/index.ts';
import { runCadence } from './support/cli.ts';
import { testDatabases } from './support/databases.ts';

const TODAY = parseIsoDate('2026-12-04');
const HEADER = 'upn,name,role,policy,started,supervisor_upn,team';
const BASE = [
  HEADER,
  'tm@x.example,Tom Lead,team-manager,solihull,2018-01-01,,Assessment',
  'sw@x.example,Sam Worker,social-worker,solihull,2019-01-01,tm@x.example,Assessment',
].join('\r\n');
const NAMES = ['Siân Ó Briain', 'Aoife O’Brien', 'Zoë Brontë'];
const withNames = (header = HEADER, extra = '') =>
  [
    header,
    'tm@x.example,Tom Lead,team-manager,solihull,2018-01-01,,Assessment' + extra,
    ...NAMES.map(
      (name, i) =>
        `p${i}@x.example,${name},social-worker,solihull,2019-01-01,tm@x.example,Assessment${extra}`,
    ),
  ].join('\r\n');

/** Text as Excel on Windows saves "CSV (Comma delimited)": Windows-1252. */
function windows1252(text: string): Uint8Array {
  const high: Record<string, number> = {
    '’': 0x92,
    '‘': 0x91,
    '“': 0x93,
    '”': 0x94,
    '–': 0x96,
    '€': 0x80,
  };
  return Uint8Array.from(
    [...text].map((c) => high[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)),
  );
}
const utf8 = (text: string, bom = false) =>
  Uint8Array.from([...(bom ? [0xef, 0xbb, 0xbf] : []), ...Buffer.from(text, 'utf8')]);

describe.each(testDatabases)('roster and cases files on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await roster(utf8(BASE));
  }, 60_000);
  afterEach(async () => db.close());

  async function roster(bytes: Uint8Array, file = 'roster.csv') {
    const { text, encoding } = decodeFileBytes(bytes, file);
    const result = await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
      text,
      file,
      actor: 'test',
      today: TODAY,
      dryRun: false,
    });
    return { ...result, encoding };
  }
  const refusal = (bytes: Uint8Array, file = 'roster.csv') =>
    roster(bytes, file).then(
      () => 'imported',
      (error: unknown) => (error as Error).message,
    );
  /** Everything an import writes, to show a refused file changed nothing. */
  const everything = async () =>
    JSON.stringify(
      await Promise.all(
        ['people', 'relationships', 'sessions', 'child_cases', 'audit_log'].map((table) =>
          db.query(`SELECT * FROM ${table} ORDER BY 1`),
        ),
      ),
    );
  const names = async () =>
    (
      await db.query<{ name: string }>("SELECT name FROM people WHERE upn LIKE 'p%' ORDER BY upn")
    ).map((r) => r.name);

  it('reads a Windows-1252 file from Excel with every name exactly as typed, and says how it was read', async () => {
    const result = await roster(windows1252(withNames()));
    expect(result.encoding).toBe('windows-1252');
    expect(await names()).toEqual(NAMES);
    expect(JSON.stringify(await db.query('SELECT name FROM people'))).not.toContain('\uFFFD');
  });

  it('reads UTF-8 with or without a byte order mark, the same names', async () => {
    expect((await roster(utf8(withNames(), true))).encoding).toBe('utf-8');
    expect(await names()).toEqual(NAMES);
    expect((await roster(utf8(withNames()))).written).toBe(false); // the same again: nothing to change
  });

  it('refuses what is not a CSV file in one line that says what it looks like, without its bytes, changing nothing', async () => {
    const before = await everything();
    const workbook = Uint8Array.from([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00,
    ]);
    const message = await refusal(workbook, 'roster.xlsx.csv');
    expect(message).toBe(
      'roster.xlsx.csv: this looks like an Excel workbook (.xlsx) or another zip file, not a CSV file; in Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"',
    );
    expect(await refusal(Uint8Array.from([0x75, 0x70, 0x6e, 0x00, 0x2c]))).toMatch(
      /not a text file \(it holds NUL bytes\)/,
    );
    expect(await refusal(Uint8Array.from([0xff, 0xfe, 0x75, 0x00]))).toMatch(/UTF-16/);
    // A byte Windows-1252 does not define: neither encoding, so refused rather than guessed.
    expect(await refusal(Uint8Array.from([...utf8(BASE), 0x81]))).toMatch(
      /neither UTF-8 nor Windows-1252/,
    );
    expect(await everything()).toBe(before);
  });

  it('refuses a column named twice, naming it', async () => {
    const before = await everything();
    expect(await refusal(utf8(withNames(`${HEADER},Team`, ',Other')))).toBe(
      "roster.csv: the header names 'team' more than once; keep one column of each name",
    );
    expect(await everything()).toBe(before);
  });

  it('refuses dates that cannot be right against today, each with its line and field', async () => {
    const before = await everything();
    const text = [
      `${HEADER},last_supervised,agreement_signed`,
      'tm@x.example,Tom Lead,team-manager,solihull,2018-01-01,,Assessment,2026-12-05,',
      'sw@x.example,Sam Worker,social-worker,solihull,2062-01-05,tm@x.example,Assessment,,2027-01-01',
      'ok@x.example,Ola Kay,social-worker,solihull,2027-06-01,tm@x.example,Assessment,,',
    ].join('\n');
    const message = await refusal(utf8(text));
    expect(message).toContain(
      'line 2: last_supervised 2026-12-05 is after today (2026-12-04): it says what has happened, so it cannot be a day still to come',
    );
    expect(message).toContain(
      'line 3: started 2062-01-05 is more than 366 days after today (2026-12-04); check the year (CADENCE_DAYS_AHEAD allows further ahead)',
    );
    expect(message).toContain('line 3: agreement_signed 2027-01-01 is after today (2026-12-04)');
    expect(message).not.toContain('line 4'); // starting next June is fine
    expect(await everything()).toBe(before);
  });

  it("refuses an agreed-period setting the person's policy does not use, listing those it does", async () => {
    const before = await everything();
    const text = [
      `${HEADER},agreed_periods`,
      'tm@x.example,Tom Lead,team-manager,solihull,2018-01-01,,Assessment,',
      'sw@x.example,Sam Worker,returning-social-worker,solihull,2026-09-01,tm@x.example,Assessment,return-period=12w',
    ].join('\n');
    expect(await refusal(utf8(text))).toContain(
      "line 3: agreed_periods names 'return-period', which solihull does not use; the settings it uses are returner-period",
    );
    expect(await everything()).toBe(before);
  });

  it('reports a problem in a record whose quoted field spans lines at the line the record starts', async () => {
    const text = [
      HEADER,
      'tm@x.example,Tom Lead,team-manager,solihull,2018-01-01,,Assessment',
      'sw@x.example,"Sam',
      'Worker",social-worker,solihull,2019-13-01,tm@x.example,Assessment',
    ].join('\n');
    expect(await refusal(utf8(text))).toMatch(/\n {2}line 3: started/);
  });

  it('checks a cases file against today as well', async () => {
    const before = await everything();
    const text = [
      'reference,status,since,worker_upn,last_discussed',
      'CHI-1,child-in-need,2026-10-01,sw@x.example,2026-12-25',
    ].join('\n');
    const message = await importCases((work) => db.transaction((tx) => work(casesWriter(tx))), {
      text,
      file: 'cases.csv',
      actor: 'test',
      today: TODAY,
      dryRun: false,
    }).then(
      () => 'imported',
      (error: unknown) => (error as Error).message,
    );
    expect(message).toContain('line 2: last_discussed 2026-12-25 is after today (2026-12-04)');
    expect(await everything()).toBe(before);
  });
});

describe('cadence roster import, as a council saves the file', () => {
  it('says a Windows-1252 file was read as such, and refuses a workbook in one line with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadence-files-'));
    const env = {
      CADENCE_DATA_DIR: join(dir, 'data'),
      CADENCE_ACTOR: 'test',
      CADENCE_TODAY: '2026-12-04',
    };
    const cadence = async (...argv: string[]) => {
      const run = await runCadence(argv, env);
      return { code: run.code, out: run.stdout + run.stderr };
    };
    writeFileSync(join(dir, 'roster.csv'), windows1252(withNames()));
    const imported = await cadence('roster', 'import', join(dir, 'roster.csv'));
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(
      'read as Windows-1252 (Excel\'s "CSV (Comma delimited)"), not UTF-8',
    );
    writeFileSync(
      join(dir, 'book.csv'),
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x00]),
    );
    const refused = await cadence('roster', 'import', join(dir, 'book.csv'));
    expect(refused.code).toBe(2);
    expect(refused.out.trim().split('\n')).toHaveLength(1);
    expect(refused.out).toContain('this looks like an Excel workbook (.xlsx)');
    expect(refused.out).not.toContain('\u0000');
  });
});
