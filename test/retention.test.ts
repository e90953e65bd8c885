/**
 * Retention against a real database (PGlite, and the PostgreSQL server when
 * TEST_DATABASE_URL is set). Today is Monday 23 November 2026; the council
 * keeps 6 years, so supervision that ended before 23 November 2020 goes, and
 * operational rows from before 25 August 2026 (90 days).
 *
 * Tara Lead supervises Ann One and Ben Two; until the end of 2019 Ben was
 * supervised by Sam Manager, in a booked series. Four Teams conversation
 * references: Tara's; Ben's from before an import cleared his Entra object
 * id; and two of people the roster has never had, one unused since
 * September, one used last week. References of people not in the roster go
 * after 30 days unused (before 24 October 2026), whatever the setting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { retentionJob } from '../app/job-list.ts';
import { startJobRunner, type JobRunner } from '../app/jobs.ts';
import { runRetention, type RetentionReport } from '../app/retention/index.ts';
import { addAgendaItem, listAudit, recordingWriter, type Database } from '../store/index.ts';
import { recordSession, type RecordingRequest } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';
import { seedCase, seedRoster, seedSession } from './support/seed.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROSTER = [
  'sm@x.example,Sam Manager,service-manager,solihull,2010-01-01,,Leadership,,',
  'tm@x.example,Tara Lead,team-manager,solihull,2012-01-01,sm@x.example,Assessment,,',
  'sw1@x.example,Ann One,social-worker,solihull,2015-01-01,tm@x.example,Assessment,,',
  'sw2@x.example,Ben Two,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
];
const OLD_SUMMARY = 'Discussed the family at length';
const NOTHING_REMOVED = {
  sessions: 0,
  actions: 0,
  caseDiscussions: 0,
  agendaItems: 0,
  auditRecordVersions: 0,
  bookingSeries: 0,
  relationships: 0,
  childCases: 0,
};
const NOTHING_PRUNED = { outbox: 0, jobRuns: 0, cardActions: 0, snoozes: 0 };
const OUTSIDE_ROSTER = { cutoff: '2026-10-24', references: 2 };
const EXPECTED = {
  setting: 'set',
  years: 6,
  cutoff: '2020-11-23',
  operationalCutoff: '2026-08-25',
  removed: {
    sessions: 3,
    actions: 1,
    caseDiscussions: 2,
    agendaItems: 1,
    auditRecordVersions: 1,
    bookingSeries: 1,
    relationships: 1,
    childCases: 1,
  },
  pruned: { outbox: 3, jobRuns: 1, cardActions: 1, snoozes: 1 },
  outsideRoster: OUTSIDE_ROSTER,
};
const TABLES = [
  'sessions',
  'actions',
  'case_discussions',
  'agenda_items',
  'booking_series',
  'relationships',
  'child_cases',
  'outbox',
  'job_runs',
  'card_actions',
  'snoozes',
  'audit_log',
  'people',
  'conversation_refs',
];

describe.each(testDatabases)('retention on $name', (database) => {
  let db: Database;
  const s: Record<string, number> = {};
  let ids: Record<string, number>;
  const runners: JobRunner[] = [];

  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, ROSTER, '2020-01-01');
    ids = Object.fromEntries(
      (await db.query<{ upn: string; id: string }>('SELECT upn, id FROM people')).map((p) => [
        p.upn.split('@')[0]!,
        Number(p.id),
      ]),
    );
    const oldCase = await seedCase(db, 'NDC-OLD', 'child-in-need', '2018-01-01', 'sw1@x.example');
    await seedCase(db, 'NDC-OPEN', 'child-protection', '2018-01-01', 'sw1@x.example');
    const keptCase = await seedCase(db, 'NDC-KEPT', 'child-in-need', '2018-01-01', 'sw1@x.example');

    // Ann, May 2019: recorded, then amended (the audit log keeps the first version's text), with an agenda item.
    s.old = await seedSession(db, 'sw1@x.example', '2019-05-01', 'booked');
    await addAgendaItem(db, { sessionId: s.old, authorId: ids.sw1!, text: 'Workload' });
    const held = (summary: string, cases: string[]): RecordingRequest['outcome'] => ({
      held: true,
      summary,
      actions: [{ text: 'Read the new guidance', ownerUpn: 'sw1@x.example' }],
      casesDiscussed: cases,
    });
    await record('2019-05-02T12:00:00Z', {
      sessionId: s.old,
      recorderUpn: 'tm@x.example',
      outcome: held(OLD_SUMMARY, ['NDC-OLD', 'NDC-OPEN']),
    });
    await record('2019-05-03T12:00:00Z', {
      sessionId: s.old,
      recorderUpn: 'tm@x.example',
      outcome: held('Amended', ['NDC-OLD', 'NDC-OPEN']),
      amend: true,
    });
    // Either side of the cut-off: ended 11:00 on 22 November 2020 (goes), 23 November 2020 (stays).
    s.dayBefore = await seedSession(db, 'sw1@x.example', '2020-11-22', 'held');
    s.cutoffDay = await seedSession(db, 'sw1@x.example', '2020-11-23', 'held');
    // March 2021: kept, with an action that says it was reviewed in the May 2019 session.
    s.recent = await seedSession(db, 'sw1@x.example', '2021-03-01', 'booked');
    await record('2021-03-02T12:00:00Z', {
      sessionId: s.recent,
      recorderUpn: 'tm@x.example',
      outcome: held('Recent', ['NDC-KEPT', 'NDC-OPEN']),
    });
    await db.query('UPDATE actions SET reviewed_in_session_id = $1 WHERE session_id = $2', [
      s.old,
      s.recent,
    ]);
    // Both closed in 2019: NDC-OLD was discussed only in May 2019 (goes), NDC-KEPT also in 2021 (stays).
    await db.query(`UPDATE child_cases SET closed_on = '2019-06-30' WHERE id = ANY($1::bigint[])`, [
      [oldCase, keptCase],
    ]);

    // Ben's supervision by Sam, ended 2019, with a booked series and a session in it.
    const [ended] = await db.query<{ id: string }>(
      `INSERT INTO relationships (supervisor_id, supervisee_id, types, from_on, to_on, agreement_signed_on)
       VALUES ($1, $2, '{one-to-one}', '2016-01-01', '2019-12-31', '2016-01-20') RETURNING id`,
      [ids.sm, ids.sw2],
    );
    const [series] = await db.query<{ id: string }>(
      `INSERT INTO booking_series (relationship_id, type, series_key, every_weeks, weekday, start_time, duration_minutes, first_on, last_on, status)
       VALUES ($1, 'one-to-one', 'old-series', 4, 3, '10:00', 60, '2019-01-02', '2019-12-18', 'done') RETURNING id`,
      [ended!.id],
    );
    const [inSeries] = await db.query<{ id: string }>(
      `INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at, booking_series_id, regular_on)
       VALUES ($1, 'one-to-one', 'held', '2019-06-05T09:00:00Z', '2019-06-05T10:00:00Z', $2, '2019-06-05') RETURNING id`,
      [ended!.id, series!.id],
    );
    s.inSeries = Number(inSeries!.id);

    // Operational rows, either side of 90 days.
    const outbox = (
      key: string,
      kind: string,
      status: string,
      at: string,
      payload: Record<string, unknown> = {},
    ) =>
      db.query(
        `INSERT INTO outbox (key, recipient_id, kind, payload, not_before, status, created_at, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5, CASE WHEN $6 = 'sent' THEN $5::timestamptz END)`,
        [key, ids.tm, kind, JSON.stringify(payload), at, status],
      );
    await outbox('record-prompt:1', 'record-prompt', 'sent', '2026-07-01T09:00:00Z');
    await outbox('record-prompt:2', 'record-prompt', 'sent', '2026-10-01T09:00:00Z');
    await outbox('preparation:3', 'preparation', 'pending', '2026-06-01T09:00:00Z');
    await outbox('record-due:4', 'record-due', 'undeliverable', '2026-06-01T09:00:00Z');
    const notice = (dueOn: string) => ({ superviseeId: ids.sw2, type: 'one-to-one', dueOn });
    await outbox(
      `overdue-notice:${ids.tm}:${ids.sw2}:one-to-one:2026-05-01`,
      'overdue-notice',
      'sent',
      '2026-05-01T09:00:00Z',
      notice('2026-05-01'),
    );
    // The latest notice for that due date stays however old: the scan would send it again without its key.
    await outbox(
      `overdue-notice:${ids.tm}:${ids.sw2}:one-to-one:2026-06-10`,
      'overdue-notice',
      'sent',
      '2026-06-10T09:00:00Z',
      notice('2026-06-10'),
    );
    await db.query(
      `INSERT INTO job_runs (job, run_key, claimed_by, started_at, finished_at, outcome) VALUES
         ('daily-booking', '2026-05-01', 'one', '2026-05-01T05:00:00Z', '2026-05-01T05:01:00Z', '{}'),
         ('daily-booking', '2026-11-22', 'one', '2026-11-22T06:00:00Z', '2026-11-22T06:01:00Z', '{}'),
         ('daily-booking', '2026-05-02', 'one', '2026-05-02T05:00:00Z', NULL, NULL)`,
    );
    await db.query(
      `INSERT INTO card_actions (nonce, verb, actor_id, applied_at) VALUES ('old', 'record', $1, '2026-05-01T09:00:00Z'), ('new', 'record', $1, '2026-11-20T09:00:00Z')`,
      [ids.tm],
    );
    await db.query(
      `INSERT INTO snoozes (person_id, subject, until_at) VALUES ($1, 'record:1', '2026-05-01T09:00:00Z'), ($1, 'record:2', '2026-12-01T09:00:00Z')`,
      [ids.tm],
    );

    // Teams conversation references, keyed by Entra object id.
    await db.query(
      `UPDATE people SET entra_object_id = 'aad-' || split_part(upn, '@', 1) WHERE upn IN ('tm@x.example', 'sw2@x.example')`,
    );
    const reference = (aad: string, personId: number | null, at: string) =>
      db.query(
        `INSERT INTO conversation_refs (aad_object_id, person_id, reference, updated_at) VALUES ($1, $2, '{"conversation":{"id":"a:1"}}', $3)`,
        [aad, personId, at],
      );
    await reference('aad-tm', ids.tm!, '2026-01-05T09:00:00Z'); // in the roster: kept however old
    await reference('aad-sw2', ids.sw2!, '2026-09-01T09:00:00Z'); // Ben's, until the roster stops giving him that id (below)
    await reference('aad-stranger', null, '2026-09-01T09:00:00Z'); // never in the roster, unused since September: goes
    await reference('aad-newcomer', null, '2026-11-16T09:00:00Z'); // not in the roster yet, used last week: kept for now
    await db.query(`UPDATE people SET entra_object_id = NULL WHERE upn = 'sw2@x.example'`);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await db.close();
  });

  async function record(at: string, request: RecordingRequest): Promise<void> {
    await recordSession(
      (work) => db.transaction((tx) => work(recordingWriter(tx))),
      fixedClock(new Date(at)),
      request,
    );
  }
  const retain = (years: number | null, dryRun = false) =>
    runRetention(db, { years, dryRun, actor: 'psw@x.example', now: NOW });
  /** Every row of every table retention touches, to show a run changed nothing. */
  const everything = async () =>
    Object.fromEntries(
      await Promise.all(
        TABLES.map(
          async (table) => [table, await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`)] as const,
        ),
      ),
    );
  const column = async (sql: string) => (await db.query<{ v: string }>(sql)).map((row) => row.v);

  it('removes supervision that ended before the cut-off with what hangs off it, keeps the rest, and prunes operational rows after 90 days', async () => {
    expect(await retain(6)).toEqual({ ...EXPECTED, dryRun: false });

    expect((await column('SELECT id AS v FROM sessions ORDER BY id')).map(Number)).toEqual([
      s.cutoffDay,
      s.recent,
    ]);
    expect(await db.query('SELECT text, reviewed_in_session_id AS reviewed FROM actions')).toEqual([
      { text: 'Read the new guidance', reviewed: null },
    ]);
    expect(await column('SELECT reference AS v FROM child_cases ORDER BY 1')).toEqual([
      'NDC-KEPT',
      'NDC-OPEN',
    ]);
    expect(await column('SELECT count(*)::text AS v FROM case_discussions')).toEqual(['2']);
    expect(await column('SELECT count(*)::text AS v FROM agenda_items')).toEqual(['0']);
    expect(await column('SELECT count(*)::text AS v FROM booking_series')).toEqual(['0']);
    // Ben's current supervision stays; the one that ended in 2019 goes. Everyone is still on the roster.
    expect(
      await column(
        "SELECT to_on::text AS v FROM relationships WHERE supervisee_id = (SELECT id FROM people WHERE upn = 'sw2@x.example')",
      ),
    ).toEqual([null]);
    expect(await column('SELECT count(*)::text AS v FROM people')).toEqual(['4']);

    // The sign-off cards the setup's records asked for are pending, not settled: not retention's to prune.
    expect(
      await column("SELECT key AS v FROM outbox WHERE kind <> 'sign-off' ORDER BY key"),
    ).toEqual(
      [
        'preparation:3',
        'record-prompt:2',
        `overdue-notice:${ids.tm}:${ids.sw2}:one-to-one:2026-06-10`,
      ].sort(),
    );
    expect(await column('SELECT run_key AS v FROM job_runs ORDER BY run_key')).toEqual([
      '2026-05-02',
      '2026-11-22',
    ]);
    expect(await column('SELECT nonce AS v FROM card_actions')).toEqual(['new']);
    expect(await column('SELECT subject AS v FROM snoozes')).toEqual(['record:2']);
    expect(await column('SELECT aad_object_id AS v FROM conversation_refs ORDER BY 1')).toEqual([
      'aad-newcomer',
      'aad-tm',
    ]);

    // The audit log: the amendment's entry stays without the earlier text, and one entry says what retention removed.
    const amended = (await listAudit(db, 'session')).find(
      (entry) => entry.action === 'session.amended' && entry.entityId === String(s.old),
    );
    expect(amended?.detail).toMatchObject({ earlierRemovedBefore: '2020-11-23', outcome: 'held' });
    expect(amended?.detail).not.toHaveProperty('earlier');
    expect(JSON.stringify(await listAudit(db))).not.toContain(OLD_SUMMARY);
    expect(await listAudit(db, 'retention')).toEqual([
      expect.objectContaining({
        actor: 'psw@x.example',
        action: 'retention.applied',
        entityId: '2020-11-23',
        detail: {
          years: 6,
          cutoff: '2020-11-23',
          operationalCutoff: '2026-08-25',
          removed: EXPECTED.removed,
          pruned: EXPECTED.pruned,
          outsideRoster: OUTSIDE_ROSTER,
        },
      }),
    ]);
  });

  it('a dry run reports the same counts and removes nothing, and a second run removes nothing more', async () => {
    const before = await everything();
    expect(await retain(6, true)).toEqual({ ...EXPECTED, dryRun: true });
    expect(await everything()).toEqual(before);

    await retain(6);
    const after = await everything();
    expect(await retain(6)).toEqual({
      ...EXPECTED,
      dryRun: false,
      removed: NOTHING_REMOVED,
      pruned: NOTHING_PRUNED,
      outsideRoster: { ...OUTSIDE_ROSTER, references: 0 },
    });
    const again = await everything();
    expect({ ...again, audit_log: again.audit_log!.length }).toEqual({
      ...after,
      audit_log: after.audit_log!.length + 1,
    });
    expect(await listAudit(db, 'retention')).toHaveLength(2);
  });

  it('removes no supervision data when CADENCE_RETENTION_YEARS is unset, but still prunes operational rows and the references of people not in the roster', async () => {
    const before = await everything();
    const report = await retain(null);
    expect(report).toEqual({
      setting: 'unset',
      dryRun: false,
      operationalCutoff: EXPECTED.operationalCutoff,
      pruned: EXPECTED.pruned,
      outsideRoster: OUTSIDE_ROSTER,
    });
    const after = await everything();
    for (const table of [
      'sessions',
      'actions',
      'relationships',
      'child_cases',
      'audit_log',
      'people',
    ] as const)
      expect(after[table]).toEqual(before[table]);
    expect(after.outbox).not.toEqual(before.outbox);
    expect(await column('SELECT aad_object_id AS v FROM conversation_refs ORDER BY 1')).toEqual([
      'aad-newcomer',
      'aad-tm',
    ]);
  });

  it('keeps a reference saved before the roster knew the person, once the roster does, and removes it 30 days unused while it does not', async () => {
    await db.query(
      `UPDATE people SET entra_object_id = 'aad-stranger' WHERE upn = 'sw1@x.example'`,
    );
    expect((await retain(null)).outsideRoster).toEqual({ ...OUTSIDE_ROSTER, references: 1 });
    expect(await column('SELECT aad_object_id AS v FROM conversation_refs ORDER BY 1')).toEqual([
      'aad-newcomer',
      'aad-stranger',
      'aad-tm',
    ]);
    // A week on, the newcomer's reference has gone unused 30 days and the roster still does not know them.
    const later = await runRetention(db, {
      years: null,
      dryRun: false,
      actor: 'psw@x.example',
      now: new Date('2026-12-17T10:00:00Z'),
    });
    expect(later.outsideRoster).toEqual({ cutoff: '2026-11-17', references: 1 });
    expect(await column('SELECT aad_object_id AS v FROM conversation_refs ORDER BY 1')).toEqual([
      'aad-stranger',
      'aad-tm',
    ]);
  });

  it('keeps more with a longer setting: 8 years reaches back only to November 2018', async () => {
    const report = await retain(8);
    expect(report).toMatchObject({ cutoff: '2018-11-23', removed: NOTHING_REMOVED });
    expect((await column('SELECT count(*)::text AS v FROM sessions'))[0]).toBe('5');
  });

  it('runs daily from 02:00 London through the job runner, once across instances', async () => {
    const config = readConfig({ CADENCE_RETENTION_YEARS: '6' });
    const at = (instant: string) => fixedClock(new Date(instant));
    const runner = (instance: string, clock = at(NOW.toISOString())) => {
      const started = startJobRunner({
        db,
        clock,
        instance,
        jobs: [retentionJob({ db, clock, config })],
        intervalMs: 3_600_000,
      });
      runners.push(started);
      return started;
    };
    // 01:30 on the 23rd: not yet due.
    expect(await runner('early', at('2026-11-23T01:30:00Z')).runOnce()).toEqual([]);

    const [ran] = await runner('one').runOnce();
    expect(ran).toMatchObject({ job: 'retention', runKey: '2026-11-23', status: 'ran' });
    expect(ran?.status === 'ran' && (ran.outcome as RetentionReport)).toEqual({
      ...EXPECTED,
      dryRun: false,
    });
    expect(await runner('two').runOnce()).toEqual([
      { job: 'retention', runKey: '2026-11-23', status: 'taken' },
    ]);
    expect(await listAudit(db, 'retention')).toEqual([
      expect.objectContaining({ actor: 'job:retention', entityId: '2020-11-23' }),
    ]);

    // Unset, the job runs and removes nothing.
    const off = startJobRunner({
      db,
      clock: at('2026-11-24T03:00:00Z'),
      instance: 'off',
      jobs: [retentionJob({ db, clock: at('2026-11-24T03:00:00Z'), config: readConfig({}) })],
      intervalMs: 3_600_000,
    });
    runners.push(off);
    const [unset] = await off.runOnce();
    expect(unset).toMatchObject({
      job: 'retention',
      runKey: '2026-11-24',
      status: 'ran',
      outcome: {
        setting: 'unset',
        dryRun: false,
        outsideRoster: { cutoff: '2026-10-25', references: 0 },
      },
    });
    expect(await listAudit(db, 'retention')).toHaveLength(1);
  });
});
