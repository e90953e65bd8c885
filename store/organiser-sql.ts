/**
 * SQL pieces for who organises and who supervises a session, so each rule is
 * written once (docs/roster.md#cover). `s` is a sessions row and `r` its
 * relationship.
 */

/** Whose calendar holds the session: its organiser when set (a cover, an alternate supervisor), else the relationship's supervisor. */
export const sessionOrganiserId = (s: string, r: string) =>
  `coalesce(${s}.organiser_id, ${r}.supervisor_id)`;

/**
 * Who is the session's supervisor for prompts and the record: whoever covers
 * its organiser on the session's London date (the latest cover set, if two
 * were), else the organiser.
 */
export const sessionSupervisorId = (s: string, r: string) => {
  const organiser = sessionOrganiserId(s, r);
  return `coalesce((SELECT cp.cover_id FROM cover_periods cp
                     WHERE cp.supervisor_id = ${organiser}
                       AND (${s}.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN cp.from_on AND cp.to_on
                     ORDER BY cp.id DESC LIMIT 1),
                   ${organiser})`;
};

/**
 * Ids of the sessions matching `where` (on `s` alone) that `person` may be
 * the supervisor of: the relationship's supervisor's, the ones they organise,
 * and those of whoever they cover, as a UNION of selects (put it inside
 * `IN (…)`, or add a branch). Each branch is served by an index, so a query
 * filters with this before deciding with {@link sessionSupervisorId}.
 */
export const sessionsPossiblySupervisedBy = (person: string, where: string) =>
  `SELECT s.id FROM relationships r JOIN sessions s ON s.relationship_id = r.id WHERE r.supervisor_id = ${person} AND ${where}
    UNION SELECT s.id FROM sessions s WHERE s.organiser_id = ${person} AND ${where}
    UNION SELECT s.id FROM cover_periods cp JOIN relationships r ON r.supervisor_id = cp.supervisor_id
            JOIN sessions s ON s.relationship_id = r.id WHERE cp.cover_id = ${person} AND ${where}
    UNION SELECT s.id FROM cover_periods cp JOIN sessions s ON s.organiser_id = cp.supervisor_id
           WHERE cp.cover_id = ${person} AND ${where}`;

/**
 * Who a late record of session `s` is escalated to, for its recorder `person` (a people row):
 * their manager, unless that manager is away (covered) on the session's London date, as when a
 * team manager's senior practitioner covers her; then the manager's own manager. One-to-ones
 * and group meetings alike (store/prompt-queries.ts).
 */
export const escalationManagerId = (person: string, s: string) =>
  `CASE WHEN EXISTS (SELECT 1 FROM cover_periods cp WHERE cp.supervisor_id = ${person}.manager_id
                       AND (${s}.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN cp.from_on AND cp.to_on)
        THEN (SELECT mm.manager_id FROM people mm WHERE mm.id = ${person}.manager_id)
        ELSE ${person}.manager_id END`;
