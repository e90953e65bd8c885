/**
 * Retention: removing supervision data older than the council keeps it. Run
 * inside one transaction (the caller's), so nothing is ever half-removed; a
 * second run with the same cut-off finds nothing more to remove.
 *
 * Removed, for a cut-off instant (the start of the cut-off day in London):
 * - sessions that ended before it (or, with no times, were due before the
 *   cut-off day), whatever their status, with their actions, cases discussed
 *   and agenda items;
 * - the earlier record versions the audit log keeps for those sessions'
 *   amendments (the entries stay, with ids and field names);
 * - booking series whose last date is before the cut-off day and that no
 *   remaining session belongs to;
 * - supervisory relationships (with their agreement dates) that ended before
 *   the cut-off day and that no remaining session or series belongs to;
 * - children's cases (references) closed before the cut-off day and no
 *   longer discussed in any remaining session.
 *
 * Kept: people (the roster is the council's to change), current and recent
 * relationships, open cases, the audit log's entries, conversation references.
 *
 * No foreign key in the schema cascades, so children go before parents.
 */
import type { Sql } from './database.ts';

export interface RetentionCounts {
  sessions: number;
  actions: number;
  caseDiscussions: number;
  agendaItems: number;
  auditRecordVersions: number;
  bookingSeries: number;
  relationships: number;
  childCases: number;
}

/** Sessions that ended before $1 (an instant); with no times, due before $2 (a date). */
const OLD_SESSIONS = `SELECT id FROM sessions
  WHERE coalesce(ends_at, starts_at) < $1::timestamptz OR (ends_at IS NULL AND starts_at IS NULL AND due_on < $2::date)`;

export async function removeSupervisionBefore(
  sql: Sql,
  cutoff: { instant: Date; date: string },
): Promise<RetentionCounts> {
  const both = [cutoff.instant, cutoff.date];
  const count = async (statement: string, params: unknown[] = both) =>
    Number(
      (
        await sql.query<{ n: string }>(
          `WITH gone AS (${statement} RETURNING 1) SELECT count(*) AS n FROM gone`,
          params,
        )
      )[0]!.n,
    );

  // An action kept elsewhere may say it was reviewed in a session going now: it keeps the action, loses the link.
  await sql.query(
    `UPDATE actions SET reviewed_in_session_id = NULL WHERE reviewed_in_session_id IN (${OLD_SESSIONS})`,
    both,
  );
  const actions = await count(`DELETE FROM actions WHERE session_id IN (${OLD_SESSIONS})`);
  const caseDiscussions = await count(
    `DELETE FROM case_discussions WHERE session_id IN (${OLD_SESSIONS})`,
  );
  const agendaItems = await count(`DELETE FROM agenda_items WHERE session_id IN (${OLD_SESSIONS})`);
  const auditRecordVersions = await count(
    `UPDATE audit_log SET detail = (detail - 'earlier') || jsonb_build_object('earlierRemovedBefore', $2::date)
      WHERE entity = 'session' AND detail ? 'earlier' AND entity_id IN (SELECT id::text FROM (${OLD_SESSIONS}) old)`,
  );
  const sessions = await count(`DELETE FROM sessions WHERE id IN (${OLD_SESSIONS})`);
  const day = [cutoff.date];
  const bookingSeries = await count(
    `DELETE FROM booking_series b WHERE b.last_on < $1::date
        AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.booking_series_id = b.id)`,
    day,
  );
  const relationships = await count(
    `DELETE FROM relationships r WHERE r.to_on < $1::date
        AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.relationship_id = r.id)
        AND NOT EXISTS (SELECT 1 FROM booking_series b WHERE b.relationship_id = r.id)`,
    day,
  );
  const childCases = await count(
    `DELETE FROM child_cases c WHERE c.closed_on < $1::date
        AND NOT EXISTS (SELECT 1 FROM case_discussions d WHERE d.case_id = c.id)`,
    day,
  );
  return {
    sessions,
    actions,
    caseDiscussions,
    agendaItems,
    auditRecordVersions,
    bookingSeries,
    relationships,
    childCases,
  };
}
