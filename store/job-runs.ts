/**
 * Scheduled jobs' runs, claimed once across instances: the first instance to
 * insert (job, run key) runs it. A claim whose instance died before finishing
 * (unfinished after `staleAfterMs`), or a run that failed (retried after the
 * same time), may be taken over by another instance.
 */
import type { Sql } from './database.ts';

/** How long an unfinished claim, or a failed run, stands before another instance may take it over. */
export const DEFAULT_STALE_AFTER_MS = 60 * 60 * 1000;

export interface JobRunRow {
  job: string;
  runKey: string;
  claimedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: Record<string, unknown> | null;
}

export interface ClaimOptions {
  /** The time of the claim (the caller's clock); the database's when absent. */
  now?: Date;
  staleAfterMs?: number;
}

/**
 * Claims the run `runKey` of `job` for `instance`: true when this instance
 * got it (a new run, or one taken over from an instance that died or failed).
 */
export async function claimJobRun(sql: Sql, job: string, runKey: string, instance: string, options: ClaimOptions = {}): Promise<boolean> {
  const now = options.now ?? null;
  const inserted = await sql.query(
    `INSERT INTO job_runs (job, run_key, claimed_by, started_at) VALUES ($1, $2, $3, coalesce($4::timestamptz, now()))
     ON CONFLICT (job, run_key) DO NOTHING RETURNING job`,
    [job, runKey, instance, now],
  );
  if (inserted.length > 0) return true;
  // Taken over in one statement: of two instances trying at once, the row lock lets one through and the other finds it fresh.
  const staleBefore = `coalesce($4::timestamptz, now()) - make_interval(secs => $5::double precision / 1000)`;
  const taken = await sql.query(
    `UPDATE job_runs SET claimed_by = $3, started_at = coalesce($4::timestamptz, now()), finished_at = NULL, outcome = NULL
      WHERE job = $1 AND run_key = $2
        AND ((finished_at IS NULL AND started_at < ${staleBefore})
          OR (finished_at IS NOT NULL AND outcome->>'failed' = 'true' AND finished_at < ${staleBefore}))
      RETURNING job`,
    [job, runKey, instance, now, options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS],
  );
  return taken.length > 0;
}

/**
 * Records the outcome of a run (`{ failed: true, ... }` for a failure, which
 * may be retried after the stale time). With `instance`, only while that
 * instance still holds the claim; returns whether the row was written.
 */
export async function finishJobRun(
  sql: Sql,
  job: string,
  runKey: string,
  outcome: Record<string, unknown>,
  options: { now?: Date; instance?: string } = {},
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE job_runs SET finished_at = coalesce($4::timestamptz, now()), outcome = $3::jsonb
      WHERE job = $1 AND run_key = $2 AND ($5::text IS NULL OR claimed_by = $5)
      RETURNING job`,
    [job, runKey, JSON.stringify(outcome), options.now ?? null, options.instance ?? null],
  );
  return rows.length > 0;
}

/** A job's runs, latest first. */
export async function listJobRuns(sql: Sql, job: string, limit = 100): Promise<JobRunRow[]> {
  return sql.query<JobRunRow>(
    `SELECT job, run_key AS "runKey", claimed_by AS "claimedBy", started_at AS "startedAt", finished_at AS "finishedAt", outcome
       FROM job_runs WHERE job = $1 ORDER BY started_at DESC, run_key DESC LIMIT $2`,
    [job, limit],
  );
}
