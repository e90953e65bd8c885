/**
 * Snoozed reminders: a subject (e.g. `record:123`) is not chased again for
 * that person until the date. Snoozing again replaces the date.
 */
import type { Sql } from './database.ts';

export async function snooze(
  sql: Sql,
  personId: number,
  subject: string,
  until: Date,
): Promise<void> {
  await sql.query(
    `INSERT INTO snoozes (person_id, subject, until_at) VALUES ($1, $2, $3)
     ON CONFLICT (person_id, subject) DO UPDATE SET until_at = EXCLUDED.until_at`,
    [personId, subject, until],
  );
}

/** When the snooze ends, if it is still running at `now`; null otherwise. */
export async function snoozedUntil(
  sql: Sql,
  personId: number,
  subject: string,
  now: Date,
): Promise<Date | null> {
  const [row] = await sql.query<{ untilAt: Date }>(
    'SELECT until_at AS "untilAt" FROM snoozes WHERE person_id = $1 AND subject = $2 AND until_at > $3',
    [personId, subject, now],
  );
  return row ? new Date(row.untilAt) : null;
}
