/** Supervision agreements signed in Teams (migration 029; supervision/agreement-signing.ts). */
import type {
  AgreementKind,
  AgreementRow,
  AgreementStore,
  OpenSigning,
  PersonRef,
} from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';

const SIGNING = `id, kind, to_char(due_on, 'YYYY-MM-DD') AS "dueOn",
  supervisor_signed_at AS "supervisorSignedAt", supervisee_signed_at AS "superviseeSignedAt"`;

const signing = (row: OpenSigning & { id: string | number }): OpenSigning => ({
  ...row,
  id: Number(row.id),
});

export async function currentAgreement(
  sql: Sql,
  superviseeId: number,
  lock: boolean,
): Promise<AgreementRow | null> {
  const [row] = await sql.query<
    Omit<AgreementRow, 'relationshipId' | 'open'> & { relationshipId: string }
  >(
    `SELECT r.id AS "relationshipId", r.venue, sub.policy,
            to_char(r.from_on, 'YYYY-MM-DD') AS "fromOn",
            to_char(r.agreement_signed_on, 'YYYY-MM-DD') AS "signedOn",
            to_char(r.agreement_reviewed_on, 'YYYY-MM-DD') AS "reviewedOn",
            to_char(r.agreement_changed_on, 'YYYY-MM-DD') AS "changedOn",
            json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
            json_build_object('id', sub.id, 'upn', sub.upn, 'name', sub.name) AS supervisee
       FROM relationships r
       JOIN people sup ON sup.id = r.supervisor_id
       JOIN people sub ON sub.id = r.supervisee_id
      WHERE r.supervisee_id = $1 AND r.to_on IS NULL
      ORDER BY r.from_on DESC LIMIT 1${lock ? ' FOR UPDATE OF r' : ''}`,
    [superviseeId],
  );
  if (!row) return null;
  const [open] = await sql.query<OpenSigning & { id: string }>(
    `SELECT ${SIGNING} FROM agreement_signings WHERE relationship_id = $1 AND completed_on IS NULL`,
    [row.relationshipId],
  );
  const person = (p: PersonRef) => ({ ...p, id: Number(p.id) });
  return {
    ...row,
    relationshipId: Number(row.relationshipId),
    supervisor: person(row.supervisor),
    supervisee: person(row.supervisee),
    open: open ? signing(open) : null,
  };
}

export function agreementStore(sql: Sql): AgreementStore {
  return {
    currentAgreement: (superviseeId) => currentAgreement(sql, superviseeId, true),
    openSigning: async (relationshipId: number, kind: AgreementKind, dueOn: string | null) => {
      // One open signing per relationship: one of another kind or deadline (the roster changed the dates) is replaced.
      await sql.query(
        `DELETE FROM agreement_signings WHERE relationship_id = $1 AND completed_on IS NULL
            AND (kind <> $2 OR due_on IS DISTINCT FROM $3::date)`,
        [relationshipId, kind, dueOn],
      );
      const [row] = await sql.query<OpenSigning & { id: string }>(
        `WITH added AS (
           INSERT INTO agreement_signings (relationship_id, kind, due_on) VALUES ($1, $2, $3)
           ON CONFLICT (relationship_id) WHERE completed_on IS NULL DO NOTHING RETURNING ${SIGNING})
         SELECT * FROM added
         UNION ALL
         SELECT ${SIGNING} FROM agreement_signings WHERE relationship_id = $1 AND completed_on IS NULL
         LIMIT 1`,
        [relationshipId, kind, dueOn],
      );
      return signing(row!);
    },
    signSide: async (signingId, side, at) => {
      await sql.query(
        `UPDATE agreement_signings SET ${side === 'supervisor' ? 'supervisor_signed_at' : 'supervisee_signed_at'} = $2 WHERE id = $1`,
        [signingId, at],
      );
    },
    completeSigning: async (signingId, relationshipId, kind, on) => {
      await sql.query('UPDATE agreement_signings SET completed_on = $2 WHERE id = $1', [
        signingId,
        on,
      ]);
      await sql.query(
        // A review or an update re-signs the agreement: both are its review date.
        `UPDATE relationships SET ${kind === 'agreement' ? 'agreement_signed_on' : 'agreement_reviewed_on'} = $2 WHERE id = $1`,
        [relationshipId, on],
      );
    },
    audit: (entry) => writeAudit(sql, entry),
  };
}
