/** What reconciling Outlook's changes reads and writes: each mailbox's delta link, window and problem, and booked sessions by their Outlook ids. */
import { writeAudit } from './audit.ts';
import type {
  MailboxProblem,
  MailboxSync,
  ReconcileStore,
  SyncedSession,
} from '../supervision/index.ts';
import type { Database } from './database.ts';
import { groupOrganiserId } from './group-sql.ts';
import { noteLost } from './lost-sessions.ts';
import { sessionOrganiserId } from './organiser-sql.ts';

type ProblemKind = MailboxProblem['kind'];

/** Supervisors with booked sessions still to come: each one's link, window, last booked session and problem. */
export async function mailboxesToSync(db: Database, now: Date): Promise<MailboxSync[]> {
  const rows = await db.query<{
    mailbox: string;
    deltaLink: string | null;
    windowFrom: Date | null;
    windowTo: Date | null;
    lastEndsAt: Date;
    problem: ProblemKind | null;
    detail: string | null;
    since: Date | null;
    attempts: number;
    retryAfter: Date | null;
  }>(
    `SELECT m.mailbox, cs.delta_link AS "deltaLink", cs.window_from AS "windowFrom", cs.window_to AS "windowTo", m.last_ends_at AS "lastEndsAt",
            cs.problem, cs.problem_detail AS detail, cs.problem_since AS since, coalesce(cs.attempts, 0) AS attempts, cs.retry_after AS "retryAfter"
       FROM (SELECT mailbox, max(ends_at) AS last_ends_at FROM (
               SELECT lower(sup.upn) AS mailbox, s.ends_at
                 FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people sup ON sup.id = ${sessionOrganiserId('s', 'r')}
                WHERE s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $1
               UNION ALL
               -- A group's meetings are in whoever organises them (docs/roster.md#groups).
               SELECT lower(o.upn), s.ends_at
                 FROM sessions s JOIN supervision_groups g ON g.id = s.group_id JOIN people o ON o.id = ${groupOrganiserId('g')}
                WHERE s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $1) booked
              GROUP BY 1) m
       LEFT JOIN calendar_sync cs ON cs.mailbox = m.mailbox
      ORDER BY 1`,
    [now],
  );
  return rows.map(({ problem, detail, since, attempts, retryAfter, ...row }) => ({
    ...row,
    problem: problem
      ? {
          kind: problem,
          detail: detail ?? '',
          since: since ?? now,
          attempts: Number(attempts),
          retryAfter,
        }
      : null,
  }));
}

export async function bookedSessionsOf(
  db: Database,
  mailbox: string,
  now: Date,
): Promise<SyncedSession[]> {
  const rows = await db.query<
    SyncedSession & { id: string; relationshipId: string | null; groupId: string | null }
  >(
    `SELECT s.id, s.calendar_event_id AS "calendarEventId", bs.calendar_series_id AS "seriesId", s.relationship_id AS "relationshipId",
            NULL::bigint AS "groupId", s.type, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.due_on AS "dueOn",
            sup.upn AS "supervisorUpn", p.upn AS "superviseeUpn", p.name AS "superviseeName"
       FROM sessions s JOIN relationships r ON r.id = s.relationship_id
       JOIN people sup ON sup.id = ${sessionOrganiserId('s', 'r')} JOIN people p ON p.id = r.supervisee_id
       LEFT JOIN booking_series bs ON bs.id = s.booking_series_id
      WHERE lower(sup.upn) = lower($1) AND s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $2
     UNION ALL
     SELECT s.id, s.calendar_event_id, bs.calendar_series_id, NULL, g.id, s.type, s.starts_at, s.ends_at, s.due_on,
            o.upn, '', g.name
       FROM sessions s JOIN supervision_groups g ON g.id = s.group_id
       JOIN people o ON o.id = ${groupOrganiserId('g')}
       LEFT JOIN booking_series bs ON bs.id = s.booking_series_id
      WHERE lower(o.upn) = lower($1) AND s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $2`,
    [mailbox, now],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    relationshipId: row.relationshipId === null ? null : Number(row.relationshipId),
    groupId: row.groupId === null ? null : Number(row.groupId),
  }));
}

/** The session was cancelled or declined in Outlook: it will not happen. */
export async function cancelFromOutlook(
  db: Database,
  sessionId: number,
  reason: 'cancelled-in-outlook' | 'declined-in-outlook',
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE sessions SET status = 'cancelled', move_reason = $2 WHERE id = $1 AND status = 'booked'`,
      [sessionId, reason],
    );
    await writeAudit(tx, {
      actor: 'outlook',
      action: `session.${reason}`,
      entity: 'session',
      entityId: sessionId,
    });
  });
}

/** Someone moved the session in Outlook: Cadence follows. */
export async function moveFromOutlook(
  db: Database,
  sessionId: number,
  startsAt: Date,
  endsAt: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE sessions SET starts_at = $2, ends_at = $3, move_reason = 'moved-in-outlook' WHERE id = $1`,
      [sessionId, startsAt, endsAt],
    );
    await writeAudit(tx, {
      actor: 'outlook',
      action: 'session.moved-in-outlook',
      entity: 'session',
      entityId: sessionId,
      detail: { startsAt },
    });
  });
}

/** A round read to its end: the link to continue from, the window it covers, and the mailbox's problem cleared. */
export async function saveDeltaLink(
  db: Database,
  mailbox: string,
  deltaLink: string,
  window: { from: Date; to: Date },
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO calendar_sync (mailbox, delta_link, window_from, window_to, synced_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (mailbox) DO UPDATE SET delta_link = EXCLUDED.delta_link, window_from = EXCLUDED.window_from, window_to = EXCLUDED.window_to,
       synced_at = EXCLUDED.synced_at, problem = NULL, problem_detail = NULL, problem_since = NULL, attempts = 0, retry_after = NULL`,
    [mailbox.toLowerCase(), deltaLink, window.from, window.to, now],
  );
}

/** Outlook no longer has the link's state: the next round starts a new window. */
export async function dropDeltaLink(db: Database, mailbox: string): Promise<void> {
  await db.query(
    `UPDATE calendar_sync SET delta_link = NULL, window_from = NULL, window_to = NULL WHERE mailbox = $1`,
    [mailbox.toLowerCase()],
  );
}

/** The mailbox could not be reconciled: what and since when (kept while the same problem lasts), and when to try again. */
export async function recordProblem(
  db: Database,
  mailbox: string,
  problem: { kind: ProblemKind; detail: string },
  now: Date,
  retryAfter: Date | null,
): Promise<void> {
  await db.query(
    `INSERT INTO calendar_sync (mailbox, delta_link, problem, problem_detail, problem_since, attempts, retry_after, synced_at)
     VALUES ($1, NULL, $2, $3, $4, 1, $5, $4)
     ON CONFLICT (mailbox) DO UPDATE SET problem = EXCLUDED.problem, problem_detail = EXCLUDED.problem_detail,
       problem_since = CASE WHEN calendar_sync.problem = EXCLUDED.problem THEN calendar_sync.problem_since ELSE EXCLUDED.problem_since END,
       attempts = CASE WHEN calendar_sync.problem = EXCLUDED.problem THEN calendar_sync.attempts + 1 ELSE 1 END,
       retry_after = EXCLUDED.retry_after`,
    [mailbox.toLowerCase(), problem.kind, problem.detail, now, retryAfter],
  );
}

/** Mailboxes that could not be reconciled and still have sessions to come (a supervisor with none is no longer asked), for `cadence doctor`. */
export async function mailboxProblems(
  db: Database,
  now: Date,
): Promise<
  { mailbox: string; kind: ProblemKind; detail: string; since: Date; retryAfter: Date | null }[]
> {
  return db.query(
    `SELECT cs.mailbox, cs.problem AS kind, coalesce(cs.problem_detail, '') AS detail, cs.problem_since AS since, cs.retry_after AS "retryAfter"
       FROM calendar_sync cs
      WHERE cs.problem IS NOT NULL
        AND (EXISTS (SELECT 1 FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people sup ON sup.id = ${sessionOrganiserId('s', 'r')}
                      WHERE lower(sup.upn) = cs.mailbox AND s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $1)
          OR EXISTS (SELECT 1 FROM sessions s JOIN supervision_groups g ON g.id = s.group_id JOIN people o ON o.id = ${groupOrganiserId('g')}
                      WHERE lower(o.upn) = cs.mailbox AND s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.ends_at > $1))
      ORDER BY 1`,
    [now],
  );
}

export function reconcileStore(db: Database): ReconcileStore {
  return {
    mailboxesToSync: (now) => mailboxesToSync(db, now),
    bookedSessionsOf: (mailbox, now) => bookedSessionsOf(db, mailbox, now),
    cancelFromOutlook: (sessionId, reason) => cancelFromOutlook(db, sessionId, reason),
    moveFromOutlook: (sessionId, startsAt, endsAt) =>
      moveFromOutlook(db, sessionId, startsAt, endsAt),
    noteLost: (lost, now) => db.transaction((tx) => noteLost(tx, lost, now)),
    saveDeltaLink: (mailbox, deltaLink, window, now) =>
      saveDeltaLink(db, mailbox, deltaLink, window, now),
    dropDeltaLink: (mailbox) => dropDeltaLink(db, mailbox),
    recordProblem: (mailbox, problem, now, retryAfter) =>
      recordProblem(db, mailbox, problem, now, retryAfter),
  };
}
