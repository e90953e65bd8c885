/**
 * Sessions and what a record adds to them (actions, cases discussed): the
 * queries behind booking and recording, and the recording port's SQL
 * implementation. Every function takes the `Sql` it runs on, so callers
 * choose the transaction.
 */
import type {
  CaseForRecording,
  NotHeldReason,
  PersonRef,
  RecordingWriter,
  SessionForRecording,
  SessionRecord,
  SessionStatus,
  StoredAction,
} from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';
import { sessionSupervisorId } from './organiser-sql.ts';
import { noteLost } from './lost-sessions.ts';
import { outboxStore } from './outbox.ts';
import { signOffWriter } from './sign-offs.ts';

export interface NewSession {
  relationshipId: number;
  type: string;
  status: 'planned' | 'booked';
  startsAt: Date | null;
  endsAt: Date | null;
  dueOn: string | null;
  recordDueOn: string | null;
}

export async function insertSession(sql: Sql, session: NewSession): Promise<number> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at, due_on, record_due_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      session.relationshipId,
      session.type,
      session.status,
      session.startsAt,
      session.endsAt,
      session.dueOn,
      session.recordDueOn,
    ],
  );
  return Number(row!.id);
}

/**
 * A session with its supervisor, supervisee and any record, locked (FOR
 * UPDATE) until the transaction ends, so two recordings of one session
 * cannot both pass the "already recorded" check.
 */
export async function getSessionForRecording(
  sql: Sql,
  sessionId: number,
): Promise<SessionForRecording | null> {
  const [row] = await sql.query<{
    id: string;
    relationshipId: string;
    type: string;
    alsoTypes: string[];
    notCovered: string[];
    status: SessionStatus;
    startsAt: Date | null;
    notHeldReason: NotHeldReason | null;
    record: Record<string, unknown> | null;
    recordLocation: string | null;
    recordedAt: Date | null;
    supervisor: PersonRef;
    supervisorManagerId: string | null;
    supervisee: PersonRef;
    recordedBy: PersonRef | null;
  }>(
    `SELECT s.id, s.relationship_id AS "relationshipId", s.type, s.also_types AS "alsoTypes", s.not_covered AS "notCovered", s.status, s.starts_at AS "startsAt",
            s.not_held_reason AS "notHeldReason", s.record, s.record_location AS "recordLocation",
            s.recorded_at AS "recordedAt",
            json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
            sup.manager_id AS "supervisorManagerId",
            json_build_object('id', sub.id, 'upn', sub.upn, 'name', sub.name) AS supervisee,
            CASE WHEN rec.id IS NULL THEN NULL
                 ELSE json_build_object('id', rec.id, 'upn', rec.upn, 'name', rec.name) END AS "recordedBy"
       FROM sessions s
       JOIN relationships r ON r.id = s.relationship_id
       JOIN people sup ON sup.id = ${sessionSupervisorId('s', 'r')}
       JOIN people sub ON sub.id = r.supervisee_id
       LEFT JOIN people rec ON rec.id = s.recorded_by
      WHERE s.id = $1
        FOR UPDATE OF s`,
    [sessionId],
  );
  if (!row) return null;
  const person = (p: PersonRef) => ({ ...p, id: Number(p.id) });
  return {
    ...row,
    id: Number(row.id),
    relationshipId: Number(row.relationshipId),
    supervisor: person(row.supervisor),
    supervisorManagerId: row.supervisorManagerId === null ? null : Number(row.supervisorManagerId),
    supervisee: person(row.supervisee),
    recordedBy: row.recordedBy && person(row.recordedBy),
  };
}

export async function applyRecord(
  sql: Sql,
  sessionId: number,
  fields: SessionRecord,
): Promise<void> {
  await sql.query(
    `UPDATE sessions SET status = $2, not_held_reason = $3, record = $4, record_location = $5, recorded_by = $6, recorded_at = $7,
            type = coalesce($8, type), also_types = coalesce($9::text[], also_types),
            not_covered = coalesce($10::text[], not_covered), observed = $11
      WHERE id = $1`,
    [
      sessionId,
      fields.status,
      fields.notHeldReason,
      JSON.stringify(fields.record),
      fields.recordLocation,
      fields.recordedBy,
      fields.recordedAt,
      fields.types?.type ?? null,
      fields.types?.alsoTypes ?? null,
      fields.types?.notCovered ?? null,
      fields.observed,
    ],
  );
}

/** People by UPN, compared without case. */
export async function peopleByUpn(sql: Sql, upns: readonly string[]): Promise<PersonRef[]> {
  const rows = await sql.query<PersonRef & { id: string }>(
    'SELECT id, upn, name FROM people WHERE lower(upn) = ANY($1::text[])',
    [upns.map((upn) => upn.toLowerCase())],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function listActions(sql: Sql, sessionId: number): Promise<StoredAction[]> {
  const rows = await sql.query<{
    id: string;
    text: string;
    ownerId: string;
    dueOn: string | null;
    reviewOn: string | null;
    doneOn: string | null;
  }>(
    `SELECT id, text, owner_id AS "ownerId", due_on AS "dueOn", review_on AS "reviewOn", done_on AS "doneOn" FROM actions WHERE session_id = $1 ORDER BY id`,
    [sessionId],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), ownerId: Number(row.ownerId) }));
}

/** Inserts the actions in order; returns their ids in the same order. */
export async function insertActions(
  sql: Sql,
  sessionId: number,
  actions: readonly {
    text: string;
    ownerId: number;
    dueOn: string | null;
    reviewOn: string | null;
  }[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const action of actions) {
    const [row] = await sql.query<{ id: string }>(
      'INSERT INTO actions (session_id, text, owner_id, due_on, review_on) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [sessionId, action.text, action.ownerId, action.dueOn, action.reviewOn],
    );
    ids.push(Number(row!.id));
  }
  return ids;
}

export async function deleteActions(
  sql: Sql,
  sessionId: number,
  actionIds: readonly number[],
): Promise<void> {
  await sql.query('DELETE FROM actions WHERE session_id = $1 AND id = ANY($2::bigint[])', [
    sessionId,
    actionIds,
  ]);
}

const CASE_COLUMNS = `c.id, c.reference, c.worker_id AS "workerId", c.closed_on AS "closedOn"`;
/** A case's row as the database hands it back: bigint ids as text. */
type CaseRow = { id: string; reference: string; workerId: string | null; closedOn: string | null };
const caseOf = (row: CaseRow): CaseForRecording => ({
  ...row,
  id: Number(row.id),
  workerId: row.workerId === null ? null : Number(row.workerId),
});

/** Child cases by their exact reference. */
export async function casesByReference(sql: Sql, references: readonly string[]) {
  return (
    await sql.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM child_cases c WHERE c.reference = ANY($1::text[])`,
      [references],
    )
  ).map(caseOf);
}

/** The cases discussed in a session. */
export async function listDiscussedCases(sql: Sql, sessionId: number) {
  return (
    await sql.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM case_discussions d JOIN child_cases c ON c.id = d.case_id WHERE d.session_id = $1 ORDER BY c.reference`,
      [sessionId],
    )
  ).map(caseOf);
}

export async function insertCaseDiscussions(
  sql: Sql,
  sessionId: number,
  caseIds: readonly number[],
): Promise<void> {
  await sql.query(
    'INSERT INTO case_discussions (session_id, case_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING',
    [sessionId, caseIds],
  );
}

export async function deleteCaseDiscussions(
  sql: Sql,
  sessionId: number,
  caseIds: readonly number[],
): Promise<void> {
  await sql.query(
    'DELETE FROM case_discussions WHERE session_id = $1 AND case_id = ANY($2::bigint[])',
    [sessionId, caseIds],
  );
}

/** The recording port over SQL: what `supervision/recording.ts` reads and writes with. */
export function recordingWriter(sql: Sql): RecordingWriter {
  return {
    peopleByUpn: (upns) => peopleByUpn(sql, upns),
    getSessionForRecording: (sessionId) => getSessionForRecording(sql, sessionId),
    listActions: (sessionId) => listActions(sql, sessionId),
    listDiscussedCases: (sessionId) => listDiscussedCases(sql, sessionId),
    casesByReference: (references) => casesByReference(sql, references),
    applyRecord: (sessionId, fields) => applyRecord(sql, sessionId, fields),
    insertActions: (sessionId, actions) => insertActions(sql, sessionId, actions),
    deleteActions: (sessionId, actionIds) => deleteActions(sql, sessionId, actionIds),
    insertCaseDiscussions: (sessionId, caseIds) => insertCaseDiscussions(sql, sessionId, caseIds),
    deleteCaseDiscussions: (sessionId, caseIds) => deleteCaseDiscussions(sql, sessionId, caseIds),
    ...signOffWriter(sql),
    enqueue: (messages) => outboxStore(sql).enqueue(messages),
    noteLost: (lost, now) => noteLost(sql, lost, now),
    audit: (entry) => writeAudit(sql, entry),
  };
}
