/**
 * What the daily job and `cadence daily` do: take the relationships a roster
 * import ended out of Outlook (app/end-relationships.ts), reconcile Outlook, then book
 * every `automatic` relationship's horizon forward. Reconciling goes first so
 * that booking plans around what people changed in Outlook; but it can never
 * stop booking: whatever it throws is reported and booking goes ahead
 * (issue 12: one expired delta link used to stop booking for the whole
 * council, every day). Each mailbox's own failures are inside the report.
 * Endings go first: their sessions are already cancelled in the store, so
 * reconciling does not take their removal from Outlook for a loss; and what
 * an ending could not do stays queued for the next run, never stopping the rest.
 * One exception: when Graph could not be reached at all (no calendar asked
 * gave any answer), booking is not tried — it would spend its retries, about
 * 15 s a step, failing the same way, and hold a stopping instance past its
 * grace period; the next run books.
 */
import { GraphRequestError } from '../graph/index.ts';
import { bookingStore, reconcileStore, type Database } from '../store/index.ts';
import {
  book,
  reconcile,
  type BookingReport,
  type CalendarPort,
  type Clock,
  type EndingReport,
  type ReconcileReport,
} from '../supervision/index.ts';
import type { Config } from './config.ts';
import { endRelationships } from './end-relationships.ts';

export interface DailyRun {
  /** Null when ending relationships failed as a whole (see endingError). */
  ended: EndingReport | null;
  /** What ending threw, when it failed as a whole. */
  endingError: unknown;
  /** Null when reconciling failed as a whole (see reconcileError). */
  reconciled: ReconcileReport | null;
  /** What reconciling threw, when it failed as a whole. */
  reconcileError: unknown;
  /** Null when booking was not tried because Graph could not be reached (see graphUnreachable). */
  booked: BookingReport | null;
  graphUnreachable: boolean;
}

export async function dailyRun(deps: {
  db: Database;
  calendar: CalendarPort;
  clock: Clock;
  config: Config;
}): Promise<DailyRun> {
  const { db, calendar, clock, config } = deps;
  let ended: EndingReport | null = null;
  let endingError: unknown = null;
  try {
    ended = await endRelationships(db, calendar, clock);
  } catch (error) {
    endingError = error;
  }
  let reconciled: ReconcileReport | null = null;
  let reconcileError: unknown = null;
  try {
    reconciled = await reconcile(
      { store: reconcileStore(db), calendar, clock },
      { horizonMonths: config.bookingMonths },
    );
  } catch (error) {
    reconcileError = error;
  }
  const graphUnreachable = unreachable(reconciled, reconcileError);
  const booked = graphUnreachable
    ? null
    : await book(
        { store: bookingStore(db), calendar, clock },
        { all: true },
        {
          dryRun: false,
          horizonMonths: config.bookingMonths,
          durationMinutes: config.sessionMinutes,
        },
      );
  return { ended, endingError, reconciled, reconcileError, booked, graphUnreachable };
}

/** No answer at all: status 0 is a request that never reached Graph (graph/batch.ts), "0 …" its detail in the report. */
function unreachable(reconciled: ReconcileReport | null, error: unknown): boolean {
  if (error instanceof GraphRequestError) return error.status === 0;
  if (!reconciled) return false;
  const asked = reconciled.unreconciled.filter((u) => !u.skipped);
  return (
    reconciled.reconciled === 0 && asked.length > 0 && asked.every((u) => u.detail.startsWith('0 '))
  );
}
