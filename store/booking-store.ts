/** The `BookingStore` port of `supervision/booking.ts` over SQL. */
import type { BookingStore } from '../supervision/index.ts';
import type { Database } from './database.ts';
import { coverPeriodsOf } from './cover.ts';
import { listPlannableGroups } from './groups.ts';
import {
  attachOccurrence,
  insertSeriesIntent,
  listBookable,
  listOpenGroupSeries,
  listOpenSeries,
  markSeriesCreated,
  markSeriesDone,
  markSessionsBooked,
} from './bookings.ts';

export function bookingStore(db: Database): BookingStore {
  return {
    listBookable: (filter, now) => listBookable(db, filter, now),
    listOpenSeries: (relationshipIds) => listOpenSeries(db, relationshipIds),
    listBookableGroups: (filter, now) => listPlannableGroups(db, filter, now),
    listOpenGroupSeries: (groupIds) => listOpenGroupSeries(db, groupIds),
    listCoverPeriods: (supervisorUpns, fromOn, toOn) =>
      coverPeriodsOf(db, supervisorUpns, fromOn, toOn),
    saveIntents: (intents) =>
      db.transaction(async (tx) => {
        for (const intent of intents) await insertSeriesIntent(tx, intent);
      }),
    markSeriesCreated: (seriesId, calendarSeriesId) =>
      markSeriesCreated(db, seriesId, calendarSeriesId),
    attachOccurrence: (sessionId, calendarEventId, calendarSeriesId) =>
      attachOccurrence(db, sessionId, calendarEventId, calendarSeriesId),
    markSessionsBooked: (sessionIds) => markSessionsBooked(db, sessionIds),
    markSeriesDone: (seriesId) => markSeriesDone(db, seriesId),
  };
}
