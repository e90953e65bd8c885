/**
 * "Who is overdue?" and compliance against a real database, dates pinned:
 * today is Monday 23 November 2026 (Solihull policy unless said otherwise).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { teamReader, type Database } from '../store/index.ts';
import { complianceFor, overdueFor, type OverdueItem } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';
import { discussCase, seedCase, seedRoster, seedSession, signAgreement } from './support/seed.ts';

const on = parseIsoDate('2026-11-23');
const now = new Date('2026-11-23T17:00:00Z');

const ROSTER = [
  'sm@x.example,Sam Manager,service-manager,solihull,2015-01-01,,Leadership,,',
  'tm@x.example,Tara Lead,team-manager,solihull,2018-01-01,sm@x.example,Assessment,,',
  'tm2@x.example,Theo Lead,team-manager,solihull,2018-01-01,sm@x.example,Care,,',
  'sw1@x.example,Ann One,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
  'sw2@x.example,Ben Two,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
  'sw3@x.example,Cat Three,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
  'nq@x.example,Dev New,asye,solihull,2026-11-02,tm@x.example,Assessment,,',
  'sw4@x.example,Eve Four,social-worker,solihull,2020-01-01,tm2@x.example,Care,,',
  'kw@x.example,Kit Knowsley,social-worker,knowsley,2020-01-01,tm2@x.example,Care,4w,',
];

describe.each(testDatabases)('who is overdue, on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, ROSTER, '2026-11-23');
    for (const upn of [
      'tm@x.example',
      'tm2@x.example',
      'sw1@x.example',
      'sw2@x.example',
      'sw3@x.example',
      'nq@x.example',
      'sw4@x.example',
      'kw@x.example',
    ]) {
      await signAgreement(db, upn, '2026-06-01');
    }
    // Ann: last held 10 October, nothing booked: due 10 November.
    await seedSession(db, 'sw1@x.example', '2026-10-10', 'held');
    // Ben: held 1 November, booked 28 November: fine. One child protection case last discussed 1 October.
    const bensSession = await seedSession(db, 'sw2@x.example', '2026-10-01', 'held');
    await seedSession(db, 'sw2@x.example', '2026-11-01', 'held');
    await seedSession(db, 'sw2@x.example', '2026-11-28', 'booked');
    const cp = await seedCase(db, 'NDC-000101', 'child-protection', '2026-09-01', 'sw2@x.example');
    await discussCase(db, bensSession, cp);
    // Cat: held 5 November, booked 3 December; a session on 12 November never recorded.
    await seedSession(db, 'sw3@x.example', '2026-11-05', 'held');
    await seedSession(db, 'sw3@x.example', '2026-11-12', 'booked');
    await seedSession(db, 'sw3@x.example', '2026-12-03', 'booked');
    // Eve: held 15 November, booked 10 December.
    await seedSession(db, 'sw4@x.example', '2026-11-15', 'held');
    await seedSession(db, 'sw4@x.example', '2026-12-10', 'booked');
  });
  afterEach(async () => {
    await db.close();
  });

  const overdue = (manager: string) =>
    overdueFor(teamReader(db), manager, { on, now }, { defaultRecordWorkingDays: 5 });
  const brief = (items: OverdueItem[]) =>
    items.map(
      (i) => `${i.daysOverdue} ${i.upn} ${i.kind}${i.caseReference ? ` ${i.caseReference}` : ''}`,
    );

  it('lists what is wrong for everyone in a team manager’s team, worst first, with days overdue', async () => {
    const result = await overdue('tm@x.example');
    expect(result.people).toBe(4);
    expect(brief(result.items)).toEqual([
      // Ben's child protection case: monthly, last discussed 1 October, so due 1 November.
      '22 sw2@x.example case-not-discussed NDC-000101',
      // Dev, an ASYE who started on 2 November: weekly, so due 9 November; nothing booked.
      '14 nq@x.example not-booked',
      '14 nq@x.example supervision-overdue',
      // Ann: monthly from 10 October.
      '13 sw1@x.example not-booked',
      '13 sw1@x.example supervision-overdue',
      // Cat's 12 November session: no deadline in the Solihull framework, so Cadence's 5 working days (19 November).
      '4 sw3@x.example unrecorded',
    ]);
    const ann = result.items.find(
      (i) => i.upn === 'sw1@x.example' && i.kind === 'supervision-overdue',
    )!;
    expect(ann).toMatchObject({
      dueOn: '2026-11-10',
      supervisorUpn: 'tm@x.example',
      detail: 'one-to-one due by 2026-11-10 (last held 2026-10-10)',
    });
  });

  it('reaches the whole line of management for a service manager, and not beyond a team manager’s own team', async () => {
    const result = await overdue('sm@x.example');
    expect(result.people).toBe(8);
    const people = new Set(result.items.map((i) => i.upn));
    expect(people).toContain('kw@x.example');
    expect(people).toContain('tm@x.example'); // the team managers' own supervision is overdue too
    const care = await overdue('tm2@x.example');
    expect(care.items.map((i) => i.upn)).not.toContain('sw1@x.example');
  });

  it('uses a frequency agreed for the person where the policy leaves it to agreement', async () => {
    await seedSession(db, 'kw@x.example', '2026-10-20', 'held');
    const result = await overdue('tm2@x.example');
    expect(
      result.items.find((i) => i.upn === 'kw@x.example' && i.kind === 'supervision-overdue'),
    ).toMatchObject({ dueOn: '2026-11-17', daysOverdue: 6 });
  });

  it('says when a person’s policy needs a setting that is not recorded', async () => {
    await db.query(
      `UPDATE relationships SET agreed_frequency = '{}' FROM people p WHERE p.id = supervisee_id AND p.upn = 'kw@x.example'`,
    );
    const result = await overdue('tm2@x.example');
    expect(result.items.find((i) => i.upn === 'kw@x.example')).toMatchObject({
      kind: 'setting-missing',
      detail: expect.stringContaining(
        'policy knowsley leaves how often staff are supervised to agreement',
      ) as unknown,
    });
  });

  it('counts a session held under a previous supervisor after a change of supervisor', async () => {
    await seedRoster(
      db,
      [
        ...ROSTER.filter((r) => !r.startsWith('sw1@')),
        'sw1@x.example,Ann One,social-worker,solihull,2020-01-01,tm2@x.example,Care,,',
      ],
      '2026-11-20',
    );
    const result = await overdue('tm2@x.example');
    expect(
      result.items.find((i) => i.upn === 'sw1@x.example' && i.kind === 'supervision-overdue'),
    ).toMatchObject({ dueOn: '2026-11-10', daysOverdue: 13 });
    // The new relationship has no agreement yet; Solihull wants one within four weeks, so not yet overdue.
    expect(
      result.items.find((i) => i.upn === 'sw1@x.example' && i.kind === 'agreement-missing'),
    ).toBeUndefined();
    expect((await overdue('tm@x.example')).items.map((i) => i.upn)).not.toContain('sw1@x.example');
  });

  it('flags a supervision agreement missing past four weeks and a review a year on', async () => {
    await db.query(
      `UPDATE relationships SET agreement_signed_on = NULL, from_on = '2026-10-01' FROM people p WHERE p.id = supervisee_id AND p.upn = 'sw2@x.example'`,
    );
    await db.query(
      `UPDATE relationships SET agreement_signed_on = '2025-11-01' FROM people p WHERE p.id = supervisee_id AND p.upn = 'sw3@x.example'`,
    );
    const items = (await overdue('tm@x.example')).items;
    expect(
      items.find((i) => i.upn === 'sw2@x.example' && i.kind === 'agreement-missing'),
    ).toMatchObject({ dueOn: '2026-10-29', daysOverdue: 25 });
    expect(
      items.find((i) => i.upn === 'sw3@x.example' && i.kind === 'agreement-review-overdue'),
    ).toMatchObject({ dueOn: '2026-11-01', daysOverdue: 22 });
  });

  it('starts from the roster’s history: the last supervision before Cadence and the agreement date', async () => {
    const header =
      'upn,name,role,policy,started,supervisor_upn,team,last_supervised,agreement_signed';
    await seedRoster(
      db,
      [
        'new@x.example,Nia New,social-worker,solihull,2019-05-01,tm2@x.example,Care,2026-11-02,2026-02-01',
      ],
      '2026-11-23',
      header,
    );
    const items = (await overdue('tm2@x.example')).items.filter((i) => i.upn === 'new@x.example');
    // Held 2 November, so due 2 December: only "not booked" (9 days ahead); the agreement is signed.
    expect(items.map((i) => `${i.kind} ${i.dueOn}`)).toEqual(['not-booked 2026-12-02']);
    const report = await complianceFor(teamReader(db), 'tm2@x.example', on, {
      defaultRecordWorkingDays: 5,
    });
    // Judged from 2 November, when Cadence's records of her begin: within policy, on a shorter history.
    expect(report.byRole.find((r) => r.group === 'social-worker')!.periods[0]).toMatchObject({
      within: 1,
      partial: 1,
    });
  });

  it('flags a person left without a supervisor, and an unrecorded session past Lambeth’s 2 working days', async () => {
    await seedRoster(db, [
      ...ROSTER.filter((r) => !r.startsWith('sw4@')),
      'sw4@x.example,Eve Four,social-worker,solihull,2020-01-01,,Care,,',
      'lw@x.example,Lou Lambeth,social-worker,lambeth,2020-01-01,tm2@x.example,Care,,',
    ]);
    // Eve's manager stays tm2 (manager_upn would say otherwise); her supervision ended with the import.
    await db.query(
      `UPDATE people SET manager_id = (SELECT id FROM people WHERE upn = 'tm2@x.example') WHERE upn = 'sw4@x.example'`,
    );
    // Lou's professional supervision on Thursday 19 November: record due Monday 23rd, so not yet overdue; one on the 17th is.
    await seedSession(db, 'lw@x.example', '2026-11-19', 'booked', 'professional');
    await seedSession(db, 'lw@x.example', '2026-11-17', 'booked', 'professional');
    const items = (await overdue('tm2@x.example')).items;
    expect(items.find((i) => i.upn === 'sw4@x.example')).toMatchObject({
      kind: 'no-supervisor',
      detail: expect.stringContaining('no current supervisor') as unknown,
    });
    expect(
      items
        .filter((i) => i.upn === 'lw@x.example' && i.kind === 'unrecorded')
        .map((i) => `${i.dueOn} ${i.daysOverdue}`),
    ).toEqual(['2026-11-19 4']);
  });

  // Lambeth gives no signing deadline ("discussed at the start of your supervisory relationship")
  // but audits "that each staff member has a completed supervision agreement" (section 4).
  it('shows a Lambeth supervisee with no agreement recorded as missing one, with no due date; one signed is not', async () => {
    await seedRoster(db, [
      ...ROSTER,
      'lw@x.example,Lou Lambeth,social-worker,lambeth,2020-01-01,tm2@x.example,Care,,',
      'ls@x.example,Lee Signed,social-worker,lambeth,2020-01-01,tm2@x.example,Care,,',
    ]);
    await signAgreement(db, 'ls@x.example', '2026-10-01');
    const agreements = (await overdue('tm2@x.example')).items.filter((i) =>
      i.kind.startsWith('agreement'),
    );
    expect(agreements).toEqual([
      expect.objectContaining({
        upn: 'lw@x.example',
        kind: 'agreement-missing',
        daysOverdue: 0,
        detail: expect.stringContaining('no supervision agreement recorded') as unknown,
      }),
    ]);
    expect(agreements[0]!.dueOn).toBeUndefined();
  });

  it('refuses a manager who is not in Cadence', async () => {
    await expect(overdue('nobody@x.example')).rejects.toThrow(
      "no one in Cadence has the UPN 'nobody@x.example'",
    );
  });

  it('reports compliance by team and role over 3 and 12 months', async () => {
    // Ben held monthly all year: within policy over both periods.
    for (const date of [
      '2025-11-20',
      '2025-12-18',
      '2026-01-15',
      '2026-02-12',
      '2026-03-12',
      '2026-04-09',
      '2026-05-07',
      '2026-06-04',
      '2026-07-02',
      '2026-07-30',
      '2026-08-27',
      '2026-09-24',
    ]) {
      await seedSession(db, 'sw2@x.example', date, 'held');
    }
    // Cat: a gap of more than a month in spring, then monthly: within over 3 months, not over 12.
    for (const date of [
      '2025-11-20',
      '2025-12-18',
      '2026-01-15',
      '2026-04-09',
      '2026-05-07',
      '2026-06-04',
      '2026-07-02',
      '2026-07-30',
      '2026-08-27',
      '2026-09-24',
      '2026-10-15',
    ]) {
      await seedSession(db, 'sw3@x.example', date, 'held');
    }
    const report = await complianceFor(teamReader(db), 'tm@x.example', on, {
      defaultRecordWorkingDays: 5,
    });
    const socialWorkers = report.byRole.find((r) => r.group === 'social-worker')!;
    expect(socialWorkers).toMatchObject({
      group: 'social-worker',
      people: 3,
      periods: [
        { months: 3, within: 2, share: 2 / 3, partial: 0 },
        { months: 12, within: 1, share: 1 / 3, partial: 0 },
      ],
    });
    expect(report.byRole.find((r) => r.group === 'asye')!.periods[0]!.within).toBe(0);
    expect(report.byTeam).toEqual([expect.objectContaining({ group: 'Assessment', people: 4 })]);
  });
});
