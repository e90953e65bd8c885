/** What reconciling Outlook's changes reads and writes: delta links, and booked sessions by their Outlook ids. */
import { writeAudit } from './audit.ts';
import type { Database } from './database.ts';

export interface SyncedSession {
  id: number;
  calendarEventId: string;
  relationshipId: number;
  type: string;
  startsAt: Date;
  endsAt: Date;
  dueOn: string | null;
  supervisorUpn: string;
  superviseeUpn: string;
  superviseeName: string;
}

/** Supervisors with booked sessions still to come, and each one's delta link if any. */
export async function mailboxesToSync(db: Database, now: Date): Promise<{ mailbox: string; deltaLink: string | null }[]> {
  const rows = await db.query<{ mailbox: string; deltaLink: string | null }>(
    `SELECT DISTINCT lower(sup.upn) AS mailbox, cs.delta_link AS "deltaLink"
       FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people sup ON sup.id = r.supervisor_id
       LEFT JOIN calendar_sync cs ON cs.mailbox = lower(sup.upn)
      WHERE s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $1
      ORDER BY 1`,
    [now],
  );
  return rows;
}

export async function bookedSessionsOf(db: Database, mailbox: string, now: Date): Promise<SyncedSession[]> {
  const rows = await db.query<SyncedSession & { id: string; relationshipId: string }>(
    `SELECT s.id, s.calendar_event_id AS "calendarEventId", s.relationship_id AS "relationshipId", s.type,
            s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.due_on AS "dueOn",
            sup.upn AS "supervisorUpn", p.upn AS "superviseeUpn", p.name AS "superviseeName"
       FROM sessions s JOIN relationships r ON r.id = s.relationship_id
       JOIN people sup ON sup.id = r.supervisor_id JOIN people p ON p.id = r.supervisee_id
      WHERE lower(sup.upn) = lower($1) AND s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $2`,
    [mailbox, now],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), relationshipId: Number(row.relationshipId) }));
}

/** The session was cancelled or declined in Outlook: it will not happen. */
export async function cancelFromOutlook(db: Database, sessionId: number, reason: 'cancelled-in-outlook' | 'declined-in-outlook'): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE sessions SET status = 'cancelled', move_reason = $2 WHERE id = $1 AND status = 'booked'`, [sessionId, reason]);
    await writeAudit(tx, { actor: 'outlook', action: `session.${reason}`, entity: 'session', entityId: sessionId });
  });
}

/** Someone moved the session in Outlook: Cadence follows. */
export async function moveFromOutlook(db: Database, sessionId: number, startsAt: Date, endsAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE sessions SET starts_at = $2, ends_at = $3, move_reason = 'moved-in-outlook' WHERE id = $1`, [sessionId, startsAt, endsAt]);
    await writeAudit(tx, { actor: 'outlook', action: 'session.moved-in-outlook', entity: 'session', entityId: sessionId, detail: { startsAt } });
  });
}

export async function saveDeltaLink(db: Database, mailbox: string, deltaLink: string): Promise<void> {
  await db.query(
    `INSERT INTO calendar_sync (mailbox, delta_link) VALUES ($1, $2)
     ON CONFLICT (mailbox) DO UPDATE SET delta_link = EXCLUDED.delta_link, synced_at = now()`,
    [mailbox.toLowerCase(), deltaLink],
  );
}

export function reconcileStore(db: Database) {
  return {
    mailboxesToSync: (now: Date) => mailboxesToSync(db, now),
    bookedSessionsOf: (mailbox: string, now: Date) => bookedSessionsOf(db, mailbox, now),
    cancelFromOutlook: (sessionId: number, reason: 'cancelled-in-outlook' | 'declined-in-outlook') => cancelFromOutlook(db, sessionId, reason),
    moveFromOutlook: (sessionId: number, startsAt: Date, endsAt: Date) => moveFromOutlook(db, sessionId, startsAt, endsAt),
    saveDeltaLink: (mailbox: string, deltaLink: string) => saveDeltaLink(db, mailbox, deltaLink),
  };
}
