/**
 * Scheduled jobs' runs, claimed once across instances: the first instance to
 * insert (job, run key) runs it, holding a lease (migration 009) that it
 * renews while the run goes on. Another instance takes over a run left
 * unfinished only once its lease has lapsed (the instance died, or lost the
 * database for longer than the lease), and retries a failed run once its
 * retry time has passed.
 *
 * Leases are measured in the database's time (`now()`): they say whether a
 * process is alive, which is wall-clock time shared by every instance, not
 * the business clock (a demo or a test may pin that to one instant).
 */
import type { Sql } from './database.ts';
import { parseStored, storedObject } from './stored-json.ts';

/** How long a claim stands without being renewed (the runner renews it several times within this). */
export const DEFAULT_LEASE_MS = 60_000;
/** How long a failed run waits before another try. */
export const DEFAULT_RETRY_FAILED_AFTER_MS = 60 * 60 * 1000;

export interface JobRunRow {
  job: string;
  runKey: string;
  claimedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: Record<string, unknown> | null;
}

export interface ClaimOptions {
  /** The time of the claim as recorded (the caller's business clock); the database's when absent. */
  now?: Date;
  /** How long the claim stands before it must be renewed (`renewJobRun`). */
  leaseMs?: number;
}

const seconds = (placeholder: string) =>
  `make_interval(secs => ${placeholder}::double precision / 1000)`;

/**
 * Claims the run `runKey` of `job` for `instance`: true when this instance
 * got it (a new run, or one taken over: left unfinished with its lease
 * lapsed, or failed with its retry time passed).
 */
export async function claimJobRun(
  sql: Sql,
  job: string,
  runKey: string,
  instance: string,
  options: ClaimOptions = {},
): Promise<boolean> {
  const params = [job, runKey, instance, options.now ?? null, options.leaseMs ?? DEFAULT_LEASE_MS];
  const inserted = await sql.query(
    `INSERT INTO job_runs (job, run_key, claimed_by, started_at, lease_until)
     VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), now() + ${seconds('$5')})
     ON CONFLICT (job, run_key) DO NOTHING RETURNING job`,
    params,
  );
  if (inserted.length > 0) return true;
  // Taken over in one statement: of two instances trying at once, the row lock lets one through and the other finds the new lease.
  const taken = await sql.query(
    `UPDATE job_runs SET claimed_by = $3, started_at = coalesce($4::timestamptz, now()), finished_at = NULL, outcome = NULL,
            lease_until = now() + ${seconds('$5')}
      WHERE job = $1 AND run_key = $2 AND lease_until < now()
        AND (finished_at IS NULL OR outcome->>'failed' = 'true')
      RETURNING job`,
    params,
  );
  return taken.length > 0;
}

/**
 * Renews `instance`'s lease on an unfinished run for another `leaseMs`:
 * false when it no longer holds the run (another instance took it over
 * after the lease lapsed).
 */
export async function renewJobRun(
  sql: Sql,
  job: string,
  runKey: string,
  instance: string,
  leaseMs = DEFAULT_LEASE_MS,
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE job_runs SET lease_until = now() + ${seconds('$4')}
      WHERE job = $1 AND run_key = $2 AND claimed_by = $3 AND finished_at IS NULL
      RETURNING job`,
    [job, runKey, instance, leaseMs],
  );
  return rows.length > 0;
}

/**
 * Records the outcome of a run. `{ failed: true, ... }` marks a failure,
 * which another try may take after `retryFailedAfterMs`. With `instance`,
 * only while that instance still holds the claim; returns whether the row
 * was written.
 */
export async function finishJobRun(
  sql: Sql,
  job: string,
  runKey: string,
  outcome: Record<string, unknown>,
  options: { now?: Date; instance?: string; retryFailedAfterMs?: number } = {},
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE job_runs SET finished_at = coalesce($4::timestamptz, now()), outcome = $3::jsonb,
            lease_until = CASE WHEN $3::jsonb->>'failed' = 'true' THEN now() + ${seconds('$6')} END
      WHERE job = $1 AND run_key = $2 AND ($5::text IS NULL OR claimed_by = $5)
      RETURNING job`,
    [
      job,
      runKey,
      JSON.stringify(outcome),
      options.now ?? null,
      options.instance ?? null,
      options.retryFailedAfterMs ?? DEFAULT_RETRY_FAILED_AFTER_MS,
    ],
  );
  return rows.length > 0;
}

/**
 * Gives up every unfinished run `instance` holds, so that another instance
 * takes it at its next pass rather than when the lease lapses (graceful
 * shutdown). Returns the runs released.
 */
export async function releaseJobRuns(
  sql: Sql,
  instance: string,
): Promise<{ job: string; runKey: string }[]> {
  return sql.query<{ job: string; runKey: string }>(
    `UPDATE job_runs SET lease_until = '-infinity' WHERE claimed_by = $1 AND finished_at IS NULL RETURNING job, run_key AS "runKey"`,
    [instance],
  );
}

/** A job's runs, latest first. */
export async function listJobRuns(sql: Sql, job: string, limit = 100): Promise<JobRunRow[]> {
  const rows = await sql.query<Omit<JobRunRow, 'outcome'> & { outcome: unknown }>(
    `SELECT job, run_key AS "runKey", claimed_by AS "claimedBy", started_at AS "startedAt", finished_at AS "finishedAt", outcome
       FROM job_runs WHERE job = $1 ORDER BY started_at DESC, run_key DESC LIMIT $2`,
    [job, limit],
  );
  return rows.map((row) => ({
    ...row,
    outcome: parseStored(
      storedObject.nullable(),
      row.outcome,
      `the outcome of ${row.job} run ${row.runKey}`,
    ),
  }));
}
