/**
 * Keeping a claimed job run ours while it runs: its lease is renewed every
 * third of the lease, so a run that takes minutes (daily booking) is not
 * taken over while its instance is alive and reaches the database, and one
 * whose instance died is taken over within one lease (store/job-runs.ts).
 */
import { renewJobRun, type Sql } from '../store/index.ts';

export interface LeaseHold {
  /** Stops renewing; waits for a renewal in flight, so none lands after a release. */
  end(): Promise<void>;
}

export function holdLease(
  sql: Sql,
  run: { job: string; runKey: string; instance: string },
  leaseMs: number,
  onError: (error: unknown) => void,
): LeaseHold {
  let inFlight: Promise<void> | null = null;
  const beat = setInterval(() => {
    // A slow database: skip a beat rather than stack renewals up.
    if (inFlight) return;
    // A renewal that finds the run no longer ours changes nothing: writing the outcome will say so.
    inFlight = renewJobRun(sql, run.job, run.runKey, run.instance, leaseMs)
      .then(() => undefined, onError)
      .finally(() => {
        inFlight = null;
      });
  }, leaseMs / 3);
  return {
    end: async () => {
      clearInterval(beat);
      await inFlight;
    },
  };
}
