/**
 * Children's cases discussed in held sessions over an export's range, by
 * case reference only (issue 16, item 7): one row per case and session,
 * for a one-to-one with the session's supervisee, for a group meeting with
 * the member whose case it is.
 */
import type { Sql } from './database.ts';

export interface ExportCaseRow {
  reference: string;
  status: string;
  sinceOn: string;
  /** Closed since, if it is. */
  closedOn: string | null;
  workerUpn: string;
  workerName: string;
  workerTeam: string | null;
  sessionId: string;
  sessionDate: string;
  type: string;
  supervisorUpn: string;
  group: string | null;
}

export async function listExportCaseDiscussions(
  sql: Sql,
  personIds: readonly number[] | null,
  range: { from: string; to: string },
): Promise<ExportCaseRow[]> {
  return sql.query<ExportCaseRow>(
    `SELECT c.reference, c.status, to_char(c.since_on, 'YYYY-MM-DD') AS "sinceOn",
            to_char(c.closed_on, 'YYYY-MM-DD') AS "closedOn",
            w.upn AS "workerUpn", w.name AS "workerName", w.team AS "workerTeam",
            s.id::text AS "sessionId", to_char((s.starts_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS "sessionDate",
            s.type, sup.upn AS "supervisorUpn", g.name AS "group"
       FROM case_discussions d
       JOIN child_cases c ON c.id = d.case_id
       JOIN sessions s ON s.id = d.session_id AND s.status = 'held'
       LEFT JOIN relationships r ON r.id = s.relationship_id
       LEFT JOIN supervision_groups g ON g.id = s.group_id
       JOIN people w ON w.id = coalesce(r.supervisee_id, c.worker_id)
       JOIN people sup ON sup.id = coalesce(s.recorded_by, s.organiser_id, r.supervisor_id)
      WHERE ($1::bigint[] IS NULL OR w.id = ANY($1::bigint[]))
        AND (s.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN $2::date AND $3::date
      ORDER BY "sessionDate", s.id, c.reference`,
    [personIds, range.from, range.to],
  );
}
