/**
 * Small helpers to put a team and its history into a test database: a roster
 * through the real import, then sessions, agreements and cases by SQL.
 */
import { parseIsoDate } from '../../rules/index.ts';
import { rosterWriter, type Database } from '../../store/index.ts';
import { importRoster } from '../../supervision/index.ts';

export const SEED_HEADER = 'upn,name,role,policy,started,supervisor_upn,team,agreed_every,approved';

export async function seedRoster(
  db: Database,
  rows: string[],
  on = '2026-11-23',
  header = SEED_HEADER,
): Promise<void> {
  await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
    text: [header, ...rows].join('\n'),
    file: 'seed.csv',
    actor: 'test',
    today: parseIsoDate(on),
    dryRun: false,
  });
}

/** A session between the person's current supervisor and them, 10:00–11:00 London time on `on`. */
export async function seedSession(
  db: Database,
  superviseeUpn: string,
  on: string,
  status: 'held' | 'booked' | 'planned' | 'cancelled' | 'not-held',
  type = 'one-to-one',
): Promise<number> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO sessions (relationship_id, type, status, not_held_reason, starts_at, ends_at)
     SELECT r.id, $3, $4, CASE WHEN $4 = 'not-held' THEN 'sickness' END,
            ($2::date + time '10:00') AT TIME ZONE 'Europe/London', ($2::date + time '11:00') AT TIME ZONE 'Europe/London'
       FROM relationships r JOIN people p ON p.id = r.supervisee_id
      WHERE lower(p.upn) = lower($1) AND r.to_on IS NULL
     RETURNING id`,
    [superviseeUpn, on, type, status],
  );
  if (!row) throw new Error(`no current relationship for ${superviseeUpn}`);
  return Number(row.id);
}

export async function signAgreement(
  db: Database,
  superviseeUpn: string,
  on: string,
): Promise<void> {
  await db.query(
    `UPDATE relationships r SET agreement_signed_on = $2 FROM people p
      WHERE p.id = r.supervisee_id AND lower(p.upn) = lower($1) AND r.to_on IS NULL`,
    [superviseeUpn, on],
  );
}

export async function seedCase(
  db: Database,
  reference: string,
  status: string,
  since: string,
  workerUpn: string,
): Promise<number> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO child_cases (reference, status, since_on, worker_id)
     SELECT $1, $2, $3, id FROM people WHERE lower(upn) = lower($4) RETURNING id`,
    [reference, status, since, workerUpn],
  );
  return Number(row!.id);
}

export async function discussCase(db: Database, sessionId: number, caseId: number): Promise<void> {
  await db.query('INSERT INTO case_discussions (session_id, case_id) VALUES ($1, $2)', [
    sessionId,
    caseId,
  ]);
}

/** A group's meeting on `on`, 10:00–11:00 London, as booking leaves it (docs/roster.md#groups). */
export async function seedGroupSession(
  db: Database,
  groupName: string,
  on: string,
  status: 'booked' | 'planned' = 'booked',
): Promise<number> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO sessions (group_id, type, status, starts_at, ends_at)
     SELECT g.id, g.type, $3,
            ($2::date + time '10:00') AT TIME ZONE 'Europe/London', ($2::date + time '11:00') AT TIME ZONE 'Europe/London'
       FROM supervision_groups g WHERE lower(g.name) = lower($1)
     RETURNING id`,
    [groupName, on, status],
  );
  if (!row) throw new Error(`no group named ${groupName}`);
  return Number(row.id);
}
