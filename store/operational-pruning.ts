/**
 * Pruning the rows that keep Cadence running but carry nothing an audit
 * needs, once they are older than a fixed window (90 days, set by the
 * caller): messages settled in the outbox (or still waiting, that long, for
 * their recipient to install the app), finished job runs, used card-action
 * nonces and snoozes that have ended.
 *
 * Each kind of row is safe to lose after that long:
 * - an outbox key stops a message being enqueued twice, and every scan
 *   regenerates keys only for the last few weeks — except an overdue notice,
 *   which the scan repeats, with the same key, for as long as the person stays
 *   overdue from that due date. So the latest notice for each recipient,
 *   supervisee and type is kept; an earlier one (a later due date has
 *   superseded it) goes; a ladder message is how the ladder remembers whom it
 *   told (supervision/escalation-ladder.ts), so an item still overdue 90 days
 *   after it reached someone reaches them once more;
 * - a job run's key is a day or a five-minute bucket, never due again;
 * - a card older than 90 days replayed after its nonce is gone meets the
 *   domain's own checks (already recorded, already booked) instead.
 */
import type { Sql } from './database.ts';

export interface PruneCounts {
  outbox: number;
  jobRuns: number;
  cardActions: number;
  snoozes: number;
}

export async function pruneOperationalBefore(sql: Sql, before: Date): Promise<PruneCounts> {
  const count = async (statement: string) =>
    Number(
      (
        await sql.query<{ n: string }>(
          `WITH gone AS (${statement} RETURNING 1) SELECT count(*) AS n FROM gone`,
          [before],
        )
      )[0]!.n,
    );
  const outbox = await count(
    `DELETE FROM outbox o
      WHERE o.status IN ('sent', 'undeliverable', 'cancelled', 'waiting') AND GREATEST(o.created_at, o.sent_at) < $1
        AND (o.kind <> 'overdue-notice' OR EXISTS (
              SELECT 1 FROM outbox later
               WHERE later.kind = 'overdue-notice' AND later.recipient_id = o.recipient_id
                 AND later.payload->>'superviseeId' = o.payload->>'superviseeId' AND later.payload->>'type' = o.payload->>'type'
                 AND later.payload->>'dueOn' > o.payload->>'dueOn'))`,
  );
  const jobRuns = await count('DELETE FROM job_runs WHERE finished_at < $1');
  const cardActions = await count('DELETE FROM card_actions WHERE applied_at < $1');
  const snoozes = await count('DELETE FROM snoozes WHERE until_at < $1');
  return { outbox, jobRuns, cardActions, snoozes };
}
