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
