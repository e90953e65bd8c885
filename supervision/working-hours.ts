/**
 * When Cadence may message someone: inside working hours, in Europe/London,
 * on a working day (Monday to Friday, not an England and Wales bank holiday).
 *
 * Everyone gets DEFAULT_WORKING_HOURS, 09:00–17:00, for now: Cadence does not
 * yet read each person's Outlook working hours (Graph's
 * `mailboxSettings.workingHours`); when it does, pass them here per recipient.
 */
import {
  addDays,
  isWorkingDay,
  londonDate,
  londonDateTime,
  londonInstant,
  type IsoDate,
} from '../rules/index.ts';

export interface MessagingHours {
  /** London wall-clock `HH:mm`; `end` is exclusive. */
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: MessagingHours = { start: '09:00', end: '17:00' };

/** Whether `at` falls inside working hours on a working day. */
export function isWithinWorkingHours(
  at: Date,
  hours: MessagingHours = DEFAULT_WORKING_HOURS,
): boolean {
  const date = londonDate(at);
  if (!isWorkingDay(date)) return false;
  const time = londonDateTime(at).slice(11, 16);
  return time >= hours.start && time < hours.end;
}

/** The first instant at or after `at` inside working hours on a working day. */
export function nextWorkingInstant(at: Date, hours: MessagingHours = DEFAULT_WORKING_HOURS): Date {
  if (!(hours.start < hours.end))
    throw new RangeError(
      `working hours must start before they end, got ${hours.start}–${hours.end}`,
    );
  if (isWithinWorkingHours(at, hours)) return at;
  let date: IsoDate = londonDate(at);
  // Later today, if the day has not started yet; otherwise the next working day's start.
  if (isWorkingDay(date) && at.getTime() < londonInstant(date, hours.start).getTime())
    return londonInstant(date, hours.start);
  do date = addDays(date, 1);
  while (!isWorkingDay(date));
  return londonInstant(date, hours.start);
}
