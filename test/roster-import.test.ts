/**
 * Roster import against a real database (PGlite, and the PostgreSQL server
 * when TEST_DATABASE_URL is set): a bad file writes nothing and lists every
 * problem by line; a good file is imported once, and again changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { listAudit, listPeople, rosterWriter, type Database } from '../store/index.ts';
import { describeRosterPlan, FileProblemsError, importRoster } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';

const sample = readFileSync(new URL('../app/demo/roster.csv', import.meta.url), 'utf8');
const HEADER = 'upn,name,role,policy,started,supervisor_upn';
const today = parseIsoDate('2026-11-23');

/** `text` with the booking cell (the last column) of `upn`'s row set to `value`. */
/** The roster with `upn`'s booking cell set to `value` (the demo's cells hold no commas). */
const withBooking = (text: string, upn: string, value: string) => {
  const [header, ...rows] = text.split('\n');
  const column = header!.split(',').indexOf('booking');
  return [
    header,
    ...rows.map((row) => {
      if (!row.startsWith(`${upn},`)) return row;
      const cells = row.split(',');
      cells[column] = value;
      return cells.join(',');
    }),
  ].join('\n');
};

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
    expect(nisha).toMatchObject({
      role: 'asye',
      startedOn: '2026-11-02',
      managerUpn: 's.iqbal@northdale.example',
    });
    expect(nisha.supervision).toMatchObject({
      supervisorUpn: 's.iqbal@northdale.example',
      types: ['one-to-one'],
    });
    const student = people.find((p) => p.upn === 'e.walsh@northdale.example')!;
    expect(student).toMatchObject({
      managerUpn: 's.iqbal@northdale.example',
      supervision: { supervisorUpn: 'c.evans@northdale.example' },
    });
    const audited = (await listAudit(db)).length;

    const second = await run(sample);
    expect(second).toMatchObject({
      written: false,
      plan: { unchanged: 42, added: [], updated: [] },
    });
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

  it('takes an agreed frequency per supervision type (a Lambeth ASYE has three), and the old single one for the first type', async () => {
    const header = `${HEADER},agreed_every`;
    await run(
      [
        header,
        'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,,',
        'nq@l.example,Nia New,asye,lambeth,2026-09-01,tm@l.example,professional=1w; case-management=2w',
        'sw@l.example,Sol Worker,social-worker,lambeth,2020-01-01,tm@l.example,3w',
      ].join('\n'),
    );
    const people = await listPeople(db);
    expect(people.find((p) => p.upn === 'nq@l.example')!.supervision!.agreedFrequency).toEqual({
      professional: { every: 1, unit: 'week' },
      'case-management': { every: 2, unit: 'week' },
    });
    // A single value, as rosters always gave it: the role's first type (Lambeth's social-worker: professional).
    expect(people.find((p) => p.upn === 'sw@l.example')!.supervision!.agreedFrequency).toEqual({
      professional: { every: 3, unit: 'week' },
    });
  });

  it('refuses an agreed frequency for a type the role does not have, or one it cannot read, and writes nothing', async () => {
    const header = `${HEADER},agreed_every`;
    const problems = await problemsOf(
      [
        header,
        'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,,',
        'nq@l.example,Nia New,asye,lambeth,2026-09-01,tm@l.example,professional=1w; peer-reflection=6w',
        'sw@l.example,Sol Worker,social-worker,lambeth,2020-01-01,tm@l.example,professional=often',
      ].join('\n'),
    );
    expect(problems).toEqual([
      "line 3: agreed_every names 'peer-reflection', which the role asye under lambeth does not have; its supervision types are case-management, professional, reflective-case-discussion",
      "line 4: agreed_every 'professional=often' must be a supervision type and a frequency, e.g. professional=4w (d days, wd working days, w weeks, m months)",
    ]);
    expect(await listPeople(db)).toHaveLength(0);
  });

  it('refuses a duplicate UPN, naming the line it first appears on', async () => {
    const text = [
      HEADER,
      'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,',
      'A.Boss@x.example,A Boss,team-manager,solihull,2020-01-01,',
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      "line 3: upn 'a.boss@x.example' already appears on line 2",
    ]);
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
      expect.objectContaining({
        from: 's.iqbal@northdale.example',
        to: 'm.okafor@northdale.example',
      }),
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
    expect(
      (await listAudit(db, 'person')).filter((a) => a.action === 'supervisor.changed').length,
    ).toBe(42);
  });

  describe('where: the venue column', () => {
    const venueOf = async (upn: string) =>
      (await listPeople(db)).find((p) => p.upn === upn)?.supervision?.venue;

    it('reads an empty cell as Teams, or in person where the supervisee does not use Teams; refuses anything else', async () => {
      await run(sample);
      expect(await venueOf('c.evans@northdale.example')).toBe('teams');
      expect(await venueOf('fc.taylor@northdale.example')).toBe('in-person');
      await run(
        [
          `${HEADER},uses_teams,venue`,
          'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,,,',
          'b.one@x.example,B One,social-worker,solihull,2020-01-01,a.boss@x.example,yes, In-Person ',
          'c.two@x.example,C Two,social-worker,solihull,2020-01-01,a.boss@x.example,no,teams',
        ].join('\n'),
      );
      expect(await venueOf('b.one@x.example')).toBe('in-person');
      expect(await venueOf('c.two@x.example')).toBe('teams');
      expect(
        await problemsOf(
          [
            `${HEADER},venue`,
            'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,,',
            'd.three@x.example,D Three,social-worker,solihull,2020-01-01,a.boss@x.example,phone',
          ].join('\n'),
        ),
      ).toEqual(["line 3: venue 'phone' must be teams or in-person"]);
    });

    it("changes the current relationship's venue, saying so in a dry run and the audit log", async () => {
      await run(sample);
      const text = `${sample.trim().split('\n')[0]},venue\n${sample
        .trim()
        .split('\n')
        .slice(1)
        .map((row) => `${row},${row.startsWith('f.ali@') ? 'in-person' : ''}`)
        .join('\n')}`;
      const dry = describeRosterPlan((await run(text, { dryRun: true })).plan, false);
      expect(dry).toContain('~ f.ali@northdale.example: venue → in-person');
      await run(text);
      expect(await venueOf('f.ali@northdale.example')).toBe('in-person');
      expect((await listAudit(db)).at(-1)).toMatchObject({
        action: 'relationship.terms-changed',
        detail: { fields: ['venue'] },
      });
    });
  });

  describe('who books: the booking column', () => {
    const bookingOf = async (upn: string) =>
      (await listPeople(db)).find((p) => p.upn === upn)?.supervision?.booking;

    it('leaves Gareth Turner and Jack Price to Sana Iqbal in the demo, and everyone else to the daily job', async () => {
      const said = describeRosterPlan((await run(sample, { dryRun: true })).plan, false);
      expect(said).toContain(
        '+ g.turner@northdale.example (social-worker, solihull), supervised by s.iqbal@northdale.example, who books from Teams',
      );
      expect(said).toContain(
        '+ n.patel@northdale.example (asye, solihull), supervised by s.iqbal@northdale.example\n',
      );
      await run(sample);
      const people = await listPeople(db);
      const bySupervisor = people.filter((p) => p.supervision?.booking === 'by-supervisor');
      expect(bySupervisor.map((p) => [p.upn, p.supervision!.supervisorUpn]).sort()).toEqual([
        ['g.turner@northdale.example', 's.iqbal@northdale.example'],
        ['j.price@northdale.example', 's.iqbal@northdale.example'],
      ]);
      // 42 people, 41 supervised (the assistant director is at the top).
      expect(people.filter((p) => p.supervision?.booking === 'automatic')).toHaveLength(39);
    });

    it('reads an absent column or an empty cell as automatic, and a value whatever its case and spaces', async () => {
      await run(
        [
          HEADER,
          'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,',
          'b.one@x.example,B One,social-worker,solihull,2020-01-01,a.boss@x.example',
        ].join('\n'),
      );
      expect(await bookingOf('b.one@x.example')).toBe('automatic');
      await run(
        [
          `${HEADER},booking`,
          'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,,',
          'b.one@x.example,B One,social-worker,solihull,2020-01-01,a.boss@x.example,',
          'c.two@x.example,C Two,social-worker,solihull,2020-01-01,a.boss@x.example, By-Supervisor ',
          'd.three@x.example,D Three,social-worker,solihull,2020-01-01,a.boss@x.example,AUTOMATIC',
        ].join('\n'),
      );
      expect(await bookingOf('b.one@x.example')).toBe('automatic');
      expect(await bookingOf('c.two@x.example')).toBe('by-supervisor');
      expect(await bookingOf('d.three@x.example')).toBe('automatic');
    });

    it('refuses any other value with its line and the accepted values, and writes nothing', async () => {
      const text = [
        `${HEADER},booking`,
        'a.boss@x.example,A Boss,team-manager,solihull,2020-01-01,,',
        'b.one@x.example,B One,social-worker,solihull,2020-01-01,a.boss@x.example,by supervisor',
        'c.two@x.example,C Two,social-worker,solihull,2020-01-01,a.boss@x.example,manual',
      ].join('\n');
      expect(await problemsOf(text)).toEqual([
        "line 3: booking 'by supervisor' must be automatic or by-supervisor",
        "line 4: booking 'manual' must be automatic or by-supervisor",
      ]);
      expect(await listPeople(db)).toHaveLength(0);
    });

    it('says in a dry run who would change, then changes the current relationship and audits it; again, nothing', async () => {
      await run(sample);
      const audited = (await listAudit(db)).length;
      const changed = withBooking(
        withBooking(sample, 'g.turner@northdale.example', ''),
        'f.ali@northdale.example',
        'by-supervisor',
      );

      const dry = await run(changed, { dryRun: true });
      expect(dry.written).toBe(false);
      expect(dry.plan.termsChanged.map((c) => [c.entry.upn, c.fields])).toEqual([
        ['f.ali@northdale.example', ['booking']],
        ['g.turner@northdale.example', ['booking']],
      ]);
      const said = describeRosterPlan(dry.plan, false);
      expect(said).toContain(
        'would be: 0 added, 0 updated, 0 changed supervisor, 2 changed supervision terms',
      );
      expect(said).toContain('~ f.ali@northdale.example: booking → by-supervisor');
      expect(said).toContain('~ g.turner@northdale.example: booking → automatic');
      expect(await bookingOf('g.turner@northdale.example')).toBe('by-supervisor');
      expect(await listAudit(db)).toHaveLength(audited);

      const written = await run(changed);
      expect(written).toMatchObject({ written: true, plan: { unchanged: 40 } });
      expect(await bookingOf('g.turner@northdale.example')).toBe('automatic');
      expect(await bookingOf('f.ali@northdale.example')).toBe('by-supervisor');
      const gareth = (await listPeople(db)).find((p) => p.upn === 'g.turner@northdale.example')!;
      const relationships = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM relationships WHERE supervisee_id = $1',
        [gareth.id],
      );
      expect(relationships[0]!.n).toBe(1); // the same relationship, changed: not a new one
      const entries = (await listAudit(db)).slice(audited);
      expect(entries).toEqual([
        expect.objectContaining({
          actor: 'test',
          action: 'relationship.terms-changed',
          entity: 'relationship',
          detail: { fields: ['booking'], booking: 'by-supervisor' },
        }),
        expect.objectContaining({
          action: 'relationship.terms-changed',
          entityId: String(gareth.supervision!.relationshipId),
          detail: { fields: ['booking'], booking: 'automatic' },
        }),
      ]);

      const again = await run(changed);
      expect(again).toMatchObject({ written: false, plan: { unchanged: 42, termsChanged: [] } });
      expect(await listAudit(db)).toHaveLength(audited + 2);
    });

    it("starts a new supervisor's relationship with the row's value, and keeps the old one's", async () => {
      await run(sample);
      const moved = withBooking(
        sample.replace(
          'j.price@northdale.example,Jack Price,social-worker,solihull,2023-04-03,s.iqbal@northdale.example',
          'j.price@northdale.example,Jack Price,social-worker,solihull,2023-04-03,m.okafor@northdale.example',
        ),
        'j.price@northdale.example',
        '',
      );
      const result = await run(moved, { on: '2026-12-01' });
      expect(result.plan.termsChanged).toEqual([]);
      const history = await db.query<{ supervisor: string; booking: string; to_on: string | null }>(
        `SELECT s.upn AS supervisor, r.booking_mode AS booking, r.to_on FROM relationships r
           JOIN people s ON s.id = r.supervisor_id JOIN people p ON p.id = r.supervisee_id
          WHERE p.upn = 'j.price@northdale.example' ORDER BY r.id`,
      );
      expect(history).toEqual([
        { supervisor: 's.iqbal@northdale.example', booking: 'by-supervisor', to_on: '2026-12-01' },
        { supervisor: 'm.okafor@northdale.example', booking: 'automatic', to_on: null },
      ]);
      const [change] = (await listAudit(db, 'person')).filter(
        (a) =>
          a.action === 'supervisor.changed' &&
          a.detail?.to === 'm.okafor@northdale.example' &&
          a.detail?.from !== null,
      );
      expect(change?.detail).toMatchObject({
        from: 's.iqbal@northdale.example',
        booking: 'automatic',
      });
    });
  });
});
