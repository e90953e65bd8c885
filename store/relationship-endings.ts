/**
 * Relationships ended by a roster import whose Outlook series are still to
 * be ended (migration 012). The import withdraws the future sessions and
 * queues the ending in its own transaction; `supervision/relationship-ending.ts`
 * ends the series in Outlook and, once that has landed, settles the row and
 * queues the two Teams messages in one transaction.
 */
import type { EndingStore, OutboxMessage, PendingEnding, PersonRef } from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Database, Sql } from './database.ts';
import { outboxStore } from './outbox.ts';

const LONDON_DATE = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/**
 * Cancels the relationship's sessions after its last day (`relationships.to_on`),
 * each with the reason `relationship-ended` and an audit row, and queues the
 * ending of its Outlook series. Run it in the import's transaction, after
 * `endRelationship`. A second call for the same relationship changes nothing.
 * Returns how many sessions were withdrawn.
 */
export async function queueEnding(
  sql: Sql,
  relationshipId: number,
  successorId: number | null,
  actor: string,
): Promise<number> {
  const withdrawn = await sql.query<{ id: string; startsAt: Date; inOutlook: boolean }>(
    `UPDATE sessions s SET status = 'cancelled', move_reason = 'relationship-ended'
       FROM relationships r
      WHERE r.id = $1 AND s.relationship_id = r.id AND s.status IN ('planned', 'booked')
        AND s.starts_at IS NOT NULL AND ${LONDON_DATE('s.starts_at')} > r.to_on
      RETURNING s.id, s.starts_at AS "startsAt", s.calendar_event_id IS NOT NULL AS "inOutlook"`,
    [relationshipId],
  );
  for (const session of withdrawn) {
    await writeAudit(sql, {
      actor,
      action: 'session.cancelled',
      entity: 'session',
      entityId: Number(session.id),
      detail: { reason: 'relationship-ended', relationship: relationshipId },
    });
  }
  const inOutlook = withdrawn
    .filter((s) => s.inOutlook)
    .map((s) => new Date(s.startsAt).toISOString());
  await sql.query(
    `INSERT INTO relationship_endings (relationship_id, ended_on, successor_id, withdrawn)
     SELECT id, to_on, $2, $3::timestamptz[] FROM relationships WHERE id = $1 AND to_on IS NOT NULL
     ON CONFLICT (relationship_id) DO NOTHING`,
    [relationshipId, successorId, inOutlook.sort()],
  );
  return withdrawn.length;
}

/** A person as json_build_object gives them: bigint ids come back as text from PostgreSQL. */
type RawPerson = Omit<PersonRef, 'id'> & { id: string | number };

/** How long a run holds the endings it claimed: far longer than Outlook's answers take, short enough to retry the same day. */
const CLAIM_MINUTES = 15;

/**
 * Claims the pending endings no other run holds, and reads them. A run that
 * dies lets go when its claim lapses; `finishEnding` and `failEnding` let go at once.
 */
export async function pendingEndings(sql: Sql): Promise<PendingEnding[]> {
  const rows = await sql.query<
    Omit<
      PendingEnding,
      'relationshipId' | 'withdrawn' | 'supervisor' | 'supervisee' | 'successor'
    > & {
      relationshipId: string;
      withdrawn: (string | Date)[];
      supervisor: RawPerson;
      supervisee: RawPerson;
      successor: RawPerson | null;
    }
  >(
    `WITH claimed AS (
       UPDATE relationship_endings SET claimed_until = now() + make_interval(mins => ${CLAIM_MINUTES})
        WHERE relationship_id IN (SELECT relationship_id FROM relationship_endings
                                   WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < now())
                                   FOR UPDATE SKIP LOCKED)
        RETURNING *)
     SELECT e.relationship_id AS "relationshipId", e.ended_on::text AS "endedOn", e.withdrawn,
            json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
            json_build_object('id', p.id, 'upn', p.upn, 'name', p.name) AS supervisee,
            CASE WHEN ns.id IS NULL THEN NULL ELSE json_build_object('id', ns.id, 'upn', ns.upn, 'name', ns.name) END AS successor,
            (SELECT coalesce(json_agg(json_build_object('calendarSeriesId', b.calendar_series_id, 'everyWeeks', b.every_weeks,
                      'weekday', b.weekday, 'firstOn', b.first_on::text) ORDER BY b.id), '[]'::json)
               FROM booking_series b WHERE b.relationship_id = e.relationship_id AND b.calendar_series_id IS NOT NULL) AS series,
            ARRAY(SELECT sup.upn
                  UNION SELECT o.upn FROM booking_series b JOIN people o ON o.id = b.organiser_id
                         WHERE b.relationship_id = e.relationship_id AND b.calendar_series_id IS NOT NULL) AS organisers
       FROM claimed e
       JOIN relationships r ON r.id = e.relationship_id
       JOIN people sup ON sup.id = r.supervisor_id
       JOIN people p ON p.id = r.supervisee_id
       LEFT JOIN relationships nr ON nr.id = e.successor_id
       LEFT JOIN people ns ON ns.id = nr.supervisor_id
      ORDER BY e.relationship_id`,
  );
  const ref = (p: RawPerson): PersonRef => ({ ...p, id: Number(p.id) });
  return rows.map((row) => ({
    ...row,
    relationshipId: Number(row.relationshipId),
    supervisor: ref(row.supervisor),
    supervisee: ref(row.supervisee),
    successor: row.successor && ref(row.successor),
    withdrawn: parseTimestamps(row.withdrawn),
  }));
}

/** A timestamptz[] as node-postgres (an array) or PGlite (possibly the text form) hands it back. */
function parseTimestamps(value: (string | Date)[] | string): Date[] {
  const items =
    typeof value === 'string'
      ? value
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean)
          .map((s) => s.replace(/^"|"$/g, ''))
      : value;
  return items.map((item) => new Date(item));
}

/** The series are ended in Outlook: settle the ending and queue its messages, together. */
export async function finishEnding(
  db: Database,
  relationshipId: number,
  detail: Record<string, unknown>,
  messages: readonly OutboxMessage[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const settled = await tx.query(
      `UPDATE relationship_endings SET status = 'done', done_at = now(), attempts = attempts + 1, last_error = NULL, claimed_until = NULL
        WHERE relationship_id = $1 AND status = 'pending' RETURNING 1`,
      [relationshipId],
    );
    if (settled.length === 0) return; // another run settled it first
    await outboxStore(tx).enqueue(messages);
    await writeAudit(tx, {
      actor: 'job:relationship-ending',
      action: 'relationship.outlook-ended',
      entity: 'relationship',
      entityId: relationshipId,
      detail,
    });
  });
}

/** Outlook did not take it all: keep it pending for the next run, saying why. */
export async function failEnding(sql: Sql, relationshipId: number, reason: string): Promise<void> {
  await sql.query(
    `UPDATE relationship_endings SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE relationship_id = $1 AND status = 'pending'`,
    [relationshipId, reason],
  );
}

/** The `EndingStore` port of `supervision/relationship-ending.ts` over SQL. */
export function endingStore(db: Database): EndingStore {
  return {
    pendingEndings: () => pendingEndings(db),
    finishEnding: (relationshipId, detail, messages) =>
      finishEnding(db, relationshipId, detail, messages),
    failEnding: (relationshipId, reason) => failEnding(db, relationshipId, reason),
  };
}
