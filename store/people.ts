/**
 * People and supervisory relationships: the queries behind the roster.
 * Every function takes the `Sql` it runs on, so callers choose the
 * transaction.
 */
import type { PersonFields, RelationshipTerms, StoredPerson } from '../supervision/index.ts';
import type { Sql } from './database.ts';

/** Everyone, with their manager and current supervision. */
export async function listPeople(sql: Sql): Promise<StoredPerson[]> {
  const rows = await sql.query<
    StoredPerson & {
      id: string;
      supervision: (StoredPerson['supervision'] & { relationshipId: string }) | null;
    }
  >(
    `SELECT p.id, p.upn, p.name, p.role, p.policy,
            p.started_on AS "startedOn", p.approved_on AS "approvedOn",
            m.upn AS "managerUpn", p.entra_object_id AS "entraObjectId",
            p.job_title AS "jobTitle", p.team, p.uses_teams AS "usesTeams",
            (SELECT max((hs.starts_at AT TIME ZONE 'Europe/London')::date)
               FROM sessions hs JOIN relationships hr ON hr.id = hs.relationship_id
              WHERE hr.supervisee_id = p.id AND hs.status = 'held') AS "lastHeldOn",
            CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object(
              'relationshipId', r.id, 'supervisorUpn', s.upn, 'types', r.types,
              'agreementSignedOn', r.agreement_signed_on,
              'agreedPeriods', r.agreed_periods, 'agreedFrequency', r.agreed_frequency,
              'booking', r.booking_mode, 'venue', r.venue, 'separateSessions', r.separate_sessions,
              'alternateUpn', (SELECT a.upn FROM people a WHERE a.id = r.alternate_id),
              'alternateTypes', r.alternate_types,
              'typeSupervisors', (SELECT coalesce(json_object_agg(ts.type, tsp.upn), '{}'::json)
                                    FROM relationship_type_supervisors ts JOIN people tsp ON tsp.id = ts.supervisor_id
                                   WHERE ts.relationship_id = r.id)) END AS supervision
       FROM people p
       LEFT JOIN people m ON m.id = p.manager_id
       LEFT JOIN relationships r ON r.supervisee_id = p.id AND r.to_on IS NULL
       LEFT JOIN people s ON s.id = r.supervisor_id`,
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    supervision: row.supervision && {
      ...row.supervision,
      relationshipId: Number(row.supervision.relationshipId),
    },
  }));
}

export async function insertPerson(sql: Sql, person: PersonFields): Promise<number> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO people (upn, name, role, policy, started_on, approved_on, entra_object_id, job_title, team, uses_teams)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      person.upn,
      person.name,
      person.role,
      person.policy,
      person.startedOn,
      person.approvedOn,
      person.entraObjectId,
      person.jobTitle,
      person.team,
      person.usesTeams,
    ],
  );
  return Number(row!.id);
}

export async function updatePerson(sql: Sql, id: number, person: PersonFields): Promise<void> {
  await sql.query(
    `UPDATE people SET upn = $2, name = $3, role = $4, policy = $5, started_on = $6, approved_on = $7,
            entra_object_id = $8, job_title = $9, team = $10, uses_teams = $11, updated_at = now()
      WHERE id = $1`,
    [
      id,
      person.upn,
      person.name,
      person.role,
      person.policy,
      person.startedOn,
      person.approvedOn,
      person.entraObjectId,
      person.jobTitle,
      person.team,
      person.usesTeams,
    ],
  );
}

export async function setManager(
  sql: Sql,
  personId: number,
  managerId: number | null,
): Promise<void> {
  await sql.query(
    'UPDATE people SET manager_id = $2, updated_at = now() WHERE id = $1 AND manager_id IS DISTINCT FROM $2',
    [personId, managerId],
  );
}

export async function startRelationship(
  sql: Sql,
  supervisorId: number,
  superviseeId: number,
  fromOn: string,
  terms: RelationshipTerms,
): Promise<number> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO relationships (supervisor_id, supervisee_id, types, agreed_periods, agreed_frequency, booking_mode, from_on, venue,
                                alternate_id, alternate_types, separate_sessions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${alternateIdSql('$9')}, $10, $11) RETURNING id`,
    [
      supervisorId,
      superviseeId,
      terms.types,
      JSON.stringify(terms.agreedPeriods),
      JSON.stringify(terms.agreedFrequency),
      terms.booking,
      fromOn,
      terms.venue,
      terms.alternate?.upn ?? null,
      terms.alternate?.types ?? [],
      terms.separateSessions,
    ],
  );
  const id = Number(row!.id);
  await setTypeSupervisors(sql, id, terms.typeSupervisors);
  return id;
}

/** Ends a relationship on `toOn` (the last day it ran); history is kept. */
export async function endRelationship(
  sql: Sql,
  relationshipId: number,
  toOn: string,
): Promise<void> {
  await sql.query('UPDATE relationships SET to_on = GREATEST($2::date, from_on) WHERE id = $1', [
    relationshipId,
    toOn,
  ]);
}

export async function updateRelationshipTerms(
  sql: Sql,
  relationshipId: number,
  terms: RelationshipTerms,
): Promise<void> {
  await sql.query(
    `UPDATE relationships SET types = $2, agreed_periods = $3, agreed_frequency = $4, booking_mode = $5, venue = $6,
            alternate_id = ${alternateIdSql('$7')}, alternate_types = $8, separate_sessions = $9 WHERE id = $1`,
    [
      relationshipId,
      terms.types,
      JSON.stringify(terms.agreedPeriods),
      JSON.stringify(terms.agreedFrequency),
      terms.booking,
      terms.venue,
      terms.alternate?.upn ?? null,
      terms.alternate?.types ?? [],
      terms.separateSessions,
    ],
  );
  await setTypeSupervisors(sql, relationshipId, terms.typeSupervisors);
}

/** Who holds which type instead of the supervisor (docs/roster.md#a-supervisor-per-type), by UPN. */
async function setTypeSupervisors(
  sql: Sql,
  relationshipId: number,
  typeSupervisors: Record<string, string>,
): Promise<void> {
  await sql.query('DELETE FROM relationship_type_supervisors WHERE relationship_id = $1', [
    relationshipId,
  ]);
  if (Object.keys(typeSupervisors).length === 0) return;
  await sql.query(
    `INSERT INTO relationship_type_supervisors (relationship_id, type, supervisor_id)
     SELECT $1, t.key, p.id FROM json_each_text($2::json) AS t(key, value)
       JOIN people p ON lower(p.upn) = lower(t.value)`,
    [relationshipId, JSON.stringify(typeSupervisors)],
  );
}

/** The alternate supervisor's id from their UPN (roster import writes people before relationships). */
function alternateIdSql(param: string): string {
  return `(SELECT id FROM people WHERE lower(upn) = lower(${param}::text))`;
}

/**
 * A session held before Cadence kept records, one per supervision type, at
 * noon London time on `heldOn`, marked as imported in its record.
 */
export async function recordPastSession(
  sql: Sql,
  relationshipId: number,
  types: string[],
  heldOn: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at, record)
     SELECT $1, t, 'held', ($3::date + time '12:00') AT TIME ZONE 'Europe/London', ($3::date + time '13:00') AT TIME ZONE 'Europe/London',
            '{"importedFrom": "roster"}'::jsonb
       FROM unnest($2::text[]) AS t`,
    [relationshipId, types, heldOn],
  );
}

export async function setAgreementSigned(
  sql: Sql,
  relationshipId: number,
  signedOn: string,
): Promise<void> {
  await sql.query('UPDATE relationships SET agreement_signed_on = $2 WHERE id = $1', [
    relationshipId,
    signedOn,
  ]);
}

export async function setAgreementChanged(
  sql: Sql,
  relationshipId: number,
  on: string,
): Promise<void> {
  await sql.query('UPDATE relationships SET agreement_changed_on = $2 WHERE id = $1', [
    relationshipId,
    on,
  ]);
}

/** How many people the roster holds (none until the first import). */
export async function countPeople(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
  return row?.n ?? 0;
}
