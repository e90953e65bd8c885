/**
 * What the daily job and `cadence daily` do: reconcile Outlook, then book
 * every `automatic` relationship's horizon forward. Reconciling goes first so
 * that booking plans around what people changed in Outlook; but it can never
 * stop booking: whatever it throws is reported and booking goes ahead
 * (issue 12: one expired delta link used to stop booking for the whole
 * council, every day). Each mailbox's own failures are inside the report.
 */
import { bookingStore, reconcileStore, type Database } from '../store/index.ts';
import { book, reconcile, type BookingReport, type CalendarPort, type Clock, type ReconcileReport } from '../supervision/index.ts';
import type { Config } from './config.ts';

export interface DailyRun {
  /** Null when reconciling failed as a whole (see reconcileError). */
  reconciled: ReconcileReport | null;
  /** What reconciling threw, when it failed as a whole. */
  reconcileError: unknown;
  booked: BookingReport;
}

export async function dailyRun(deps: { db: Database; calendar: CalendarPort; clock: Clock; config: Config }): Promise<DailyRun> {
  const { db, calendar, clock, config } = deps;
  let reconciled: ReconcileReport | null = null;
  let reconcileError: unknown = null;
  try {
    reconciled = await reconcile({ store: reconcileStore(db), calendar, clock }, { horizonMonths: config.bookingMonths });
  } catch (error) {
    reconcileError = error;
  }
  const booked = await book({ store: bookingStore(db), calendar, clock }, { all: true }, {
    dryRun: false,
    horizonMonths: config.bookingMonths,
    durationMinutes: config.sessionMinutes,
    teamsMeeting: true,
  });
  return { reconciled, reconcileError, booked };
}
