/**
 * Booking every relationship and group as the daily job does (`{ all: true }`),
 * three months ahead in 60-minute sessions, at 09:00 London on `today`.
 */
import { fixedClock } from '../../app/clock.ts';
import { londonInstant, type IsoDate } from '../../rules/index.ts';
import { bookingStore, type Database } from '../../store/index.ts';
import { book, type BookingReport, type CalendarPort } from '../../supervision/index.ts';

export function bookEveryone(
  db: Database,
  calendar: CalendarPort,
  today: IsoDate,
): Promise<BookingReport> {
  return book(
    { store: bookingStore(db), calendar, clock: fixedClock(londonInstant(today, '09:00')) },
    { all: true },
    { dryRun: false, horizonMonths: 3, durationMinutes: 60 },
  );
}
