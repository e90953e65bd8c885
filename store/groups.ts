/**
 * Supervision groups and their members: what `supervision/groups-import.ts`
 * writes with. Every function takes the `Sql` it runs on, so callers choose
 * the transaction.
 */
import type {
  BookingFilter,
  GroupCandidate,
  GroupFields,
  GroupPerson,
  GroupsWriter,
  NewGroupFields,
  PlannableGroup,
  StoredGroup,
} from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';
import { groupOrganiserId } from './group-sql.ts';

const LONDON_DATE = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/** Every group, members in the file's order. */
export async function listGroups(sql: Sql): Promise<StoredGroup[]> {
  const rows = await sql.query<StoredGroup & { id: string; memberUpns: string[] | null }>(
    `SELECT g.id, g.name, g.type, lower(f.upn) AS "facilitatorUpn", g.quorum, g.booking_mode AS booking,
            (SELECT array_agg(lower(p.upn) ORDER BY m.position)
               FROM supervision_group_members m JOIN people p ON p.id = m.person_id
              WHERE m.group_id = g.id) AS "memberUpns"
       FROM supervision_groups g
       LEFT JOIN people f ON f.id = g.facilitator_id
      ORDER BY lower(g.name)`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), memberUpns: row.memberUpns ?? [] }));
}

const PERSON = (alias: string) =>
  `json_build_object('upn', ${alias}.upn, 'name', ${alias}.name, 'role', ${alias}.role, 'policy', ${alias}.policy,
     'startedOn', ${alias}.started_on, 'approvedOn', ${alias}.approved_on)`;

/**
 * The groups a booking run looks at, with their facilitator and members as
 * planning reads them: all with `all`, those a person organises with
 * `supervisorUpn` (the facilitator, or the first member when the peers take
 * turns), none for one relationship. With the group's last held session and
 * its last booked one from `now` on, which booking continues from.
 */
export async function listPlannableGroups(
  sql: Sql,
  filter: BookingFilter = { all: true },
  now: Date = new Date(0),
): Promise<PlannableGroup[]> {
  if ('relationshipId' in filter) return [];
  const where =
    'groupId' in filter
      ? 'g.id = $2'
      : 'supervisorUpn' in filter
        ? `${groupOrganiserId('g')} = (SELECT id FROM people WHERE lower(upn) = lower($2))`
        : `g.booking_mode = 'automatic' AND $2::text IS NULL`;
  const value =
    'groupId' in filter ? filter.groupId : 'supervisorUpn' in filter ? filter.supervisorUpn : null;
  const rows = await sql.query<PlannableGroup & { id: string; members: GroupPerson[] | null }>(
    `SELECT g.id, g.name, g.type, g.quorum,
            CASE WHEN f.id IS NULL THEN NULL ELSE ${PERSON('f')} END AS facilitator,
            (SELECT json_agg(${PERSON('p')} ORDER BY m.position)
               FROM supervision_group_members m JOIN people p ON p.id = m.person_id
              WHERE m.group_id = g.id) AS members,
            (SELECT max(${LONDON_DATE('s.starts_at')}) FROM sessions s
              WHERE s.group_id = g.id AND s.status = 'held') AS "lastHeldOn",
            (SELECT max(${LONDON_DATE('s.starts_at')}) FROM sessions s
              WHERE s.group_id = g.id AND s.status IN ('planned', 'booked') AND s.starts_at >= $1) AS "lastBookedOn"
       FROM supervision_groups g
       LEFT JOIN people f ON f.id = g.facilitator_id
      WHERE ${where}
      ORDER BY lower(g.name)`,
    [now, value],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), members: row.members ?? [] }));
}

async function listCandidates(sql: Sql): Promise<GroupCandidate[]> {
  const rows = await sql.query<GroupCandidate & { id: string }>(
    `SELECT id, upn, role, policy FROM people`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

async function insertGroup(sql: Sql, fields: NewGroupFields): Promise<number> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO supervision_groups (name, type, facilitator_id, quorum, booking_mode, since_on)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [fields.name, fields.type, fields.facilitatorId, fields.quorum, fields.booking, fields.sinceOn],
  );
  const id = Number(row!.id);
  await writeMembers(sql, id, fields.memberIds);
  return id;
}

async function updateGroup(sql: Sql, id: number, fields: GroupFields): Promise<void> {
  await sql.query(
    `UPDATE supervision_groups SET name = $2, type = $3, facilitator_id = $4, quorum = $5, booking_mode = $6,
            updated_at = now()
      WHERE id = $1`,
    [id, fields.name, fields.type, fields.facilitatorId, fields.quorum, fields.booking],
  );
  await sql.query(`DELETE FROM supervision_group_members WHERE group_id = $1`, [id]);
  await writeMembers(sql, id, fields.memberIds);
}

async function writeMembers(sql: Sql, groupId: number, memberIds: number[]): Promise<void> {
  await sql.query(
    `INSERT INTO supervision_group_members (group_id, person_id, position)
     SELECT $1, person_id, position FROM unnest($2::bigint[]) WITH ORDINALITY AS m(person_id, position)`,
    [groupId, memberIds],
  );
}

export function groupsWriter(sql: Sql): GroupsWriter {
  return {
    listGroups: () => listGroups(sql),
    listPeople: () => listCandidates(sql),
    insertGroup: (fields) => insertGroup(sql, fields),
    updateGroup: (id, fields) => updateGroup(sql, id, fields),
    audit: (entry) => writeAudit(sql, entry),
  };
}
