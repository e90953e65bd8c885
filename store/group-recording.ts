/**
 * Recording a group meeting over SQL: what `supervision/group-recording.ts`
 * writes with. The meeting's row is locked for the transaction, so two
 * people recording at once cannot both succeed.
 */
import type {
  GroupRecordingWriter,
  GroupSessionForRecording,
  PersonRef,
} from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';
import { applyRecord, casesByReference, insertCaseDiscussions, peopleByUpn } from './sessions.ts';

async function getGroupSessionForRecording(
  sql: Sql,
  sessionId: number,
): Promise<GroupSessionForRecording | null> {
  const [row] = await sql.query<
    Omit<GroupSessionForRecording, 'id' | 'groupId' | 'facilitator' | 'members'> & {
      id: string;
      groupId: string;
      facilitator: (Omit<PersonRef, 'id'> & { id: string }) | null;
      members: (Omit<PersonRef, 'id'> & { id: string })[] | null;
    }
  >(
    `SELECT s.id, s.group_id AS "groupId", g.name AS "groupName", s.type, s.status, s.starts_at AS "startsAt",
            CASE WHEN f.id IS NULL THEN NULL ELSE json_build_object('id', f.id, 'upn', f.upn, 'name', f.name) END AS facilitator,
            (SELECT json_agg(json_build_object('id', p.id, 'upn', p.upn, 'name', p.name) ORDER BY m.position)
               FROM supervision_group_members m JOIN people p ON p.id = m.person_id
              WHERE m.group_id = g.id) AS members
       FROM sessions s
       JOIN supervision_groups g ON g.id = s.group_id
       LEFT JOIN people f ON f.id = g.facilitator_id
      WHERE s.id = $1
        FOR UPDATE OF s`,
    [sessionId],
  );
  if (!row) return null;
  const person = (p: { id: string; upn: string; name: string }): PersonRef => ({
    ...p,
    id: Number(p.id),
  });
  return {
    ...row,
    id: Number(row.id),
    groupId: Number(row.groupId),
    startsAt: row.startsAt && new Date(row.startsAt),
    facilitator: row.facilitator && person(row.facilitator),
    members: (row.members ?? []).map(person),
  };
}

async function saveAttendance(
  sql: Sql,
  sessionId: number,
  attendance: readonly { personId: number; attended: boolean }[],
): Promise<void> {
  await sql.query('DELETE FROM session_attendance WHERE session_id = $1', [sessionId]);
  await sql.query(
    `INSERT INTO session_attendance (session_id, person_id, attended)
     SELECT $1, person_id, attended FROM unnest($2::bigint[], $3::boolean[]) AS a(person_id, attended)`,
    [sessionId, attendance.map((a) => a.personId), attendance.map((a) => a.attended)],
  );
}

export function groupRecordingWriter(sql: Sql): GroupRecordingWriter {
  return {
    peopleByUpn: (upns) => peopleByUpn(sql, upns),
    getGroupSessionForRecording: (sessionId) => getGroupSessionForRecording(sql, sessionId),
    casesByReference: (references) => casesByReference(sql, references),
    applyRecord: (sessionId, record) => applyRecord(sql, sessionId, record),
    saveAttendance: (sessionId, attendance) => saveAttendance(sql, sessionId, attendance),
    insertCaseDiscussions: (sessionId, caseIds) => insertCaseDiscussions(sql, sessionId, caseIds),
    audit: (entry) => writeAudit(sql, entry),
  };
}
