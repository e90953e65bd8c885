/**
 * What "who is overdue?" and compliance read: everyone below a manager in the
 * management chain, their current supervision, a summary of their sessions,
 * sessions ended but not recorded, and the open cases they hold. A handful of
 * set-based queries, whatever the size of the team.
 *
 * Session dates are taken in Europe/London: a session at 23:30 UTC on 30 June
 * was held on 1 July.
 */
import type {
  AwaitingSignOff,
  HeldSession,
  RecordedSession,
  SignOffAsked,
  ObservationStreak,
  OpenCase,
  SessionSummary,
  TeamMember,
  UnrecordedSession,
} from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { groupOrganiserId } from './group-sql.ts';

const LONDON_DATE = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/** The manager, or undefined when no one has that UPN. */
export async function findPersonByUpn(
  sql: Sql,
  upn: string,
): Promise<{ id: number; upn: string; name: string } | undefined> {
  const [row] = await sql.query<{ id: string; upn: string; name: string }>(
    'SELECT id, upn, name FROM people WHERE lower(upn) = lower($1)',
    [upn],
  );
  return row && { ...row, id: Number(row.id) };
}

/**
 * A person's current supervision as the overdue view reads it, from `p`
 * (the person), `r` (the relationship), `s` (the supervisor).
 */
export const MEMBER_SUPERVISION = `p.started_on AS "startedOn", p.approved_on AS "approvedOn",
            r.from_on AS "relationshipFrom",
            s.upn AS "supervisorUpn", s.name AS "supervisorName", r.types,
            r.agreed_periods AS "agreedPeriods", r.agreed_frequency AS "agreedFrequency",
            r.agreement_signed_on AS "agreementSignedOn", r.agreement_reviewed_on AS "agreementReviewedOn",
            r.agreement_changed_on AS "agreementChangedOn"`;

/**
 * The groups the person `p` is in, as `[{type, sinceOn}]` (null when none):
 * a type the policy sets per team is judged from them (supervision/overdue.ts).
 */
export const MEMBER_GROUPS = `(SELECT json_agg(json_build_object(
                 'type', g.type, 'sinceOn', g.since_on, 'id', g.id, 'name', g.name,
                 'organiser', (SELECT json_build_object('id', o.id, 'usesTeams', o.uses_teams)
                                 FROM people o WHERE o.id = ${groupOrganiserId('g')})))
               FROM supervision_group_members gm JOIN supervision_groups g ON g.id = gm.group_id
              WHERE gm.person_id = p.id) AS groups`;

/** Everyone below `managerId` in the management chain, with their current supervision. */
export async function listTeamBelow(sql: Sql, managerId: number): Promise<TeamMember[]> {
  const rows = await sql.query<TeamMember & { id: string }>(
    `WITH RECURSIVE below AS (
       SELECT id FROM people WHERE manager_id = $1
       UNION
       SELECT p.id FROM people p JOIN below b ON p.manager_id = b.id
     )
     SELECT p.id, p.upn, p.name, p.role, p.policy, p.team, ${MEMBER_SUPERVISION}, ${MEMBER_GROUPS}
       FROM below b
       JOIN people p ON p.id = b.id
       LEFT JOIN relationships r ON r.supervisee_id = p.id AND r.to_on IS NULL
       LEFT JOIN people s ON s.id = r.supervisor_id`,
    [managerId],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
  }));
}

/** The supervisor's current supervisees as the overdue view reads people. */
export async function listSupervisedBy(
  sql: Sql,
  supervisorId: number,
  on: string,
): Promise<TeamMember[]> {
  const rows = await sql.query<TeamMember & { id: string }>(
    // The relationships where they hold some types, found from the two indexes first: judging
    // every current relationship's types would cost the director's overdue 40–50 % (bench/overdue.ts).
    `WITH some_types AS MATERIALIZED (
       SELECT r.id FROM relationships r WHERE r.alternate_id = $1 AND r.to_on IS NULL
       UNION
       SELECT ts.relationship_id FROM relationship_type_supervisors ts WHERE ts.supervisor_id = $1)
     -- Their own supervisees, and on a day they cover someone away, that supervisor's: in both,
     -- they are the one to act, so they are shown as the supervisor.
     -- (Two branches, each served by an index: one OR would read every relationship.)
     SELECT p.id, p.upn, p.name, p.role, p.policy, p.team, ${MEMBER_SUPERVISION}, ${MEMBER_GROUPS},
            false AS "typesOnly", false AS covering
       FROM relationships r
       JOIN people p ON p.id = r.supervisee_id
       JOIN people s ON s.id = $1
      WHERE r.supervisor_id = $1 AND r.to_on IS NULL
     UNION ALL
     SELECT p.id, p.upn, p.name, p.role, p.policy, p.team, ${MEMBER_SUPERVISION}, ${MEMBER_GROUPS},
            false AS "typesOnly", true AS covering
       FROM cover_periods cp
       JOIN relationships r ON r.supervisor_id = cp.supervisor_id AND r.to_on IS NULL
       JOIN people p ON p.id = r.supervisee_id
       JOIN people s ON s.id = $1
      WHERE cp.cover_id = $1 AND $2::date BETWEEN cp.from_on AND cp.to_on AND r.supervisee_id <> $1
     UNION ALL
     -- Those they supervise for some types only, as a type's own supervisor or an alternate
     -- (docs/roster.md#a-supervisor-per-type): with those types, and themselves as the supervisor.
     SELECT p.id, p.upn, p.name, p.role, p.policy, p.team, ${MEMBER_SUPERVISION.replace('r.types', 'theirs.types')},
            NULL::json AS groups, true AS "typesOnly", false AS covering
       FROM some_types
       JOIN relationships r ON r.id = some_types.id
       JOIN people p ON p.id = r.supervisee_id
       JOIN people s ON s.id = $1
       CROSS JOIN LATERAL (SELECT ARRAY(
           SELECT t FROM unnest(r.types) AS t
            WHERE EXISTS (SELECT 1 FROM relationship_type_supervisors ts
                           WHERE ts.relationship_id = r.id AND ts.type = t AND ts.supervisor_id = $1)
               OR (r.alternate_id = $1 AND t = ANY(r.alternate_types))) AS types) theirs
      WHERE r.to_on IS NULL AND r.supervisor_id <> $1 AND cardinality(theirs.types) > 0
      ORDER BY name`,
    [supervisorId, on],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** Per person and type: the last held session (under any supervisor) and the next one booked. */
export async function summariseSessions(
  sql: Sql,
  personIds: number[],
  now: Date,
): Promise<SessionSummary[]> {
  const rows = await sql.query<SessionSummary & { personId: string }>(
    `SELECT x.person_id AS "personId", x.type,
            -- The latest instant is on the latest London day: convert once per group, not per row.
            ${LONDON_DATE("max(x.starts_at) FILTER (WHERE x.status = 'held')")} AS "lastHeldOn",
            ${LONDON_DATE("min(x.starts_at) FILTER (WHERE x.status IN ('planned', 'booked') AND x.starts_at >= $2)")} AS "nextBookedOn"
       FROM (-- A session covers its type and any it shares the meeting with (migration 018).
             SELECT r.supervisee_id AS person_id, st.type, s.status, s.starts_at
               FROM sessions s
               JOIN relationships r ON r.id = s.relationship_id
              CROSS JOIN LATERAL unnest(array_prepend(s.type, s.also_types)) AS st(type)
              WHERE r.supervisee_id = ANY($1::bigint[]) AND s.status IN ('held', 'planned', 'booked')
             UNION ALL
             -- A group's meetings: booked ones for every member; a held one only for those who attended.
             SELECT gm.person_id, s.type, s.status, s.starts_at
               FROM supervision_group_members gm
               JOIN sessions s ON s.group_id = gm.group_id
              WHERE gm.person_id = ANY($1::bigint[]) AND (
                    s.status IN ('planned', 'booked') OR (s.status = 'held' AND EXISTS (
                      SELECT 1 FROM session_attendance a
                       WHERE a.session_id = s.id AND a.person_id = gm.person_id AND a.attended)))) x
      GROUP BY x.person_id, x.type`,
    [personIds, now],
  );
  return rows.map((row) => ({ ...row, personId: Number(row.personId) }));
}

/** Sessions that have ended but are neither recorded nor cancelled. */
export async function listUnrecorded(
  sql: Sql,
  personIds: number[],
  now: Date,
): Promise<UnrecordedSession[]> {
  const rows = await sql.query<UnrecordedSession & { sessionId: string; personId: string }>(
    `SELECT s.id AS "sessionId", r.supervisee_id AS "personId", s.type, ${LONDON_DATE('s.starts_at')} AS "heldOn"
       FROM sessions s
       JOIN relationships r ON r.id = s.relationship_id
      WHERE r.supervisee_id = ANY($1::bigint[]) AND s.status IN ('planned', 'booked') AND s.ends_at < $2`,
    [personIds, now],
  );
  return rows.map((row) => ({
    ...row,
    sessionId: Number(row.sessionId),
    personId: Number(row.personId),
  }));
}

/** Held sessions' records these people have not signed off (migration 026). */
export async function listAwaitingSignOff(
  sql: Sql,
  personIds: number[],
): Promise<AwaitingSignOff[]> {
  const rows = await sql.query<
    Omit<AwaitingSignOff, 'version'> & { sessionId: string; personId: string; recordAt: Date }
  >(
    `SELECT o.session_id AS "sessionId", o.supervisee_id AS "personId", s.type,
            ${LONDON_DATE('s.starts_at')} AS "heldOn", to_char(o.requested_on, 'YYYY-MM-DD') AS "requestedOn",
            o.record_at AS "recordAt"
       FROM record_sign_offs o
       JOIN sessions s ON s.id = o.session_id
      WHERE o.supervisee_id = ANY($1::bigint[]) AND o.outcome IS NULL AND s.status = 'held'`,
    [personIds],
  );
  return rows.map(({ recordAt, ...row }) => ({
    ...row,
    sessionId: Number(row.sessionId),
    personId: Number(row.personId),
    version: recordAt.getTime(),
  }));
}

/**
 * Held sessions of `types` whose records said whether they were an
 * observation of practice (migration 027), per person and type: the last
 * that was, and the dates of those since that were not.
 */
export async function listObservationStreaks(
  sql: Sql,
  personIds: number[],
  types: string[],
): Promise<ObservationStreak[]> {
  if (types.length === 0 || personIds.length === 0) return [];
  const rows = await sql.query<ObservationStreak & { personId: string }>(
    `WITH asked AS (
       SELECT r.supervisee_id AS person_id, t.type, s.starts_at, s.observed
         FROM sessions s
         JOIN relationships r ON r.id = s.relationship_id
         CROSS JOIN LATERAL unnest(array_prepend(s.type, s.also_types)) AS t(type)
        WHERE r.supervisee_id = ANY($1::bigint[]) AND t.type = ANY($2::text[])
          AND s.status = 'held' AND s.observed IS NOT NULL
     ), last AS (
       SELECT person_id, type, max(starts_at) FILTER (WHERE observed) AS last_at FROM asked GROUP BY 1, 2
     )
     SELECT a.person_id AS "personId", a.type,
            to_char(${LONDON_DATE('l.last_at')}, 'YYYY-MM-DD') AS "lastObservedOn",
            coalesce(array_agg(to_char(${LONDON_DATE('a.starts_at')}, 'YYYY-MM-DD') ORDER BY a.starts_at)
                       FILTER (WHERE NOT a.observed AND (l.last_at IS NULL OR a.starts_at > l.last_at)), '{}') AS "unobservedOn"
       FROM asked a JOIN last l ON l.person_id = a.person_id AND l.type = a.type
      GROUP BY a.person_id, a.type, l.last_at`,
    [personIds, types],
  );
  return rows.map((row) => ({ ...row, personId: Number(row.personId) }));
}

/** Open cases held by these workers, with the date each was last discussed in a held session. */
export async function listOpenCases(sql: Sql, workerIds: number[]): Promise<OpenCase[]> {
  const rows = await sql.query<OpenCase & { caseId: string; workerId: string }>(
    `SELECT c.id AS "caseId", c.reference, c.status, c.since_on AS "sinceOn", c.worker_id AS "workerId",
            GREATEST(max(${LONDON_DATE('s.starts_at')}), c.discussed_before_cadence_on) AS "lastDiscussedOn"
       FROM child_cases c
       LEFT JOIN case_discussions d ON d.case_id = c.id
       LEFT JOIN sessions s ON s.id = d.session_id AND s.status = 'held'
      WHERE c.worker_id = ANY($1::bigint[]) AND c.closed_on IS NULL
      GROUP BY c.id`,
    [workerIds],
  );
  return rows.map((row) => ({
    ...row,
    caseId: Number(row.caseId),
    workerId: Number(row.workerId),
  }));
}

/**
 * Held sessions on or after `from`, plus for each person and type the last
 * one before it (so a period can be judged from its first day).
 */
export async function listHeldSince(
  sql: Sql,
  personIds: number[],
  from: string,
): Promise<HeldSession[]> {
  const rows = await sql.query<HeldSession & { personId: string }>(
    `WITH held AS NOT MATERIALIZED (
       SELECT r.supervisee_id AS person_id, st.type, s.starts_at, s.record ? 'importedFrom' AS imported
         FROM sessions s JOIN relationships r ON r.id = s.relationship_id
        CROSS JOIN LATERAL unnest(array_prepend(s.type, s.also_types)) AS st(type)
        WHERE r.supervisee_id = ANY($1::bigint[]) AND s.status = 'held'
       UNION ALL
       -- A group meeting counts for the members who came (docs/roster.md#groups).
       SELECT a.person_id, s.type, s.starts_at, false
         FROM session_attendance a JOIN sessions s ON s.id = a.session_id
        WHERE a.person_id = ANY($1::bigint[]) AND a.attended AND s.status = 'held')
     SELECT person_id AS "personId", type, ${LONDON_DATE('starts_at')} AS "heldOn", imported
       FROM held WHERE ${LONDON_DATE('starts_at')} >= $2::date
     UNION ALL
     (SELECT DISTINCT ON (person_id, type) person_id, type, ${LONDON_DATE('starts_at')}, imported
        FROM held WHERE ${LONDON_DATE('starts_at')} < $2::date
       ORDER BY person_id, type, starts_at DESC)`,
    [personIds, from],
  );
  return rows.map((row) => ({ ...row, personId: Number(row.personId) }));
}

/** Held sessions from `from` whose record was written in Cadence (an import's marker is not a record), with the London day it was. */
export async function listRecordedSince(
  sql: Sql,
  personIds: number[],
  from: string,
): Promise<RecordedSession[]> {
  const rows = await sql.query<RecordedSession & { personId: string }>(
    `SELECT r.supervisee_id AS "personId", ${LONDON_DATE('s.starts_at')} AS "heldOn", ${LONDON_DATE('s.recorded_at')} AS "recordedOn"
       FROM sessions s JOIN relationships r ON r.id = s.relationship_id
      WHERE r.supervisee_id = ANY($1::bigint[]) AND s.status = 'held' AND s.recorded_at IS NOT NULL
        AND NOT COALESCE(s.record ? 'importedFrom', false) AND ${LONDON_DATE('s.starts_at')} >= $2::date`,
    [personIds, from],
  );
  return rows.map((row) => ({ ...row, personId: Number(row.personId) }));
}

/** Sign-offs asked from `from` (migration 026), each once per version of its record, answered or not. */
export async function listSignOffsSince(
  sql: Sql,
  personIds: number[],
  from: string,
): Promise<SignOffAsked[]> {
  const rows = await sql.query<SignOffAsked & { personId: string }>(
    `SELECT o.supervisee_id AS "personId", to_char(o.requested_on, 'YYYY-MM-DD') AS "requestedOn", o.outcome IS NOT NULL AS answered
       FROM record_sign_offs o JOIN sessions s ON s.id = o.session_id
      WHERE o.supervisee_id = ANY($1::bigint[]) AND s.status = 'held' AND o.requested_on >= $2::date`,
    [personIds, from],
  );
  return rows.map((row) => ({ ...row, personId: Number(row.personId) }));
}
