/**
 * Children's cases, by reference only (Cadence never stores a child's name),
 * and the cases port over SQL: what `supervision/cases-import.ts` writes with.
 * Every function takes the `Sql` it runs on, so callers choose the
 * transaction.
 */
import type { CaseFields, CasesWriter, StoredCase } from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';
import { listPeople } from './people.ts';

/** Every case, open and closed, with the allocated worker's UPN. */
export async function listCases(sql: Sql): Promise<StoredCase[]> {
  const rows = await sql.query<StoredCase & { id: string }>(
    `SELECT c.id, c.reference, c.status, c.since_on AS "sinceOn", w.upn AS "workerUpn", c.closed_on AS "closedOn",
            c.discussed_before_cadence_on AS "lastDiscussedBeforeCadence"
       FROM child_cases c
       LEFT JOIN people w ON w.id = c.worker_id
      ORDER BY c.reference`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function insertCase(sql: Sql, fields: CaseFields): Promise<number> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO child_cases (reference, status, since_on, worker_id, closed_on, discussed_before_cadence_on)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      fields.reference,
      fields.status,
      fields.sinceOn,
      fields.workerId,
      fields.closedOn,
      fields.lastDiscussedBeforeCadence,
    ],
  );
  return Number(row!.id);
}

export async function updateCase(sql: Sql, id: number, fields: CaseFields): Promise<void> {
  await sql.query(
    `UPDATE child_cases SET reference = $2, status = $3, since_on = $4, worker_id = $5, closed_on = $6,
            discussed_before_cadence_on = $7 WHERE id = $1`,
    [
      id,
      fields.reference,
      fields.status,
      fields.sinceOn,
      fields.workerId,
      fields.closedOn,
      fields.lastDiscussedBeforeCadence,
    ],
  );
}

export function casesWriter(sql: Sql): CasesWriter {
  return {
    listCases: () => listCases(sql),
    listPeople: () => listPeople(sql),
    insertCase: (fields) => insertCase(sql, fields),
    updateCase: (id, fields) => updateCase(sql, id, fields),
    audit: (entry) => writeAudit(sql, entry),
  };
}
