/**
 * The audit log: who changed what, when. Details carry ids and field names;
 * the one exception is an amended session record, whose earlier version is
 * kept here as the policy's history requires. Application logs never carry
 * record text.
 */
import type { AuditEntry } from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { parseStored, storedObject } from './stored-json.ts';

export async function writeAudit(sql: Sql, entry: AuditEntry): Promise<void> {
  await sql.query(
    'INSERT INTO audit_log (actor, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5)',
    [
      entry.actor,
      entry.action,
      entry.entity,
      entry.entityId === null ? null : String(entry.entityId),
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}

export async function listAudit(sql: Sql, entity?: string): Promise<(AuditEntry & { at: Date })[]> {
  const rows = await sql.query<Omit<AuditEntry, 'detail'> & { at: Date; detail: unknown }>(
    `SELECT at, actor, action, entity, entity_id AS "entityId", detail FROM audit_log
      WHERE $1::text IS NULL OR entity = $1 ORDER BY id`,
    [entity ?? null],
  );
  return rows.map((row) => ({
    ...row,
    detail: parseStored(storedObject, row.detail, `the detail of audit entry ${row.action}`),
  }));
}
