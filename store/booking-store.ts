/** The `BookingStore` port of `supervision/booking.ts` over SQL. */
import type { Database } from './database.ts';
import {
  attachOccurrence,
  insertSeriesIntent,
  listBookable,
  listOpenSeries,
  markSeriesCreated,
  markSeriesDone,
  markSessionsBooked,
  type BookingFilter,
  type SeriesIntent,
} from './bookings.ts';

export function bookingStore(db: Database) {
  return {
    listBookable: (filter: BookingFilter, now: Date) => listBookable(db, filter, now),
    listOpenSeries: (relationshipIds: number[] | null) => listOpenSeries(db, relationshipIds),
    saveIntents: (intents: SeriesIntent[]) =>
      db.transaction(async (tx) => {
        for (const intent of intents) await insertSeriesIntent(tx, intent);
      }),
    markSeriesCreated: (seriesId: number, calendarSeriesId: string) =>
      markSeriesCreated(db, seriesId, calendarSeriesId),
    attachOccurrence: (sessionId: number, calendarEventId: string, calendarSeriesId: string) =>
      attachOccurrence(db, sessionId, calendarEventId, calendarSeriesId),
    markSessionsBooked: (sessionIds: number[]) => markSessionsBooked(db, sessionIds),
    markSeriesDone: (seriesId: number) => markSeriesDone(db, seriesId),
  };
}
