/**
 * What the Teams bot reads: who is talking (by Entra object id), their
 * sessions, their supervisees, a session with its people, the previous
 * session's actions and the agenda. And the few things it writes: an action
 * done or not, an agenda item, a card action's nonce.
 */
import type { Sql } from './database.ts';
import { MEMBER_SUPERVISION, type TeamMemberRow } from './team-queries.ts';

const LONDON_DATE = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

export interface PersonRefRow {
  id: number;
  upn: string;
  name: string;
}

export interface ActorRow extends PersonRefRow {
  role: string;
  policy: string;
  /** Current supervisees. */
  supervises: number;
  /** People whose manager this is. */
  reports: number;
}

export interface SessionRow {
  sessionId: number;
  relationshipId: number;
  type: string;
  status: 'planned' | 'booked' | 'held' | 'not-held' | 'cancelled';
  startsAt: Date | null;
  endsAt: Date | null;
  supervisor: PersonRefRow;
  supervisee: PersonRefRow;
  /** The supervisee's policy pack, for the record deadline. */
  policy: string;
  recordedAt: Date | null;
}

const person = (p: { id: string | number; upn: string; name: string }): PersonRefRow => ({
  id: Number(p.id),
  upn: p.upn,
  name: p.name,
});

const ACTOR_SELECT = `SELECT p.id, p.upn, p.name, p.role, p.policy,
            (SELECT count(*) FROM relationships r WHERE r.supervisor_id = p.id AND r.to_on IS NULL) AS supervises,
            (SELECT count(*) FROM people q WHERE q.manager_id = p.id) AS reports
       FROM people p`;

async function actorWhere(
  sql: Sql,
  where: string,
  value: string | number,
): Promise<ActorRow | null> {
  const [row] = await sql.query<ActorRow & { id: string; supervises: string; reports: string }>(
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

export async function actorByAadObjectId(sql: Sql, aadObjectId: string): Promise<ActorRow | null> {
  return actorWhere(sql, 'lower(p.entra_object_id) = lower($1)', aadObjectId);
}

export async function actorById(sql: Sql, id: number): Promise<ActorRow | null> {
  return actorWhere(sql, 'p.id = $1', id);
}

const SESSION_SELECT = `
  SELECT s.id AS "sessionId", s.relationship_id AS "relationshipId", s.type, s.status,
         s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.recorded_at AS "recordedAt", sub.policy,
         json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
         json_build_object('id', sub.id, 'upn', sub.upn, 'name', sub.name) AS supervisee
    FROM sessions s
    JOIN relationships r ON r.id = s.relationship_id
    JOIN people sup ON sup.id = r.supervisor_id
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
  const rows = await sql.query<RawSession>(
    `${SESSION_SELECT}
      WHERE (r.supervisor_id = $1 OR r.supervisee_id = $1) AND s.status IN ('planned', 'booked')
        AND s.starts_at >= $2 AND s.starts_at < $3
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
      WHERE r.supervisor_id = $1 AND s.status IN ('planned', 'booked') AND s.ends_at < $2
      ORDER BY s.starts_at, s.id LIMIT 200`,
    [supervisorId, now],
  );
  return rows.map(sessionOf);
}

export async function sessionById(sql: Sql, sessionId: number): Promise<SessionRow | null> {
  const [row] = await sql.query<RawSession>(`${SESSION_SELECT} WHERE s.id = $1`, [sessionId]);
  return row ? sessionOf(row) : null;
}

export interface SuperviseeRow {
  relationshipId: number;
  supervisee: PersonRefRow;
  role: string;
  nextBookedOn: string | null;
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

export interface RelationshipRow {
  relationshipId: number;
  supervisor: PersonRefRow;
  supervisee: PersonRefRow;
  current: boolean;
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

/** The supervisor's current supervisees as the overdue view reads people. */
export async function superviseesAsMembers(
  sql: Sql,
  supervisorId: number,
): Promise<TeamMemberRow[]> {
  const rows = await sql.query<TeamMemberRow & { id: string; relationshipId: string }>(
    `SELECT p.id, p.upn, p.name, p.role, p.policy, p.team, ${MEMBER_SUPERVISION}
       FROM relationships r
       JOIN people p ON p.id = r.supervisee_id
       JOIN people s ON s.id = r.supervisor_id
       LEFT JOIN people m ON m.id = p.manager_id
      WHERE r.supervisor_id = $1 AND r.to_on IS NULL
      ORDER BY p.name`,
    [supervisorId],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    relationshipId: Number(row.relationshipId),
  }));
}

export interface PreviousActionRow {
  actionId: number;
  text: string;
  owner: PersonRefRow;
  dueOn: string | null;
  doneOn: string | null;
}

/** The actions agreed at the last held session of the same relationship before this one. */
export async function previousActions(sql: Sql, sessionId: number): Promise<PreviousActionRow[]> {
  const rows = await sql.query<{
    actionId: string;
    text: string;
    dueOn: string | null;
    doneOn: string | null;
    owner: RawSession['supervisor'];
  }>(
    `WITH this AS (SELECT relationship_id, starts_at FROM sessions WHERE id = $1),
          prev AS (SELECT s.id FROM sessions s, this
                    WHERE s.relationship_id = this.relationship_id AND s.status = 'held' AND s.starts_at < this.starts_at
                    ORDER BY s.starts_at DESC LIMIT 1)
     SELECT a.id AS "actionId", a.text, a.due_on AS "dueOn", a.done_on AS "doneOn",
            json_build_object('id', o.id, 'upn', o.upn, 'name', o.name) AS owner
       FROM actions a JOIN prev ON prev.id = a.session_id JOIN people o ON o.id = a.owner_id
      ORDER BY a.id`,
    [sessionId],
  );
  return rows.map((row) => ({ ...row, actionId: Number(row.actionId), owner: person(row.owner) }));
}

/** Marks actions done (on `on`) or not done, only among `allowed` ids (the previous session's). */
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

/** Is `personId` below `managerId` in the management chain, or supervised by them? */
export async function isInLineOf(sql: Sql, managerId: number, personId: number): Promise<boolean> {
  const rows = await sql.query(
    `WITH RECURSIVE below AS (
       SELECT id FROM people WHERE manager_id = $1
       UNION
       SELECT p.id FROM people p JOIN below b ON p.manager_id = b.id
     )
     SELECT 1 FROM below WHERE id = $2
     UNION ALL
     SELECT 1 FROM relationships WHERE supervisor_id = $1 AND supervisee_id = $2 AND to_on IS NULL
     LIMIT 1`,
    [managerId, personId],
  );
  return rows.length > 0;
}

export async function personByUpn(sql: Sql, upn: string): Promise<PersonRefRow | null> {
  const [row] = await sql.query<{ id: string; upn: string; name: string }>(
    'SELECT id, upn, name FROM people WHERE lower(upn) = lower($1)',
    [upn],
  );
  return row ? person(row) : null;
}

export async function personById(sql: Sql, id: number): Promise<PersonRefRow | null> {
  const [row] = await sql.query<{ id: string; upn: string; name: string }>(
    'SELECT id, upn, name FROM people WHERE id = $1',
    [id],
  );
  return row ? person(row) : null;
}

export async function managerOf(sql: Sql, personId: number): Promise<PersonRefRow | null> {
  const [row] = await sql.query<{ id: string; upn: string; name: string }>(
    'SELECT m.id, m.upn, m.name FROM people p JOIN people m ON m.id = p.manager_id WHERE p.id = $1',
    [personId],
  );
  return row ? person(row) : null;
}
