/**
 * Calendar dates as ISO `YYYY-MM-DD` strings.
 *
 * A supervision due date is a day on the calendar, not an instant, so the
 * arithmetic here works on whole days through `Date.UTC` and never depends on
 * the machine's time zone. Turning an instant into "today" is the clock's job
 * (in `app/clock.ts`), which does it in Europe/London.
 */
import { z } from 'zod';
import { InputError } from './errors.ts';

/** A calendar date written `YYYY-MM-DD`; only {@link parseIsoDate} makes one. */
export type IsoDate = string & { readonly __isoDate: unique symbol };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Whether `text` is a real date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(text: string): text is IsoDate {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * A date read at a boundary (a Graph response, stored JSON): zod refuses
 * anything that is not a real `YYYY-MM-DD` date, and what passes is an IsoDate.
 */
export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD' });

/** Checks that `text` is a real date (2026-02-30 is refused) and returns it typed. */
export function parseIsoDate(text: string, what = 'date'): IsoDate {
  const match = ISO_DATE.exec(text);
  if (!match) {
    throw new InputError(
      `${what} '${text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31`,
    );
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InputError(`${what} '${text}' does not exist on the calendar`);
  }
  return text as IsoDate;
}

/** Days since 1970-01-01 for a date; the unit every other helper counts in. */
export function toDayNumber(date: IsoDate): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    MS_PER_DAY
  );
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Adds calendar months, clamping to the last day of a shorter month:
 * 2026-01-31 + 1 month = 2026-02-28, 2028-01-31 + 1 month = 2028-02-29.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const year = Number(date.slice(0, 4));
  const monthIndex = Number(date.slice(5, 7)) - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = (((monthIndex % 12) + 12) % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(targetYear, targetMonth));
  return `${targetYear}-${pad(targetMonth)}-${pad(day)}` as IsoDate;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const sundayIsZero = new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
  return sundayIsZero === 0 ? 7 : sundayIsZero;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
