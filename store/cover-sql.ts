/**
 * SQL pieces for cover (docs/roster.md#cover), so each rule is written once.
 * `s` is a sessions row and `r` its relationship.
 */

/** Whose calendar holds the session: the cover's for a session booked with the cover, else the supervisor's. */
export const sessionOrganiserId = (s: string, r: string) =>
  `coalesce(${s}.cover_id, ${r}.supervisor_id)`;

/**
 * Who is the session's supervisor for prompts and the record: the cover it
 * was booked with; else whoever covers the supervisor on the session's
 * London date (the latest cover set, if two were); else the supervisor.
 */
export const sessionSupervisorId = (s: string, r: string) =>
  `coalesce(${s}.cover_id,
            (SELECT cp.cover_id FROM cover_periods cp
              WHERE cp.supervisor_id = ${r}.supervisor_id
                AND (${s}.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN cp.from_on AND cp.to_on
              ORDER BY cp.id DESC LIMIT 1),
            ${r}.supervisor_id)`;
