import { describe, expect, it } from 'vitest';
import { bankHolidays } from './bank-holidays.ts';
import { parseIsoDate } from './calendar-date.ts';
import { addWorkingDays, isWorkingDay } from './working-days.ts';

const d = (text: string) => parseIsoDate(text);

describe('England and Wales bank holidays', () => {
  // As published by gov.uk for the division england-and-wales.
  it('match the published 2026 list, with Boxing Day moved to Monday 28 December', () => {
    expect([...bankHolidays(2026)].filter((day) => isWorkingDayOfWeek(day)).sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('match the published 2027 list, with both Christmas substitute days', () => {
    expect([...bankHolidays(2027)].filter((day) => isWorkingDayOfWeek(day)).sort()).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  it('include the one-off holidays: 2022 jubilee and 2023 coronation', () => {
    expect(isWorkingDay(d('2022-06-02'))).toBe(false);
    expect(isWorkingDay(d('2022-06-03'))).toBe(false);
    expect(isWorkingDay(d('2023-05-08'))).toBe(false);
  });
});

describe('adding working days (the start day not counted)', () => {
  it('skips Christmas 2026 and its Monday substitute Boxing Day', () => {
    expect(addWorkingDays(d('2026-12-24'), 1)).toBe('2026-12-29');
    expect(addWorkingDays(d('2026-12-24'), 2)).toBe('2026-12-30');
    expect(addWorkingDays(d('2026-12-31'), 1)).toBe('2027-01-04');
  });

  it('skips both substitute days of Christmas 2027, which falls on a Saturday', () => {
    expect(addWorkingDays(d('2027-12-24'), 1)).toBe('2027-12-29');
  });

  it('skips Good Friday and Easter Monday in 2026 and 2027', () => {
    expect(addWorkingDays(d('2026-04-02'), 1)).toBe('2026-04-07');
    expect(addWorkingDays(d('2027-03-25'), 2)).toBe('2027-03-31');
  });

  it('skips weekends, counts back with a negative number, and leaves the date alone for zero', () => {
    expect(addWorkingDays(d('2026-11-20'), 1)).toBe('2026-11-23');
    expect(addWorkingDays(d('2026-11-23'), -1)).toBe('2026-11-20');
    expect(addWorkingDays(d('2026-04-07'), -1)).toBe('2026-04-02');
    expect(addWorkingDays(d('2026-11-22'), 0)).toBe('2026-11-22');
  });
});

function isWorkingDayOfWeek(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}
