/** Sessions lost, and what replaced them (migration 028; supervision/lost-sessions.ts). */
import type {
  LostHow,
  LostSessionRow,
  LostSessionStore,
  NewLostSession,
  NotHeldReason,
  PersonRef,
} from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { sessionSupervisorId } from './organiser-sql.ts';
import { outboxStore } from './outbox.ts';

/**
 * Keeps each lost session once and queues its card to the session's
 * supervisor (whoever covers its organiser that day), in the caller's
 * transaction: a loss is never kept without its card, nor sent twice.
 */
export async function noteLost(
  sql: Sql,
  lost: readonly NewLostSession[],
  noticedAt: Date,
): Promise<number[]> {
  if (lost.length === 0) return [];
  const rows = await sql.query<{ sessionId: string; supervisorId: string }>(
    `WITH new AS (
       INSERT INTO lost_sessions (session_id, how, noticed_at, lost_by_id, reason)
       SELECT u.session_id, u.how, $5, (SELECT p.id FROM people p WHERE lower(p.upn) = lower(u.by_upn)), u.reason
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(session_id, how, by_upn, reason)
       ON CONFLICT (session_id) DO NOTHING
       RETURNING session_id)
     SELECT new.session_id AS "sessionId", ${sessionSupervisorId('s', 'r')} AS "supervisorId"
       FROM new JOIN sessions s ON s.id = new.session_id JOIN relationships r ON r.id = s.relationship_id`,
    [
      lost.map((l) => l.sessionId),
      lost.map((l) => l.how),
      lost.map((l) => l.lostByUpn),
      lost.map((l) => l.reason),
      noticedAt,
    ],
  );
  await outboxStore(sql).enqueue(
    rows.map((row) => ({
      key: `session-lost:${row.sessionId}`,
      recipientId: Number(row.supervisorId),
      kind: 'session-lost' as const,
      payload: { sessionId: Number(row.sessionId) },
      notBefore: noticedAt,
    })),
  );
  return rows.map((row) => Number(row.sessionId));
}

type Row = Omit<LostSessionRow, 'sessionId' | 'relationshipId' | 'replacedBy'> & {
  sessionId: string;
  relationshipId: string;
  replacedById: string | null;
  replacedAt: Date | null;
};

export async function lostSession(sql: Sql, sessionId: number): Promise<LostSessionRow | null> {
  const [row] = await sql.query<Row>(
    `SELECT l.session_id AS "sessionId", s.relationship_id AS "relationshipId", s.type, s.also_types AS "alsoTypes",
            s.starts_at AS "startsAt", s.ends_at AS "endsAt", to_char(s.due_on, 'YYYY-MM-DD') AS "dueOn",
            l.how, l.noticed_at AS "noticedAt", l.reason,
            CASE WHEN lb.id IS NULL THEN NULL ELSE json_build_object('id', lb.id, 'upn', lb.upn, 'name', lb.name) END AS "lostBy",
            l.replaced_by AS "replacedById", rs.starts_at AS "replacedAt",
            json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
            json_build_object('id', sub.id, 'upn', sub.upn, 'name', sub.name) AS supervisee
       FROM lost_sessions l
       JOIN sessions s ON s.id = l.session_id
       JOIN relationships r ON r.id = s.relationship_id
       JOIN people sup ON sup.id = ${sessionSupervisorId('s', 'r')}
       JOIN people sub ON sub.id = r.supervisee_id
       LEFT JOIN people lb ON lb.id = l.lost_by_id
       LEFT JOIN sessions rs ON rs.id = l.replaced_by
      WHERE l.session_id = $1`,
    [sessionId],
  );
  if (!row) return null;
  const person = (p: PersonRef) => ({ ...p, id: Number(p.id) });
  const { replacedById, replacedAt, ...rest } = row;
  return {
    ...rest,
    sessionId: Number(row.sessionId),
    relationshipId: Number(row.relationshipId),
    lostBy: row.lostBy && person(row.lostBy),
    supervisor: person(row.supervisor),
    supervisee: person(row.supervisee),
    replacedBy:
      replacedById === null ? null : { sessionId: Number(replacedById), startsAt: replacedAt },
  };
}

export function lostSessionStore(sql: Sql): LostSessionStore {
  return {
    noteLost: (lost, noticedAt) => noteLost(sql, lost, noticedAt),
    lostSession: (sessionId) => lostSession(sql, sessionId),
    setLostReason: async (sessionId: number, reason: NotHeldReason) => {
      await sql.query('UPDATE lost_sessions SET reason = $2 WHERE session_id = $1', [
        sessionId,
        reason,
      ]);
    },
    countLostBelow: async (managerId, since, until) => {
      const rows = await sql.query<{ how: LostHow; reason: NotHeldReason | null; count: string }>(
        `WITH RECURSIVE line AS (
           SELECT id FROM people WHERE id = $1
           UNION
           SELECT p.id FROM people p JOIN line l ON p.manager_id = l.id
         )
         SELECT l.how, l.reason, count(*) AS count
           FROM lost_sessions l
           JOIN sessions s ON s.id = l.session_id
           JOIN relationships r ON r.id = s.relationship_id
          WHERE r.supervisee_id IN (SELECT id FROM line WHERE id <> $1)
            AND l.noticed_at >= $2 AND l.noticed_at < $3
          GROUP BY l.how, l.reason ORDER BY l.how, l.reason`,
        [managerId, since, until],
      );
      return rows.map((row) => ({ ...row, count: Number(row.count) }));
    },
    setReplacedBy: async (sessionId, replacement) => {
      await sql.query('UPDATE lost_sessions SET replaced_by = $2 WHERE session_id = $1', [
        sessionId,
        replacement,
      ]);
    },
  };
}
