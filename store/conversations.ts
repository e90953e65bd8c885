/**
 * Where each person can be reached in Teams: the conversation reference the
 * bot captures on install and on every message, keyed by the Entra object id
 * Teams sends as `from.aadObjectId`. A reference saved before the roster
 * knows the person is still found once it does: lookups match on the
 * person's `entra_object_id` as well as on `person_id`, and retention
 * removes it only after it has gone unused for a while.
 */
import type { Sql } from './database.ts';
import { parseStored, storedObject } from './stored-json.ts';

/** A stored reference, as the bot gave it (botbuilder's ConversationReference, kept opaque here). */
export type StoredReference = Record<string, unknown>;

export interface PersonWithoutApp {
  id: number;
  upn: string;
  name: string;
}

/** Saves (or replaces) the reference for `aadObjectId` and marks it installed; returns the person it belongs to, if known. */
export async function saveConversationReference(
  sql: Sql,
  aadObjectId: string,
  reference: StoredReference,
): Promise<number | null> {
  const [row] = await sql.query<{ personId: string | null }>(
    `INSERT INTO conversation_refs (aad_object_id, person_id, reference, installed, updated_at)
     VALUES ($1, (SELECT id FROM people WHERE entra_object_id = $1), $2::jsonb, true, now())
     ON CONFLICT (aad_object_id) DO UPDATE
        SET person_id = coalesce(EXCLUDED.person_id, conversation_refs.person_id),
            reference = EXCLUDED.reference, installed = true, updated_at = now()
     RETURNING person_id AS "personId"`,
    [aadObjectId, JSON.stringify(reference)],
  );
  return row?.personId == null ? null : Number(row.personId);
}

/** The app was removed (or the person blocked it): keep the reference, stop using it. */
export async function markUninstalled(sql: Sql, aadObjectId: string): Promise<void> {
  await sql.query(
    'UPDATE conversation_refs SET installed = false, updated_at = now() WHERE aad_object_id = $1',
    [aadObjectId],
  );
}

/** Teams said the bot cannot reach `personId` any more (403/404 on a send): stop using their references until they install again. */
export async function markPersonUninstalled(sql: Sql, personId: number): Promise<void> {
  await sql.query(
    `UPDATE conversation_refs SET installed = false, updated_at = now()
      WHERE installed AND (person_id = $1 OR aad_object_id = (SELECT entra_object_id FROM people WHERE id = $1))`,
    [personId],
  );
}

/**
 * The installed reference to reach `personId` by, or null (the newest if there
 * are several). Only a personal chat's: the bot saves no other (bot/admission.ts),
 * and this holds even for a reference saved otherwise.
 */
export async function conversationReferenceFor(
  sql: Sql,
  personId: number,
): Promise<StoredReference | null> {
  // Two index lookups rather than an OR, which would read every reference.
  const [row] = await sql.query<{ reference: unknown }>(
    `SELECT reference FROM (
       SELECT c.reference, c.updated_at FROM conversation_refs c WHERE c.person_id = $1 AND c.installed
       UNION ALL
       SELECT c.reference, c.updated_at FROM people p JOIN conversation_refs c ON c.aad_object_id = p.entra_object_id
        WHERE p.id = $1 AND c.installed AND c.person_id IS NULL
     ) r WHERE r.reference -> 'conversation' ->> 'conversationType' = 'personal'
     ORDER BY updated_at DESC LIMIT 1`,
    [personId],
  );
  return row
    ? parseStored(storedObject, row.reference, `the conversation reference of person ${personId}`)
    : null;
}

/**
 * Removes the references of people Cadence has no business with, unused
 * since `before`: those whose Entra object id no person in the roster holds
 * now. That is someone outside the roster who installed or messaged the bot
 * (a colleague in another service, a tester), and someone the roster no
 * longer gives that id (a leaver imported with `entra_object_id` empty, an id
 * corrected): a reference linked to a person by `person_id` goes too once
 * the person's id is no longer its id. A reference holds the person's Teams
 * ids and name; the roster keeps no leaving date, so a leaver still in it
 * with their id keeps theirs. Returns how many were removed.
 */
export async function removeReferencesOutsideRoster(sql: Sql, before: Date): Promise<number> {
  const [row] = await sql.query<{ n: string }>(
    `WITH gone AS (
       DELETE FROM conversation_refs c
        WHERE c.updated_at < $1 AND NOT EXISTS (SELECT 1 FROM people p WHERE p.entra_object_id = c.aad_object_id)
       RETURNING 1)
     SELECT count(*) AS n FROM gone`,
    [before],
  );
  return Number(row!.n);
}

/** People who use Teams but have no installed reference: who has not installed the app (for admins). */
export async function listWithoutApp(sql: Sql): Promise<PersonWithoutApp[]> {
  const rows = await sql.query<PersonWithoutApp & { id: string }>(
    `SELECT p.id, p.upn, p.name FROM people p
      WHERE p.uses_teams
        AND NOT EXISTS (SELECT 1 FROM conversation_refs c
                         WHERE c.installed AND (c.person_id = p.id OR c.aad_object_id = p.entra_object_id))
      ORDER BY lower(p.name), p.id`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
