/**
 * What `cadence export` reads: the people in a part of the organisation, and
 * their sessions, actions and supervision agreements over a date range.
 *
 * Only a record's short fields are read (when held, how long, which parts,
 * the next date, where the full record is kept): never the summary or a
 * not-held note, so no free text that might name a child leaves the database
 * through an export. Action text is read: an action is its text.
 *
 * `personIds` null means everyone. A session belongs to the range by its date
 * in Europe/London (its due date when it has no time yet), and to a part of
 * the organisation by its supervisee.
 */
import type { Sql } from './database.ts';
import { groupOrganiserId } from './group-sql.ts';
import { sessionSupervisorId } from './organiser-sql.ts';

/** Who a session or agreement is between: the supervisee (whose part of the organisation it counts in) and the supervisor. */
export interface ExportPair {
  superviseeUpn: string;
  superviseeName: string;
  superviseeRole: string;
  superviseeTeam: string | null;
  superviseePolicy: string;
  supervisorUpn: string;
  supervisorName: string;
}

export interface ExportSessionRow extends ExportPair {
  sessionId: number;
  /** The London date of the start, or the due date when there is no time yet. */
  date: string;
  /** London wall-clock `HH:MM`, null when there is no time yet. */
  startsAt: string | null;
  endsAt: string | null;
  /** The instant it ended (for whether its record is due yet). */
  endedAt: Date | null;
  bookedMinutes: number | null;
  type: string;
  status: 'planned' | 'booked' | 'held' | 'not-held' | 'cancelled';
  notHeldReason: string | null;
  /** The record's short fields. */
  heldOn: string | null;
  minutesHeld: number | null;
  parts: string[];
  nextDate: string | null;
  recordLocation: string | null;
  /** Held before Cadence, from the roster's last_supervised. */
  imported: boolean;
  recordedByUpn: string | null;
  /** London `YYYY-MM-DD HH:MM`. */
  recordedAt: string | null;
  recordedOn: string | null;
  caseReferences: string[];
  /** The group, for a group meeting (one row per member: held for those who came, not held, "absent", for the rest). */
  groupName: string | null;
  /** The supervisee's sign-off (migration 026): null while awaited, or never asked (no row: signOffAskedOn null). */
  signOff: 'agreed' | 'commented' | 'disagreed' | null;
  signOffAskedOn: string | null;
  /** London `YYYY-MM-DD HH:MM`. */
  signedOffAt: string | null;
  /** A direct observation of practice; null where not asked (migration 027). */
  observed: boolean | null;
  /** How it was lost, by whom, and the session that replaced it (migration 028). */
  lostHow: 'cancelled' | 'declined' | 'moved-after-due' | 'not-held' | null;
  lostByUpn: string | null;
  replacedBy: string | null;
}

export interface ExportActionRow {
  actionId: number;
  sessionId: number;
  sessionDate: string;
  superviseeUpn: string;
  superviseeName: string;
  text: string;
  ownerUpn: string;
  ownerName: string;
  dueOn: string | null;
  reviewOn: string | null;
  doneOn: string | null;
}

export interface ExportAgreementRow extends ExportPair {
  relationshipId: number;
  fromOn: string;
  toOn: string | null;
  signedOn: string | null;
  reviewedOn: string | null;
}

export interface ExportRange {
  from: string;
  to: string;
}

const LONDON = (column: string) => `(${column} AT TIME ZONE 'Europe/London')`;
const SESSION_DATE = `coalesce(${LONDON('s.starts_at')}::date, s.due_on)`;
const IN_SCOPE = '($1::bigint[] IS NULL OR r.supervisee_id = ANY($1::bigint[]))';
const IN_RANGE = `${SESSION_DATE} BETWEEN $2::date AND $3::date`;

/** A person by UPN (any case), or undefined. */
export async function findPersonForExport(
  sql: Sql,
  upn: string,
): Promise<{ id: number; upn: string; name: string } | undefined> {
  const [row] = await sql.query<{ id: string; upn: string; name: string }>(
    'SELECT id, upn, name FROM people WHERE lower(upn) = lower($1)',
    [upn.trim()],
  );
  return row && { ...row, id: Number(row.id) };
}

/** The manager and everyone below them in the management chain. */
export async function listLineOfManagement(sql: Sql, managerId: number): Promise<number[]> {
  const rows = await sql.query<{ id: string }>(
    `WITH RECURSIVE line AS (
       SELECT id FROM people WHERE id = $1
       UNION
       SELECT p.id FROM people p JOIN line l ON p.manager_id = l.id
     )
     SELECT id FROM line ORDER BY id`,
    [managerId],
  );
  return rows.map((row) => Number(row.id));
}

/** Everyone whose team is `team` (compared without case or surrounding spaces). */
export async function listTeamMembers(
  sql: Sql,
  team: string,
): Promise<{ team: string | null; ids: number[] }> {
  const rows = await sql.query<{ id: string; team: string }>(
    'SELECT id, team FROM people WHERE lower(trim(team)) = lower(trim($1)) ORDER BY id',
    [team],
  );
  return { team: rows[0]?.team ?? null, ids: rows.map((row) => Number(row.id)) };
}

/** The teams people are in, by name. */
export async function listTeamNames(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ team: string }>(
    "SELECT DISTINCT trim(team) AS team FROM people WHERE team IS NOT NULL AND trim(team) <> '' ORDER BY 1",
  );
  return rows.map((row) => row.team);
}

/** What a session row shows of the session itself, the same for a one-to-one and a group meeting. */
const SESSION_FIELDS = `s.id AS "sessionId", ${SESSION_DATE} AS date, s.starts_at AS "sortAt",
            to_char(${LONDON('s.starts_at')}, 'HH24:MI') AS "startsAt", to_char(${LONDON('s.ends_at')}, 'HH24:MI') AS "endsAt",
            s.ends_at AS "endedAt", round(extract(epoch FROM s.ends_at - s.starts_at) / 60) AS "bookedMinutes", st.type,
            sub.upn AS "superviseeUpn", sub.name AS "superviseeName", sub.role AS "superviseeRole", sub.team AS "superviseeTeam",
            sub.policy AS "superviseePolicy", sup.upn AS "supervisorUpn", sup.name AS "supervisorName",
            s.record->>'heldOn' AS "heldOn",
            CASE WHEN jsonb_typeof(s.record->'durationMinutes') = 'number' THEN (s.record->>'durationMinutes')::integer END AS "minutesHeld",
            CASE WHEN jsonb_typeof(s.record->'parts') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(s.record->'parts')) ELSE '{}'::text[] END AS parts,
            s.record->>'nextDate' AS "nextDate", s.record_location AS "recordLocation",
            coalesce(s.record ? 'importedFrom', false) AS imported,
            rec.upn AS "recordedByUpn",
            to_char(${LONDON('s.recorded_at')}, 'YYYY-MM-DD HH24:MI') AS "recordedAt",
            to_char(${LONDON('s.recorded_at')}, 'YYYY-MM-DD') AS "recordedOn",
            s.observed, ls.how AS "lostHow", lby.upn AS "lostByUpn", ls.replaced_by::text AS "replacedBy",
            so.outcome AS "signOff", to_char(so.requested_on, 'YYYY-MM-DD') AS "signOffAskedOn",
            to_char(${LONDON('so.signed_at')}, 'YYYY-MM-DD HH24:MI') AS "signedOffAt"`;

export async function listExportSessions(
  sql: Sql,
  personIds: readonly number[] | null,
  range: ExportRange,
): Promise<ExportSessionRow[]> {
  const rows = await sql.query<
    ExportSessionRow & { sessionId: string; bookedMinutes: string | null; sortAt: Date | null }
  >(
    `SELECT * FROM (
     SELECT ${SESSION_FIELDS},
            -- A type the meeting did not cover (migration 024): not held, for that type.
            CASE WHEN s.status = 'held' AND st.type = ANY(s.not_covered) THEN 'not-held' ELSE s.status END AS status,
            CASE WHEN s.status = 'held' AND st.type = ANY(s.not_covered) THEN 'not-covered'
                 ELSE coalesce(s.not_held_reason, ls.reason) END AS "notHeldReason",
            ARRAY(SELECT c.reference FROM case_discussions d JOIN child_cases c ON c.id = d.case_id
                   WHERE d.session_id = s.id ORDER BY c.reference) AS "caseReferences",
            NULL::text AS "groupName"
       FROM sessions s
       -- One meeting for several types (migration 018): a row for each type it was booked for,
       -- those its record says it did not cover included (migration 024).
       CROSS JOIN LATERAL unnest(array_prepend(s.type, s.also_types) || s.not_covered) AS st(type)
       JOIN relationships r ON r.id = s.relationship_id
       JOIN people sub ON sub.id = r.supervisee_id
       JOIN people sup ON sup.id = ${sessionSupervisorId('s', 'r')}
       LEFT JOIN people rec ON rec.id = s.recorded_by
       -- The supervisee's sign-off of the record (migration 026).
       LEFT JOIN record_sign_offs so ON so.session_id = s.id AND so.supervisee_id = sub.id
       -- What was lost, by whom, and what replaced it (migration 028).
       LEFT JOIN lost_sessions ls ON ls.session_id = s.id
       LEFT JOIN people lby ON lby.id = ls.lost_by_id
      WHERE ${IN_SCOPE} AND ${IN_RANGE}
     UNION ALL
     -- A group meeting, one row per member (docs/roster.md#groups): once recorded, those the record
     -- names, each held or absent; before, the group's members now. Each row's cases are the member's own.
     SELECT ${SESSION_FIELDS},
            CASE WHEN s.status = 'held' AND NOT p.attended THEN 'not-held' ELSE s.status END,
            CASE WHEN s.status = 'held' AND NOT p.attended THEN 'absent' ELSE s.not_held_reason END,
            ARRAY(SELECT c.reference FROM case_discussions d JOIN child_cases c ON c.id = d.case_id
                   WHERE d.session_id = s.id AND c.worker_id = sub.id ORDER BY c.reference),
            g.name
       FROM sessions s
       CROSS JOIN LATERAL unnest(array_prepend(s.type, s.also_types)) AS st(type)
       JOIN supervision_groups g ON g.id = s.group_id
       CROSS JOIN LATERAL (
             SELECT a.person_id, a.attended FROM session_attendance a WHERE a.session_id = s.id
             UNION ALL
             SELECT m.person_id, false FROM supervision_group_members m
              WHERE m.group_id = g.id AND NOT EXISTS (SELECT 1 FROM session_attendance a2 WHERE a2.session_id = s.id)) p
       JOIN people sub ON sub.id = p.person_id
       JOIN people sup ON sup.id = ${groupOrganiserId('g')}
       LEFT JOIN people rec ON rec.id = s.recorded_by
       -- The supervisee's sign-off of the record (migration 026).
       LEFT JOIN record_sign_offs so ON so.session_id = s.id AND so.supervisee_id = sub.id
       -- What was lost, by whom, and what replaced it (migration 028).
       LEFT JOIN lost_sessions ls ON ls.session_id = s.id
       LEFT JOIN people lby ON lby.id = ls.lost_by_id
      WHERE ($1::bigint[] IS NULL OR sub.id = ANY($1::bigint[])) AND ${IN_RANGE}) x
      ORDER BY date, "sortAt", "sessionId", "superviseeUpn", type`,
    [personIds, range.from, range.to],
  );
  // sortAt stays on the row (only the CSV columns are read from it).
  return rows.map((row) => ({
    ...row,
    sessionId: Number(row.sessionId),
    bookedMinutes: row.bookedMinutes === null ? null : Number(row.bookedMinutes),
  }));
}

export async function listExportActions(
  sql: Sql,
  personIds: readonly number[] | null,
  range: ExportRange,
): Promise<ExportActionRow[]> {
  const rows = await sql.query<ExportActionRow & { actionId: string; sessionId: string }>(
    `SELECT a.id AS "actionId", s.id AS "sessionId", ${SESSION_DATE} AS "sessionDate",
            sub.upn AS "superviseeUpn", sub.name AS "superviseeName", a.text,
            o.upn AS "ownerUpn", o.name AS "ownerName", a.due_on AS "dueOn", a.review_on AS "reviewOn", a.done_on AS "doneOn"
       FROM actions a
       JOIN sessions s ON s.id = a.session_id
       JOIN relationships r ON r.id = s.relationship_id
       JOIN people sub ON sub.id = r.supervisee_id
       JOIN people o ON o.id = a.owner_id
      WHERE ${IN_SCOPE} AND ${IN_RANGE}
      ORDER BY 3, s.starts_at, s.id, a.id`,
    [personIds, range.from, range.to],
  );
  return rows.map((row) => ({
    ...row,
    actionId: Number(row.actionId),
    sessionId: Number(row.sessionId),
  }));
}

/** Every supervisory relationship of the people that ran at some time in the range. */
export async function listExportAgreements(
  sql: Sql,
  personIds: readonly number[] | null,
  range: ExportRange,
): Promise<ExportAgreementRow[]> {
  const rows = await sql.query<ExportAgreementRow & { relationshipId: string }>(
    `SELECT r.id AS "relationshipId", sub.upn AS "superviseeUpn", sub.name AS "superviseeName", sub.role AS "superviseeRole",
            sub.team AS "superviseeTeam", sub.policy AS "superviseePolicy", sup.upn AS "supervisorUpn", sup.name AS "supervisorName",
            r.from_on AS "fromOn", r.to_on AS "toOn", r.agreement_signed_on AS "signedOn", r.agreement_reviewed_on AS "reviewedOn"
       FROM relationships r
       JOIN people sub ON sub.id = r.supervisee_id
       JOIN people sup ON sup.id = r.supervisor_id
      WHERE ${IN_SCOPE} AND r.from_on <= $3::date AND (r.to_on IS NULL OR r.to_on >= $2::date)
      ORDER BY lower(sub.upn), r.from_on, r.id`,
    [personIds, range.from, range.to],
  );
  return rows.map((row) => ({ ...row, relationshipId: Number(row.relationshipId) }));
}
