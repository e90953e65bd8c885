/**
 * The window a mailbox's delta rounds watch. Graph fixes a calendarView
 * delta's window at the first round and encodes it in the token
 * (https://learn.microsoft.com/graph/delta-query-events: the state tokens
 * encode the initial request's startDateTime and endDateTime), so a
 * link taken when booking reached three months ahead never sees a session
 * booked after its end. Cadence keeps each link's window and starts a new
 * round, with a window reaching past everything booked, once booking gets
 * near its end.
 */
import {
  addDays,
  addMonths,
  fromLondonDateTime,
  londonDate,
  type IsoDate,
} from '../rules/index.ts';

export interface SyncWindow {
  from: Date;
  to: Date;
}

/** How far past the booking horizon a new window reaches: a link lasts about this long before the next new round. */
export const WINDOW_MONTHS_PAST_HORIZON = 2;

/** A new window: from now to two months past the booking horizon, and past the mailbox's last booked session. */
export function newWindow(
  now: Date,
  today: IsoDate,
  horizonMonths: number,
  lastEndsAt: Date,
): SyncWindow {
  const pastHorizon = fromLondonDateTime(
    `${addMonths(today, horizonMonths + WINDOW_MONTHS_PAST_HORIZON)}T23:59:59`,
  );
  const pastLast = fromLondonDateTime(`${addDays(londonDate(lastEndsAt), 31)}T23:59:59`);
  return { from: now, to: pastHorizon > pastLast ? pastHorizon : pastLast };
}

/** Whether the link's window no longer reaches far enough: the booking horizon, or a session already booked, is at or past its end. */
export function windowOutgrown(
  window: SyncWindow,
  today: IsoDate,
  horizonMonths: number,
  lastEndsAt: Date,
): boolean {
  const horizonEnd = fromLondonDateTime(`${addMonths(today, horizonMonths)}T23:59:59`);
  return horizonEnd >= window.to || lastEndsAt > window.to;
}

/**
 * Whether a round over this window would have listed the session: it lies
 * wholly inside. Only then may a first round's silence about a session mean
 * that Outlook no longer has it.
 */
export function windowCovers(
  window: SyncWindow,
  session: { startsAt: Date; endsAt: Date },
): boolean {
  return session.startsAt >= window.from && session.endsAt <= window.to;
}
