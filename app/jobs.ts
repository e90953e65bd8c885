/**
 * The job runner: every `intervalMs` it asks each job whether a run is due
 * now (its run key: a London date for a daily job, a five-minute bucket for
 * a frequent one) and claims that run through `job_runs`, so each runs once
 * however many instances are up. The claim carries a lease, renewed while the
 * run goes on (job-lease.ts): a claim whose instance died is taken over by
 * another once its lease lapses (a minute by default), a failed run after
 * `retryFailedAfterMs`. Stopping releases what this instance still holds.
 */
import {
  claimJobRun,
  DEFAULT_LEASE_MS,
  DEFAULT_RETRY_FAILED_AFTER_MS,
  finishJobRun,
  releaseJobRuns,
  type Database,
} from '../store/index.ts';
import type { Clock } from '../supervision/index.ts';
import { holdLease } from './job-lease.ts';

export interface JobDefinition {
  name: string;
  /** The run due at `now` (e.g. the London date), or null when none is. */
  runKey(now: Date): string | null;
  /** Does the work; what it returns is kept as the run's outcome (ids and counts only). */
  run(now: Date): Promise<Record<string, unknown>>;
}

export type JobRunReport =
  | { job: string; runKey: string; status: 'ran'; outcome: Record<string, unknown> }
  /** `error` is the message, kept in job_runs; `thrown` is what was thrown, for the log to name its class and code. */
  | { job: string; runKey: string; status: 'failed'; error: string; thrown?: unknown }
  /** Another instance has it, or ran it already. */
  | { job: string; runKey: string; status: 'taken' }
  /** Ran (or failed), but the lease had lapsed meanwhile and another instance took the run over: its outcome stands, not this one. */
  | { job: string; runKey: string; status: 'lost' };

export interface JobRunnerDeps {
  db: Database;
  clock: Clock;
  /** This instance's name, kept with each claim. */
  instance: string;
  jobs: readonly JobDefinition[];
  intervalMs: number;
  /** How long a claim stands unrenewed (default a minute); it is renewed every third of that while the run goes on. */
  leaseMs?: number;
  /** After how long a failed run is tried again (default an hour). */
  retryFailedAfterMs?: number;
  /** Told of each due run: ran, failed, or taken by another instance (for the log). */
  onReport?: (report: JobRunReport) => void;
  /** Told when a timed pass could not run at all, or a lease could not be renewed or released (the database unreachable, say); the next interval tries again. */
  onError?: (error: unknown) => void;
}

export interface JobRunner {
  /** Stops the timer, waits for the run in hand, then releases any run this instance still holds unfinished (another instance takes it at its next pass). */
  stop(): Promise<void>;
  /** Runs every job due now, once across instances. */
  runOnce(): Promise<JobRunReport[]>;
}

/** Starts the runner; the first pass is one interval from now (call runOnce to go at once). */
export function startJobRunner(deps: JobRunnerDeps): JobRunner {
  let inHand: Promise<JobRunReport[]> = Promise.resolve([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  // One pass at a time: a pass asked for while one runs starts after it.
  const runOnce = () => {
    const next = inHand.catch(() => []).then(() => pass(deps));
    inHand = next;
    return next;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => deps.onError?.(error))
        .finally(schedule);
    }, deps.intervalMs);
  };
  schedule();

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inHand.catch(() => []);
      // Left unfinished if its outcome could not be written (the database away): let another instance take it now, not a lease later.
      await releaseJobRuns(deps.db, deps.instance).catch((error: unknown) => deps.onError?.(error));
    },
  };
}

async function pass(deps: JobRunnerDeps): Promise<JobRunReport[]> {
  const reports: JobRunReport[] = [];
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  for (const job of deps.jobs) {
    const now = deps.clock.now();
    const runKey = job.runKey(now);
    if (runKey === null) continue;
    const claimed = await claimJobRun(deps.db, job.name, runKey, deps.instance, { now, leaseMs });
    const report = claimed
      ? await runClaimed(deps, job, runKey, now, leaseMs)
      : { job: job.name, runKey, status: 'taken' as const };
    reports.push(report);
    deps.onReport?.(report);
  }
  return reports;
}

/** Runs a claimed run under its lease and writes its outcome. */
async function runClaimed(
  deps: JobRunnerDeps,
  job: JobDefinition,
  runKey: string,
  now: Date,
  leaseMs: number,
): Promise<JobRunReport> {
  const lease = holdLease(
    deps.db,
    { job: job.name, runKey, instance: deps.instance },
    leaseMs,
    (error) => deps.onError?.(error),
  );
  try {
    let outcome: Record<string, unknown>;
    let report: JobRunReport;
    try {
      outcome = await job.run(now);
      report = { job: job.name, runKey, status: 'ran', outcome };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = { failed: true, error: message };
      report = { job: job.name, runKey, status: 'failed', error: message, thrown: error };
    }
    const options = {
      now: deps.clock.now(),
      instance: deps.instance,
      retryFailedAfterMs: deps.retryFailedAfterMs ?? DEFAULT_RETRY_FAILED_AFTER_MS,
    };
    const written = await persistently(
      () => finishJobRun(deps.db, job.name, runKey, outcome, options),
      leaseMs / 6,
    );
    return written ? report : { job: job.name, runKey, status: 'lost' };
  } finally {
    await lease.end();
  }
}

/**
 * Writes an outcome through a short database outage (a restart, a
 * failover): five tries `gapMs` apart, all within the lease that the
 * heartbeat keeps renewing meanwhile, so the work done is not done again.
 */
async function persistently(write: () => Promise<boolean>, gapMs: number): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  }
}

/** A run key per `minutes`-minute bucket of UTC time, e.g. `2026-11-23T09:05Z` for every 5 minutes. */
export function everyMinutes(minutes: number): (now: Date) => string {
  const ms = minutes * 60_000;
  return (now) => `${new Date(Math.floor(now.getTime() / ms) * ms).toISOString().slice(0, 16)}Z`;
}
