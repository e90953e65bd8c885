/**
 * Recording a group meeting over SQL: what `supervision/group-recording.ts`
 * writes with. The meeting's row is locked for the transaction, so two
 * people recording at once cannot both succeed.
 */
import type { GroupRecordingWriter } from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';
import { groupMeeting } from './group-queries.ts';
import { applyRecord, casesByReference, insertCaseDiscussions, peopleByUpn } from './sessions.ts';

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
    getGroupSessionForRecording: (sessionId) => groupMeeting(sql, sessionId, true),
    casesByReference: (references) => casesByReference(sql, references),
    applyRecord: (sessionId, record) => applyRecord(sql, sessionId, record),
    saveAttendance: (sessionId, attendance) => saveAttendance(sql, sessionId, attendance),
    insertCaseDiscussions: (sessionId, caseIds) => insertCaseDiscussions(sql, sessionId, caseIds),
    audit: (entry) => writeAudit(sql, entry),
  };
}
