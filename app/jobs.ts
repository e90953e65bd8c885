/**
 * The job runner: every `intervalMs` it asks each job whether a run is due
 * now (its run key: a London date for a daily job, a five-minute bucket for
 * a frequent one) and claims that run through `job_runs`, so each runs once
 * however many instances are up. A claim left unfinished by an instance that
 * died, or a failed run, is taken over by another after the stale time.
 */
import { claimJobRun, finishJobRun, type Database } from '../store/index.ts';
import type { Clock } from '../supervision/index.ts';

export interface JobDefinition {
  name: string;
  /** The run due at `now` (e.g. the London date), or null when none is. */
  runKey(now: Date): string | null;
  /** Does the work; what it returns is kept as the run's outcome (ids and counts only). */
  run(now: Date): Promise<Record<string, unknown>>;
}

export type JobRunReport =
  | { job: string; runKey: string; status: 'ran'; outcome: Record<string, unknown> }
  | { job: string; runKey: string; status: 'failed'; error: string }
  /** Another instance has it, or ran it already. */
  | { job: string; runKey: string; status: 'taken' };

export interface JobRunnerDeps {
  db: Database;
  clock: Clock;
  /** This instance's name, kept with each claim. */
  instance: string;
  jobs: readonly JobDefinition[];
  intervalMs: number;
  /** After how long an unfinished claim or a failed run may be taken over (default an hour). */
  staleAfterMs?: number;
  /** Told of each due run: ran, failed, or taken by another instance (for the log). */
  onReport?: (report: JobRunReport) => void;
  /** Told when a timed pass could not run at all (the database unreachable, say); the next interval tries again. */
  onError?: (error: unknown) => void;
}

export interface JobRunner {
  /** Stops the timer and waits for the run in hand. */
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
    },
  };
}

async function pass(deps: JobRunnerDeps): Promise<JobRunReport[]> {
  const reports: JobRunReport[] = [];
  for (const job of deps.jobs) {
    const now = deps.clock.now();
    const runKey = job.runKey(now);
    if (runKey === null) continue;
    const claimed = await claimJobRun(deps.db, job.name, runKey, deps.instance, { now, ...(deps.staleAfterMs !== undefined && { staleAfterMs: deps.staleAfterMs }) });
    let report: JobRunReport;
    if (!claimed) {
      report = { job: job.name, runKey, status: 'taken' };
    } else {
      try {
        const outcome = await job.run(now);
        await finishJobRun(deps.db, job.name, runKey, outcome, { now: deps.clock.now(), instance: deps.instance });
        report = { job: job.name, runKey, status: 'ran', outcome };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await finishJobRun(deps.db, job.name, runKey, { failed: true, error: message }, { now: deps.clock.now(), instance: deps.instance });
        report = { job: job.name, runKey, status: 'failed', error: message };
      }
    }
    reports.push(report);
    deps.onReport?.(report);
  }
  return reports;
}

/** A run key per `minutes`-minute bucket of UTC time, e.g. `2026-11-23T09:05Z` for every 5 minutes. */
export function everyMinutes(minutes: number): (now: Date) => string {
  const ms = minutes * 60_000;
  return (now) => `${new Date(Math.floor(now.getTime() / ms) * ms).toISOString().slice(0, 16)}Z`;
}
