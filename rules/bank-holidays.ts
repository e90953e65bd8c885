/**
 * Bank holidays in England and Wales, computed offline by `date-holidays`.
 *
 * Why this package rather than a copy of gov.uk's bank-holidays.json: the
 * gov.uk file only reaches a year or two ahead, while a booking horizon or a
 * compliance report can reach further; `date-holidays` computes every year
 * from rules (Easter, substitute days) and carries the one-off holidays
 * (2022 jubilee and state funeral, 2023 coronation). Its 2026 and 2027 dates
 * are pinned against gov.uk's published list in `working-days.test.ts`, so an
 * update that disagrees fails the tests. England and Wales share one list
 * (gov.uk publishes them as the division "england-and-wales").
 *
 * It is loaded on the first question, not with rules/: its ES modules are
 * about a hundred files (astronomy for other countries' calendars), which
 * made every `cadence` command slower to start, even those that never count
 * working days. `require` takes its CommonJS build, with the same types: as
 * many files, but Node loads them itself, not one by one through tsx's
 * hooks (~100 ms here against ~300 ms as ES modules).
 */
import { createRequire } from 'node:module';
import type HolidaysClass from 'date-holidays';
import type { IsoDate } from './calendar-date.ts';

let england: HolidaysClass | undefined;
const byYear = new Map<number, ReadonlySet<string>>();

function englandAndWales(): HolidaysClass {
  if (!england) {
    const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysClass;
    england = new Holidays('GB', 'ENG');
  }
  return england;
}

/** The England and Wales bank holidays of `year`, as `YYYY-MM-DD` strings. */
export function bankHolidays(year: number): ReadonlySet<string> {
  let days = byYear.get(year);
  if (!days) {
    // `date` is the local date text "YYYY-MM-DD hh:mm:ss"; taking its first
    // ten characters keeps the machine's time zone out of it.
    days = new Set(
      englandAndWales()
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public' || holiday.type === 'bank')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    byYear.set(year, days);
  }
  return days;
}

export function isBankHoliday(date: IsoDate): boolean {
  return bankHolidays(Number(date.slice(0, 4))).has(date);
}
