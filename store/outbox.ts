/**
 * The outbox (migration 006): proactive messages written before they are
 * sent, shared between instances. A sender claims due rows in one statement
 * (`FOR UPDATE SKIP LOCKED`, so two senders never take the same row) with a
 * lease in the database's time; a claim whose lease ran out (its instance
 * died) is due again.
 *
 * The settling writes (`markSent`, `retryLater`, `defer`,
 * `markUndeliverable`) touch only rows still pending, so a late writer cannot
 * bring back a message another instance has settled. They do not check who
 * holds the claim: the port names no instance there, and a message that was
 * sent must be marked sent whoever holds it now.
 */
import type { OutboxItem, OutboxMessage, OutboxStore } from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { parseStored, storedPayload } from './stored-json.ts';

export type OutboxStatus = 'pending' | 'waiting' | 'sent' | 'undeliverable' | 'cancelled';

/** Rows per INSERT when enqueueing: five array parameters each, so the size only bounds one statement's work. */
const ENQUEUE_CHUNK = 5_000;

export function outboxStore(sql: Sql): OutboxStore {
  return {
    /** Adds the messages whose keys are new; returns how many were added. */
    async enqueue(messages: readonly OutboxMessage[]): Promise<number> {
      let added = 0;
      for (let start = 0; start < messages.length; start += ENQUEUE_CHUNK) {
        const chunk = messages.slice(start, start + ENQUEUE_CHUNK);
        const [row] = await sql.query<{ added: string }>(
          `WITH added AS (
             INSERT INTO outbox (key, recipient_id, kind, payload, not_before)
             SELECT m.key, m.recipient_id, m.kind, m.payload::jsonb, m.not_before
               FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[]) AS m(key, recipient_id, kind, payload, not_before)
             ON CONFLICT (key) DO NOTHING
             RETURNING 1)
           SELECT count(*) AS added FROM added`,
          [
            chunk.map((m) => m.key),
            chunk.map((m) => m.recipientId),
            chunk.map((m) => m.kind),
            chunk.map((m) => JSON.stringify(m.payload)),
            chunk.map((m) => m.notBefore.toISOString()),
          ],
        );
        added += Number(row!.added);
      }
      return added;
    },

    /**
     * Claims up to `limit` pending messages due by `now` (the business clock)
     * for `instance`, oldest first, for `leaseMs` of the database's time: a
     * lease says whether its instance is alive, so a business clock pinned
     * for a demo or a test must not freeze it.
     */
    async claim(
      instance: string,
      now: Date,
      limit: number,
      leaseMs: number,
    ): Promise<OutboxItem[]> {
      const rows = await sql.query<OutboxItem & { id: string; recipientId: string }>(
        `UPDATE outbox SET claimed_by = $1, claimed_until = now() + make_interval(secs => $4::double precision / 1000)
          WHERE id IN (SELECT id FROM outbox
                        WHERE status = 'pending' AND not_before <= $2 AND (claimed_until IS NULL OR claimed_until < now())
                        ORDER BY not_before, id LIMIT $3
                        FOR UPDATE SKIP LOCKED)
          RETURNING id, key, recipient_id AS "recipientId", kind, payload, not_before AS "notBefore", attempts`,
        [instance, now, limit, leaseMs],
      );
      return rows
        .map((row) => ({
          ...row,
          payload: parseStored(
            storedPayload,
            row.payload,
            `the payload of outbox message ${row.key}`,
          ),
          id: Number(row.id),
          recipientId: Number(row.recipientId),
          notBefore: new Date(row.notBefore),
        }))
        .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.id - b.id);
    },

    async byKey(key: string): Promise<OutboxItem | null> {
      const [row] = await sql.query<OutboxItem & { id: string; recipientId: string }>(
        `SELECT id, key, recipient_id AS "recipientId", kind, payload, not_before AS "notBefore", attempts FROM outbox WHERE key = $1`,
        [key],
      );
      return row
        ? {
            ...row,
            payload: parseStored(
              storedPayload,
              row.payload,
              `the payload of outbox message ${row.key}`,
            ),
            id: Number(row.id),
            recipientId: Number(row.recipientId),
            notBefore: new Date(row.notBefore),
          }
        : null;
    },

    async markSent(id: number, at: Date, activityId: string | null): Promise<void> {
      await sql.query(
        `UPDATE outbox SET status = 'sent', sent_at = $2, activity_id = $3, attempts = attempts + 1,
                claimed_by = NULL, claimed_until = NULL, last_error = NULL
          WHERE id = $1 AND status = 'pending'`,
        [id, at, activityId],
      );
    },

    /** Puts a claimed message back, not before `at`, counting the attempt. */
    async retryLater(id: number, at: Date, error: string): Promise<void> {
      await sql.query(
        `UPDATE outbox SET not_before = $2, last_error = $3, attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL
          WHERE id = $1 AND status = 'pending'`,
        [id, at, error],
      );
    },

    /** Puts a claimed message back until `at` without counting an attempt (it was not tried: outside working hours, or its lease ran short). */
    async defer(id: number, at: Date, reason: string): Promise<void> {
      await sql.query(
        `UPDATE outbox SET not_before = $2, last_error = $3, claimed_by = NULL, claimed_until = NULL
          WHERE id = $1 AND status = 'pending'`,
        [id, at, reason],
      );
    },

    async markUndeliverable(id: number, reason: string): Promise<void> {
      await sql.query(
        `UPDATE outbox SET status = 'undeliverable', last_error = $2, attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL
          WHERE id = $1 AND status = 'pending'`,
        [id, reason],
      );
    },

    /**
     * Holds a claimed message until its recipient can be reached (migration
     * 011); no attempt is counted. If they installed the app meanwhile (their
     * wake-up ran between the delivery's lookup and now), it stays due instead:
     * nothing else would wake it.
     */
    async waitForRecipient(id: number, reason: string): Promise<void> {
      await sql.query(
        `UPDATE outbox o
            SET status = CASE WHEN EXISTS (
                  SELECT 1 FROM conversation_refs c LEFT JOIN people p ON p.id = o.recipient_id
                   WHERE c.installed AND (c.person_id = o.recipient_id OR c.aad_object_id = p.entra_object_id)) THEN 'pending' ELSE 'waiting' END,
                last_error = $2, claimed_by = NULL, claimed_until = NULL
          WHERE o.id = $1 AND o.status = 'pending'`,
        [id, reason],
      );
    },

    /**
     * The recipient installed the app: what waited for them is due again (at
     * its own time, already past), except what waited since before
     * `staleBefore`, which is given up as too old to be worth sending.
     */
    async wakeRecipient(recipientId: number, staleBefore: Date): Promise<number> {
      const [row] = await sql.query<{ due: string }>(
        `WITH settled AS (
           UPDATE outbox SET status = CASE WHEN not_before < $2 THEN 'undeliverable' ELSE 'pending' END,
                  last_error = CASE WHEN not_before < $2 THEN 'not sent: the recipient installed Cadence too long after it was due' ELSE last_error END
            WHERE recipient_id = $1 AND status = 'waiting'
           RETURNING status)
         SELECT count(*) FILTER (WHERE status = 'pending') AS due FROM settled`,
        [recipientId, staleBefore],
      );
      return Number(row?.due ?? 0);
    },

    /** Releases everything `instance` holds (graceful shutdown). */
    async release(instance: string): Promise<number> {
      const rows = await sql.query(
        `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 AND status = 'pending' RETURNING id`,
        [instance],
      );
      return rows.length;
    },
  };
}

/** How many messages are in each status (tests and the bench). */
export async function outboxCounts(sql: Sql): Promise<Record<OutboxStatus, number>> {
  const rows = await sql.query<{ status: OutboxStatus; count: string }>(
    'SELECT status, count(*) AS count FROM outbox GROUP BY status',
  );
  const counts: Record<OutboxStatus, number> = {
    pending: 0,
    waiting: 0,
    sent: 0,
    undeliverable: 0,
    cancelled: 0,
  };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
