/**
 * What the Teams bot reads: who is talking (by Entra object id), their
 * sessions, their supervisees, a session with its people, the previous
 * session's actions and the agenda. And the few things it writes: an action
 * done or not, an agenda item, a card action's nonce.
 */
import type {
  Actor,
  PersonRef,
  PreviousActionRow,
  RelationshipRow,
  SessionRow,
  SuperviseeRow,
} from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { sessionsPossiblySupervisedBy, sessionSupervisorId } from './organiser-sql.ts';

const LONDON_DATE = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

const person = (p: { id: string | number; upn: string; name: string }): PersonRef => ({
  id: Number(p.id),
  upn: p.upn,
  name: p.name,
});

const ACTOR_SELECT = `SELECT p.id, p.upn, p.name, p.role, p.policy,
            (SELECT count(*) FROM relationships r WHERE r.supervisor_id = p.id AND r.to_on IS NULL) AS supervises,
            (SELECT count(*) FROM people q WHERE q.manager_id = p.id) AS reports
       FROM people p`;

async function actorWhere(sql: Sql, where: string, value: string | number): Promise<Actor | null> {
  const [row] = await sql.query<Actor & { id: string; supervises: string; reports: string }>(
    `${ACTOR_SELECT} WHERE ${where}`,
    [value],
  );
  return row
    ? {
        ...row,
        id: Number(row.id),
        supervises: Number(row.supervises),
        reports: Number(row.reports),
      }
    : null;
}

export async function actorByAadObjectId(sql: Sql, aadObjectId: string): Promise<Actor | null> {
  return actorWhere(sql, 'lower(p.entra_object_id) = lower($1)', aadObjectId);
}

export async function actorById(sql: Sql, id: number): Promise<Actor | null> {
  return actorWhere(sql, 'p.id = $1', id);
}

const SESSION_SELECT = `
  SELECT s.id AS "sessionId", s.relationship_id AS "relationshipId", s.type, s.also_types AS "alsoTypes", s.not_covered AS "notCovered", s.status,
         s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.recorded_at AS "recordedAt", sub.policy,
         json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
         json_build_object('id', sub.id, 'upn', sub.upn, 'name', sub.name) AS supervisee
    FROM sessions s
    JOIN relationships r ON r.id = s.relationship_id
    -- The session's supervisor: the cover, for a session booked with or falling in cover (docs/roster.md#cover).
    JOIN people sup ON sup.id = ${sessionSupervisorId('s', 'r')}
    JOIN people sub ON sub.id = r.supervisee_id`;

type RawSession = Omit<SessionRow, 'sessionId' | 'relationshipId' | 'supervisor' | 'supervisee'> & {
  sessionId: string;
  relationshipId: string;
  supervisor: { id: string; upn: string; name: string };
  supervisee: { id: string; upn: string; name: string };
};

const sessionOf = (row: RawSession): SessionRow => ({
  ...row,
  sessionId: Number(row.sessionId),
  relationshipId: Number(row.relationshipId),
  supervisor: person(row.supervisor),
  supervisee: person(row.supervisee),
});

/** Sessions booked for this person (either side) starting in [from, to). */
export async function upcomingSessions(
  sql: Sql,
  personId: number,
  from: Date,
  to: Date,
): Promise<SessionRow[]> {
  const upcoming = `s.status IN ('planned', 'booked') AND s.starts_at >= $2 AND s.starts_at < $3`;
  const rows = await sql.query<RawSession>(
    `${SESSION_SELECT}
      WHERE s.id IN (SELECT s.id FROM relationships r JOIN sessions s ON s.relationship_id = r.id
                      WHERE r.supervisee_id = $1 AND ${upcoming}
                     UNION ${sessionsPossiblySupervisedBy('$1', upcoming)})
      ORDER BY s.starts_at, s.id LIMIT 200`,
    [personId, from, to],
  );
  return rows.map(sessionOf);
}

/** Sessions this supervisor has to record: ended, neither recorded nor cancelled. */
export async function awaitingRecord(
  sql: Sql,
  supervisorId: number,
  now: Date,
): Promise<SessionRow[]> {
  const rows = await sql.query<RawSession>(
    `${SESSION_SELECT}
      WHERE s.id IN (${sessionsPossiblySupervisedBy('$1', `s.status IN ('planned', 'booked') AND s.ends_at < $2`)})
        AND sup.id = $1
      ORDER BY s.starts_at, s.id LIMIT 200`,
    [supervisorId, now],
  );
  return rows.map(sessionOf);
}

export async function sessionById(sql: Sql, sessionId: number): Promise<SessionRow | null> {
  const [row] = await sql.query<RawSession>(`${SESSION_SELECT} WHERE s.id = $1`, [sessionId]);
  return row ? sessionOf(row) : null;
}

export async function currentSupervisees(
  sql: Sql,
  supervisorId: number,
  now: Date,
): Promise<SuperviseeRow[]> {
  const rows = await sql.query<{
    relationshipId: string;
    id: string;
    upn: string;
    name: string;
    role: string;
    nextBookedOn: string | null;
  }>(
    `SELECT r.id AS "relationshipId", p.id, p.upn, p.name, p.role,
            (SELECT min(${LONDON_DATE('s.starts_at')}) FROM sessions s
              WHERE s.relationship_id = r.id AND s.status IN ('planned', 'booked') AND s.starts_at >= $2) AS "nextBookedOn"
       FROM relationships r JOIN people p ON p.id = r.supervisee_id
      WHERE r.supervisor_id = $1 AND r.to_on IS NULL
      ORDER BY p.name`,
    [supervisorId, now],
  );
  return rows.map((row) => ({
    relationshipId: Number(row.relationshipId),
    supervisee: person(row),
    role: row.role,
    nextBookedOn: row.nextBookedOn,
  }));
}

export async function relationshipById(
  sql: Sql,
  relationshipId: number,
): Promise<RelationshipRow | null> {
  const [row] = await sql.query<{
    relationshipId: string;
    current: boolean;
    supervisor: RawSession['supervisor'];
    supervisee: RawSession['supervisee'];
  }>(
    `SELECT r.id AS "relationshipId", r.to_on IS NULL AS current,
            json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
            json_build_object('id', sub.id, 'upn', sub.upn, 'name', sub.name) AS supervisee
       FROM relationships r JOIN people sup ON sup.id = r.supervisor_id JOIN people sub ON sub.id = r.supervisee_id
      WHERE r.id = $1`,
    [relationshipId],
  );
  return row
    ? {
        relationshipId: Number(row.relationshipId),
        current: row.current,
        supervisor: person(row.supervisor),
        supervisee: person(row.supervisee),
      }
    : null;
}

/** The actions agreed at the last held session of the same relationship before this one. */
export async function previousActions(sql: Sql, sessionId: number): Promise<PreviousActionRow[]> {
  const rows = await sql.query<{
    actionId: string;
    text: string;
    dueOn: string | null;
    reviewOn: string | null;
    doneOn: string | null;
    owner: RawSession['supervisor'];
  }>(
    `WITH this AS (SELECT relationship_id, starts_at FROM sessions WHERE id = $1),
          earlier AS (SELECT s.id, s.starts_at FROM sessions s, this
                       WHERE s.relationship_id = this.relationship_id AND s.status = 'held' AND s.starts_at < this.starts_at),
          prev AS (SELECT id FROM earlier ORDER BY starts_at DESC LIMIT 1)
     SELECT a.id AS "actionId", a.text, a.due_on AS "dueOn", a.review_on AS "reviewOn", a.done_on AS "doneOn",
            json_build_object('id', o.id, 'upn', o.upn, 'name', o.name) AS owner
       FROM actions a JOIN earlier e ON e.id = a.session_id JOIN people o ON o.id = a.owner_id
      -- Last time's actions, done or not; an earlier session's until it is done (issue 16, item 6).
      WHERE a.session_id = (SELECT id FROM prev) OR a.done_on IS NULL
      ORDER BY a.id`,
    [sessionId],
  );
  return rows.map((row) => ({ ...row, actionId: Number(row.actionId), owner: person(row.owner) }));
}

/** Marks actions done (on `on`) or not done, only among `allowed` ids (those on the preparation card: last time's, and earlier ones still open). */
export async function setActionsDone(
  sql: Sql,
  changes: readonly { actionId: number; done: boolean }[],
  on: string,
): Promise<number> {
  let changed = 0;
  for (const change of changes) {
    const rows = await sql.query(
      change.done
        ? 'UPDATE actions SET done_on = $2 WHERE id = $1 AND done_on IS NULL RETURNING id'
        : 'UPDATE actions SET done_on = NULL WHERE id = $1 AND done_on IS NOT NULL RETURNING id',
      change.done ? [change.actionId, on] : [change.actionId],
    );
    changed += rows.length;
  }
  return changed;
}

export async function personByUpn(sql: Sql, upn: string): Promise<PersonRef | null> {
  const [row] = await sql.query<{ id: string; upn: string; name: string }>(
    'SELECT id, upn, name FROM people WHERE lower(upn) = lower($1)',
    [upn],
  );
  return row ? person(row) : null;
}

export async function personById(sql: Sql, id: number): Promise<PersonRef | null> {
  const [row] = await sql.query<{ id: string; upn: string; name: string }>(
    'SELECT id, upn, name FROM people WHERE id = $1',
    [id],
  );
  return row ? person(row) : null;
}

/** A session's record as stored (short fields only) and its actions. */
export async function recordOf(sql: Sql, sessionId: number) {
  const [row] = await sql.query<{
    notHeldReason: string | null;
    record: Record<string, unknown> | null;
    recordLocation: string | null;
    observed: boolean | null;
    recordedBy: { id: string; upn: string; name: string } | null;
    actions: {
      text: string;
      dueOn: string | null;
      reviewOn: string | null;
      owner: { id: string; upn: string; name: string };
    }[];
  }>(
    `SELECT s.not_held_reason AS "notHeldReason", s.record, s.record_location AS "recordLocation", s.observed,
            CASE WHEN rec.id IS NULL THEN NULL ELSE json_build_object('id', rec.id, 'upn', rec.upn, 'name', rec.name) END AS "recordedBy",
            COALESCE((SELECT json_agg(json_build_object('text', a.text, 'dueOn', a.due_on, 'reviewOn', a.review_on,
                        'owner', json_build_object('id', o.id, 'upn', o.upn, 'name', o.name)) ORDER BY a.id)
                        FROM actions a JOIN people o ON o.id = a.owner_id WHERE a.session_id = s.id), '[]') AS actions
       FROM sessions s LEFT JOIN people rec ON rec.id = s.recorded_by WHERE s.id = $1`,
    [sessionId],
  );
  if (!row) return null;
  return {
    ...row,
    recordedBy: row.recordedBy && person(row.recordedBy),
    actions: row.actions.map((a) => ({
      text: a.text,
      dueOn: a.dueOn,
      reviewOn: a.reviewOn,
      owner: person(a.owner),
    })),
  };
}

/** People whose name or UPN holds `text`, case-insensitive: names starting with it first, then by name (an owner picked as typed). */
export async function searchPeople(
  sql: Sql,
  text: string,
  limit: number,
  skip: number,
): Promise<(PersonRef & { team: string | null })[]> {
  // LIKE's own characters in what was typed match themselves.
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await sql.query<{ id: string; upn: string; name: string; team: string | null }>(
    `SELECT id, upn, name, team FROM people
      WHERE name ILIKE '%' || $1 || '%' OR upn ILIKE '%' || $1 || '%'
      ORDER BY (name ILIKE $1 || '%') DESC, lower(name), id
      LIMIT $2 OFFSET $3`,
    [escaped, limit, skip],
  );
  return rows.map((row) => ({ ...person(row), team: row.team }));
}
