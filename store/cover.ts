/** Cover periods (docs/roster.md#cover): the store side of `supervision/cover.ts`. */
import type { CoverPeriod, CoverStore } from '../supervision/index.ts';
import { personByUpn } from './assistant-queries.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';

const PERIOD = `SELECT c.id, c.from_on::text AS "fromOn", c.to_on::text AS "toOn", c.set_by AS "setBy",
         json_build_object('id', sup.id, 'upn', sup.upn, 'name', sup.name) AS supervisor,
         json_build_object('id', cov.id, 'upn', cov.upn, 'name', cov.name) AS cover
    FROM cover_periods c
    JOIN people sup ON sup.id = c.supervisor_id
    JOIN people cov ON cov.id = c.cover_id`;

type RawPeriod = Omit<CoverPeriod, 'id' | 'supervisor' | 'cover'> & {
  id: string;
  supervisor: { id: string; upn: string; name: string };
  cover: { id: string; upn: string; name: string };
};

const periodOf = (row: RawPeriod): CoverPeriod => ({
  ...row,
  id: Number(row.id),
  supervisor: { ...row.supervisor, id: Number(row.supervisor.id) },
  cover: { ...row.cover, id: Number(row.cover.id) },
});

/** The cover periods of these supervisors sharing a day with [fromOn, toOn]: what booking plans around. */
export async function coverPeriodsOf(
  sql: Sql,
  supervisorUpns: string[],
  fromOn: string,
  toOn: string,
): Promise<CoverPeriod[]> {
  const rows = await sql.query<RawPeriod>(
    `${PERIOD} WHERE lower(sup.upn) = ANY($1::text[]) AND c.from_on <= $3::date AND c.to_on >= $2::date
      ORDER BY c.from_on, c.id`,
    [supervisorUpns.map((u) => u.toLowerCase()), fromOn, toOn],
  );
  return rows.map(periodOf);
}

export function coverStore(sql: Sql): CoverStore {
  return {
    personByUpn: (upn) => personByUpn(sql, upn),
    async overlapping(supervisorId, fromOn, toOn) {
      const rows = await sql.query<RawPeriod>(
        `${PERIOD} WHERE c.supervisor_id = $1 AND c.from_on <= $3::date AND c.to_on >= $2::date ORDER BY c.from_on`,
        [supervisorId, fromOn, toOn],
      );
      return rows.map(periodOf);
    },
    async insert(period) {
      const [row] = await sql.query<{ id: string }>(
        `INSERT INTO cover_periods (supervisor_id, cover_id, from_on, to_on, set_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [period.supervisor.id, period.cover.id, period.fromOn, period.toOn, period.setBy],
      );
      return Number(row!.id);
    },
    async list(on) {
      const rows = await sql.query<RawPeriod>(
        `${PERIOD} WHERE $1::date IS NULL OR c.to_on >= $1::date ORDER BY c.from_on, c.id`,
        [on],
      );
      return rows.map(periodOf);
    },
    async remove(id) {
      const [row] = await sql.query<RawPeriod>(`${PERIOD} WHERE c.id = $1`, [id]);
      if (!row) return null;
      await sql.query('DELETE FROM cover_periods WHERE id = $1', [id]);
      return periodOf(row);
    },
    audit: (entry) => writeAudit(sql, entry),
  };
}
