/**
 * Recording a session against a real database (PGlite, and the PostgreSQL
 * server when TEST_DATABASE_URL is set). Now is Monday 23 November 2026,
 * 15:00 London; Tara Lead supervises Ann One and Ben Two, and is supervised
 * by Sam Manager.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { loadShippedPack, parseIsoDate, recordDueOn } from '../rules/index.ts';
import { insertSession, listAudit, recordingWriter, type Database } from '../store/index.ts';
import {
  NotAllowedError,
  RecordingInputError,
  RecordingRefusedError,
  recordSession,
  type RecordingRequest,
} from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';
import { seedCase, seedRoster } from './support/seed.ts';

const clock = fixedClock(new Date('2026-11-23T15:00:00Z'));
const SUPERVISOR = 'tm@x.example';
const ROSTER = [
  'sm@x.example,Sam Manager,service-manager,solihull,2015-01-01,,Leadership,,',
  'tm@x.example,Tara Lead,team-manager,solihull,2018-01-01,sm@x.example,Assessment,,',
  'sw1@x.example,Ann One,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
  'sw2@x.example,Ben Two,social-worker,solihull,2020-01-01,tm@x.example,Assessment,,',
];
const SUMMARY = 'Talked through the risk of drift on the family plan';

describe.each(testDatabases)('recording a session on $name', (database) => {
  let db: Database;
  let annsSession: number;
  let ids: Record<string, number>;

  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, ROSTER, '2020-01-01');
    ids = Object.fromEntries(
      (await db.query<{ upn: string; id: string }>('SELECT upn, id FROM people')).map((p) => [
        p.upn,
        Number(p.id),
      ]),
    );
    annsSession = await session('sw1@x.example', '2026-11-20T10:00:00Z');
    await seedCase(db, 'NDC-000101', 'child-protection', '2026-09-01', 'sw1@x.example');
    await seedCase(db, 'NDC-000102', 'child-in-need', '2026-09-01', 'sw1@x.example');
    await seedCase(db, 'NDC-000201', 'child-in-need', '2026-09-01', 'sw2@x.example');
    const closed = await seedCase(db, 'NDC-000103', 'child-in-need', '2026-01-05', 'sw1@x.example');
    await db.query(`UPDATE child_cases SET closed_on = '2026-10-30' WHERE id = $1`, [closed]);
  });
  afterEach(async () => {
    await db.close();
  });

  /** A booked one-hour session for the person's current supervision, starting at `startsAt`. */
  async function session(superviseeUpn: string, startsAt: string): Promise<number> {
    const [relationship] = await db.query<{ id: string }>(
      'SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND r.to_on IS NULL',
      [superviseeUpn],
    );
    const start = new Date(startsAt);
    return insertSession(db, {
      relationshipId: Number(relationship!.id),
      type: 'one-to-one',
      status: 'booked',
      startsAt: start,
      endsAt: new Date(start.getTime() + 3_600_000),
      dueOn: startsAt.slice(0, 10),
      recordDueOn:
        recordDueOn(loadShippedPack('solihull'), parseIsoDate(startsAt.slice(0, 10))) ?? null,
    });
  }

  const record = (input: RecordingRequest) =>
    recordSession((work) => db.transaction((tx) => work(recordingWriter(tx))), clock, input);
  const held = (
    outcome: Partial<Extract<RecordingRequest['outcome'], { held: true }>> = {},
    sessionId = annsSession,
  ): RecordingRequest => ({
    sessionId,
    recorderUpn: SUPERVISOR,
    outcome: { held: true, ...outcome },
  });

  async function sessionRow(id = annsSession) {
    const [row] = await db.query<{
      status: string;
      not_held_reason: string | null;
      record: Record<string, unknown> | null;
      record_location: string | null;
      recorded_by: string | null;
      recorded_at: Date | null;
    }>(
      `SELECT status, not_held_reason, record, record_location, recorded_by, recorded_at FROM sessions WHERE id = $1`,
      [id],
    );
    return { ...row!, recorded_by: row!.recorded_by === null ? null : Number(row!.recorded_by) };
  }
  const actionsOf = (id = annsSession) =>
    db.query<{
      id: string;
      text: string;
      owner: string;
      due_on: string | null;
      done_on: string | null;
    }>(
      'SELECT a.id, a.text, p.upn AS owner, a.due_on, a.done_on FROM actions a JOIN people p ON p.id = a.owner_id WHERE session_id = $1 ORDER BY a.id',
      [id],
    );
  const casesOf = async (id = annsSession) =>
    (
      await db.query<{ reference: string }>(
        'SELECT c.reference FROM case_discussions d JOIN child_cases c ON c.id = d.case_id WHERE d.session_id = $1 ORDER BY 1',
        [id],
      )
    ).map((c) => c.reference);
  /** Everything recording writes, to show a refusal wrote nothing. */
  const everything = async () => ({
    sessions: await db.query('SELECT * FROM sessions ORDER BY id'),
    actions: await db.query('SELECT * FROM actions ORDER BY id'),
    cases: await db.query('SELECT * FROM case_discussions ORDER BY 1, 2'),
    audit: (await listAudit(db, 'session')).length,
  });
  async function refused(input: RecordingRequest): Promise<Error> {
    const before = await everything();
    const error = await record(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await everything()).toEqual(before);
    return error as Error;
  }

  it('records a held session: the short fields, actions and the cases discussed, audited without the summary', async () => {
    const result = await record(
      held({
        summary: SUMMARY,
        nextDate: '2026-12-18',
        recordLocation: 'https://mosaic.example/supervision/4411',
        actions: [
          { text: 'Chase the health assessment', ownerUpn: 'SW1@x.example', due: '2026-12-01' },
          { text: 'Book a case audit', ownerUpn: SUPERVISOR },
        ],
        casesDiscussed: ['NDC-000101', 'NDC-000102'],
      }),
    );
    expect(result).toMatchObject({ sessionId: annsSession, status: 'held', amended: false });
    expect(result.actionIds).toHaveLength(2);
    expect(await sessionRow()).toEqual({
      status: 'held',
      not_held_reason: null,
      record: { summary: SUMMARY, nextDate: '2026-12-18' },
      record_location: 'https://mosaic.example/supervision/4411',
      recorded_by: ids[SUPERVISOR],
      recorded_at: clock.now(),
    });
    expect((await actionsOf()).map(({ text, owner, due_on }) => ({ text, owner, due_on }))).toEqual(
      [
        { text: 'Chase the health assessment', owner: 'sw1@x.example', due_on: '2026-12-01' },
        { text: 'Book a case audit', owner: SUPERVISOR, due_on: null },
      ],
    );
    expect(await casesOf()).toEqual(['NDC-000101', 'NDC-000102']);
    const [entry] = await listAudit(db, 'session');
    expect(entry).toMatchObject({
      actor: SUPERVISOR,
      action: 'session.recorded',
      entityId: String(annsSession),
      detail: {
        outcome: 'held',
        fields: ['summary', 'nextDate', 'recordLocation'],
        actions: result.actionIds,
        cases: result.caseIds,
      },
    });
    expect(JSON.stringify(entry)).not.toContain('drift');
    expect(JSON.stringify(entry)).not.toContain('health assessment');
  });

  /** The one refusal for a session that is not there or not the recorder's: no name, no date, no id (issue 13). */
  const NOT_FOUND =
    'Cadence could not find that session among yours. Ask for a fresh card with "my sessions".';

  it('refuses the supervisee, a colleague, the supervisor’s own manager and someone not in Cadence, writing nothing and naming no one', async () => {
    for (const upn of [
      'sw1@x.example',
      'sw2@x.example',
      'sm@x.example',
      'visitor@elsewhere.example',
    ]) {
      const error = await refused({ ...held({ summary: SUMMARY }), recorderUpn: upn });
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(NOT_FOUND);
    }
  });

  it('refuses a session that does not exist with the same answer as someone else’s', async () => {
    const error = await refused(held({}, 999_999));
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(NOT_FOUND);
  });

  it('refuses someone else’s session before looking at the record: a bad record there is the refusal, not its problems', async () => {
    // Problems would say whose session it is ("case NDC-000101 is not allocated to Ann One").
    const bad = {
      held: true,
      nextDate: 'soon',
      casesDiscussed: ['NDC-000101'],
      actions: [{ text: '', ownerUpn: '' }],
    } as unknown as RecordingRequest['outcome'];
    for (const [recorderUpn, sessionId] of [
      ['sw2@x.example', annsSession],
      [SUPERVISOR, 999_999],
    ] as const) {
      const error = await refused({ sessionId, recorderUpn, outcome: bad });
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(NOT_FOUND);
    }
    // The supervisor sending it is told the problems.
    expect(
      await refused({ sessionId: annsSession, recorderUpn: SUPERVISOR, outcome: bad }),
    ).toBeInstanceOf(RecordingInputError);
  });

  it('refuses to record a session twice, and says how to change it', async () => {
    await record(held({ summary: SUMMARY }));
    for (const outcome of [
      { held: true, summary: 'Again' } as const,
      { held: false, reason: 'sickness' } as const,
    ]) {
      const error = await refused({ sessionId: annsSession, recorderUpn: SUPERVISOR, outcome });
      expect(error).toBeInstanceOf(RecordingRefusedError);
      expect(error.message).toBe(
        `session ${annsSession} was already recorded by Tara Lead on 2026-11-23; send it as an amendment to change it`,
      );
    }
  });

  it('amends a record: replaces it, keeps an unchanged action (and whether it is done), and keeps the earlier version in the audit log', async () => {
    const first = await record(
      held({
        summary: SUMMARY,
        nextDate: '2026-12-18',
        actions: [
          { text: 'Chase the health assessment', ownerUpn: 'sw1@x.example', due: '2026-12-01' },
          { text: 'Book a case audit', ownerUpn: SUPERVISOR },
        ],
        casesDiscussed: ['NDC-000101'],
      }),
    );
    await db.query(`UPDATE actions SET done_on = '2026-11-23' WHERE id = $1`, [first.actionIds[0]]);

    const amended = await record({
      ...held({
        summary: 'Corrected: the plan is on track',
        actions: [
          { text: 'Chase the health assessment', ownerUpn: 'sw1@x.example', due: '2026-12-01' },
          { text: 'Visit with the IRO', ownerUpn: 'sw1@x.example', due: '2026-12-04' },
        ],
        casesDiscussed: ['NDC-000102'],
      }),
      amend: true,
    });
    expect(amended).toMatchObject({ status: 'held', amended: true });
    expect(amended.actionIds[0]).toBe(first.actionIds[0]);
    expect((await sessionRow()).record).toEqual({ summary: 'Corrected: the plan is on track' });
    expect((await actionsOf()).map(({ text, done_on }) => ({ text, done_on }))).toEqual([
      { text: 'Chase the health assessment', done_on: '2026-11-23' },
      { text: 'Visit with the IRO', done_on: null },
    ]);
    expect(await casesOf()).toEqual(['NDC-000102']);

    const entries = await listAudit(db, 'session');
    expect(entries.map((e) => e.action)).toEqual(['session.recorded', 'session.amended']);
    expect(entries[1]!.detail).toMatchObject({
      outcome: 'held',
      earlier: {
        status: 'held',
        notHeldReason: null,
        record: { summary: SUMMARY, nextDate: '2026-12-18' },
        recordedBy: ids[SUPERVISOR],
        actions: [
          {
            id: first.actionIds[0],
            text: 'Chase the health assessment',
            ownerId: ids['sw1@x.example'],
            dueOn: '2026-12-01',
            doneOn: '2026-11-23',
          },
          {
            id: first.actionIds[1],
            text: 'Book a case audit',
            ownerId: ids[SUPERVISOR],
            dueOn: null,
            doneOn: null,
          },
        ],
        cases: [{ id: first.caseIds[0], reference: 'NDC-000101' }],
      },
    });
  });

  it('records a session sent as an amendment that was never recorded as a first record', async () => {
    expect(await record({ ...held({ summary: SUMMARY }), amend: true })).toMatchObject({
      status: 'held',
      amended: false,
    });
    expect((await listAudit(db, 'session')).map((e) => e.action)).toEqual(['session.recorded']);
  });

  it('amends a held record to not held, removing its actions and cases', async () => {
    await record(
      held({
        summary: SUMMARY,
        actions: [{ text: 'Chase', ownerUpn: SUPERVISOR }],
        casesDiscussed: ['NDC-000101'],
      }),
    );
    await record({
      sessionId: annsSession,
      recorderUpn: SUPERVISOR,
      outcome: { held: false, reason: 'court' },
      amend: true,
    });
    expect(await sessionRow()).toMatchObject({
      status: 'not-held',
      not_held_reason: 'court',
      record: {},
      record_location: null,
    });
    expect(await actionsOf()).toEqual([]);
    expect(await casesOf()).toEqual([]);
  });

  it('records a session not held, with its reason; one not yet started can be recorded as not held', async () => {
    const future = await session('sw2@x.example', '2026-12-02T10:00:00Z');
    for (const [sessionId, reason] of [
      [annsSession, 'sickness'],
      [future, 'annual-leave'],
    ] as const) {
      const result = await record({
        sessionId,
        recorderUpn: SUPERVISOR,
        outcome: { held: false, reason, note: 'Rebooked for next week' },
      });
      expect(result).toMatchObject({
        status: 'not-held',
        amended: false,
        actionIds: [],
        caseIds: [],
      });
      expect(await sessionRow(sessionId)).toMatchObject({
        status: 'not-held',
        not_held_reason: reason,
        record: { note: 'Rebooked for next week' },
      });
    }
    expect((await listAudit(db, 'session')).map((e) => e.detail)).toEqual([
      expect.objectContaining({ outcome: 'not-held', reason: 'sickness', fields: ['note'] }),
      expect.objectContaining({ outcome: 'not-held', reason: 'annual-leave', fields: ['note'] }),
    ]);
  });

  it('refuses to record as held a session that has not started yet', async () => {
    const later = await session('sw1@x.example', '2026-11-23T16:00:00Z');
    const error = await refused(held({ summary: SUMMARY }, later));
    expect(error).toBeInstanceOf(RecordingRefusedError);
    expect(error.message).toBe(
      `session ${later} has not started yet (it starts on 2026-11-23), so it cannot be recorded as held; record it once it has taken place, or record it as not held`,
    );
  });

  it('refuses to record a cancelled session, held or not', async () => {
    await db.query(`UPDATE sessions SET status = 'cancelled' WHERE id = $1`, [annsSession]);
    for (const outcome of [{ held: true } as const, { held: false, reason: 'other' } as const]) {
      const error = await refused({
        sessionId: annsSession,
        recorderUpn: SUPERVISOR,
        outcome,
        amend: true,
      });
      expect(error).toBeInstanceOf(RecordingRefusedError);
      expect(error.message).toMatch(
        new RegExp(`^session ${annsSession} was cancelled, so it cannot be recorded`),
      );
    }
  });

  const invalid: [string, unknown, string][] = [
    [
      'a date that does not exist',
      { held: true, nextDate: '2026-02-30' },
      "outcome.nextDate: the date '2026-02-30' does not exist on the calendar",
    ],
    [
      'a due date that is not a date',
      { held: true, actions: [{ text: 'Chase', ownerUpn: SUPERVISOR, due: '1/12/2026' }] },
      "outcome.actions[0].due: the date '1/12/2026' is not a date",
    ],
    [
      'a reason not in the list',
      { held: false, reason: 'holiday' },
      'outcome.reason: must be one of annual-leave, sickness, court, other',
    ],
    [
      'a summary too long',
      { held: true, summary: 'x'.repeat(2001) },
      'outcome.summary: is longer than 2000 characters',
    ],
    [
      'an action too long',
      { held: true, actions: [{ text: 'y'.repeat(501), ownerUpn: SUPERVISOR }] },
      'outcome.actions[0].text: is longer than 500 characters',
    ],
    [
      'held neither true nor false',
      { held: 'yes' },
      'outcome.held: must be true (held) or false (not held)',
    ],
    [
      'a case allocated to someone else',
      { held: true, casesDiscussed: ['NDC-000101', 'NDC-000201'] },
      'outcome.casesDiscussed[1]: case NDC-000201 is not allocated to Ann One',
    ],
    [
      'a closed case',
      { held: true, casesDiscussed: ['NDC-000103'] },
      'outcome.casesDiscussed[0]: case NDC-000103 was closed on 2026-10-30',
    ],
    [
      'a case not in Cadence',
      { held: true, casesDiscussed: ['NDC-999999'] },
      'outcome.casesDiscussed[0]: case NDC-999999 is not in Cadence',
    ],
    [
      'an action owner not in Cadence',
      { held: true, actions: [{ text: 'Chase', ownerUpn: 'nobody@x.example' }] },
      'outcome.actions[0].ownerUpn: nobody@x.example is not a person in Cadence',
    ],
    [
      'a next date before the session',
      { held: true, nextDate: '2026-11-19' },
      'outcome.nextDate: 2026-11-19 is not after this session (2026-11-20)',
    ],
  ];
  it.each(invalid)(
    'refuses %s, naming the field, and writes nothing',
    async (_, outcome, problem) => {
      const error = await refused({
        sessionId: annsSession,
        recorderUpn: SUPERVISOR,
        outcome,
      } as RecordingRequest);
      expect(error).toBeInstanceOf(RecordingInputError);
      expect(error.message).toContain(problem);
      expect(error.message).not.toMatch(/xxxx|yyyy/);
    },
  );

  it('names every problem at once', async () => {
    const error = (await refused(
      held({
        nextDate: '2026-11-01',
        actions: [{ text: 'Chase', ownerUpn: 'nobody@x.example' }],
        casesDiscussed: ['NDC-000201'],
      }),
    )) as RecordingInputError;
    expect(error.problems.map((p) => p.path)).toEqual([
      'outcome.nextDate',
      'outcome.actions[0].ownerUpn',
      'outcome.casesDiscussed[0]',
    ]);
  });

  it('keeps the parts covered, the length and the day it was held, and refuses a day still to come', async () => {
    await record(
      held({ parts: ['welfare', 'practice'], durationMinutes: 75, heldOn: '2026-11-21' }),
    );
    const [row] = await db.query<{ record: Record<string, unknown> }>(
      'SELECT record FROM sessions WHERE id = $1',
      [annsSession],
    );
    expect(row!.record).toMatchObject({
      parts: ['welfare', 'practice'],
      durationMinutes: 75,
      heldOn: '2026-11-21',
    });
    const later = await session('sw2@x.example', '2026-11-20T10:00:00Z');
    const error = (await refused(
      held({ heldOn: '2026-11-30', parts: ['supervision' as never] }, later),
    )) as RecordingInputError;
    expect(error.problems.map((p) => p.path)).toEqual(['outcome.parts[0]']);
    const future = (await refused(held({ heldOn: '2026-11-30' }, later))) as RecordingInputError;
    expect(future.problems.map((p) => p.path)).toEqual(['outcome.heldOn']);
  });

  it('lets only one of two recordings made at the same moment through', async () => {
    // Each pauses after reading the session, so without the row lock both would see it unrecorded.
    const pausing = (input: RecordingRequest) =>
      recordSession(
        (work) =>
          db.transaction((tx) => {
            const store = recordingWriter(tx);
            const getSessionForRecording = async (id: number) => {
              const found = await store.getSessionForRecording(id);
              await new Promise((resolve) => setTimeout(resolve, 300));
              return found;
            };
            return work({ ...store, getSessionForRecording });
          }),
        clock,
        input,
      );
    const results = await Promise.allSettled([
      pausing(held({ summary: 'First' })),
      pausing(held({ summary: 'Second' })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected')!;
    expect(rejected.reason).toBeInstanceOf(RecordingRefusedError);
    expect((await listAudit(db, 'session')).length).toBe(1);
  });
});
