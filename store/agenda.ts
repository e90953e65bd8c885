/**
 * Agenda items a supervisee adds on the preparation card, shown to both
 * people before the session.
 */
import type { Sql } from './database.ts';

export interface AgendaItem {
  id: number;
  sessionId: number;
  authorId: number;
  text: string;
  addedAt: Date;
}

export async function addAgendaItem(
  sql: Sql,
  item: { sessionId: number; authorId: number; text: string },
): Promise<number> {
  const [row] = await sql.query<{ id: string }>(
    'INSERT INTO agenda_items (session_id, author_id, text) VALUES ($1, $2, $3) RETURNING id',
    [item.sessionId, item.authorId, item.text],
  );
  return Number(row!.id);
}

/** A session's items, oldest first. */
export async function listAgendaItems(sql: Sql, sessionId: number): Promise<AgendaItem[]> {
  const rows = await sql.query<AgendaItem & { id: string; sessionId: string; authorId: string }>(
    `SELECT id, session_id AS "sessionId", author_id AS "authorId", text, added_at AS "addedAt"
       FROM agenda_items WHERE session_id = $1 ORDER BY added_at, id`,
    [sessionId],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    sessionId: Number(row.sessionId),
    authorId: Number(row.authorId),
  }));
}
