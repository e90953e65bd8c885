/**
 * Working days: Monday to Friday, less England and Wales bank holidays.
 */
import { addDays, isoWeekday, type IsoDate } from './calendar-date.ts';
import { isBankHoliday } from './bank-holidays.ts';

export function isWorkingDay(date: IsoDate): boolean {
  return isoWeekday(date) <= 5 && !isBankHoliday(date);
}

/**
 * The date `days` working days after `from` (before it when negative); `from`
 * itself is not counted, so adding 2 working days to a Thursday session gives
 * the Monday after, and to Christmas Eve 2026 gives 30 December.
 */
export function addWorkingDays(from: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days))
    throw new RangeError(`working days must be a whole number, got ${days}`);
  const step = days < 0 ? -1 : 1;
  let date = from;
  for (let left = Math.abs(days); left > 0;) {
    date = addDays(date, step);
    if (isWorkingDay(date)) left -= 1;
  }
  return date;
}
