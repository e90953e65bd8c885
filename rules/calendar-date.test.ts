import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysBetween,
  isoDateSchema,
  isoWeekday,
  parseIsoDate,
} from './calendar-date.ts';

const d = (text: string) => parseIsoDate(text);

describe('calendar dates', () => {
  it('refuses dates that do not exist, saying how to write one', () => {
    expect(() => parseIsoDate('2026-02-29')).toThrow(
      "date '2026-02-29' does not exist on the calendar",
    );
    expect(() => parseIsoDate('2026-13-01')).toThrow('does not exist');
    expect(() => parseIsoDate('31/01/2026', '--on')).toThrow(
      "--on '31/01/2026' is not a date: write it as YYYY-MM-DD",
    );
    expect(parseIsoDate('2028-02-29')).toBe('2028-02-29');
  });

  it('clamps month arithmetic at month ends: 31 January + 1 month is the last day of February', () => {
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2028-01-31'), 1)).toBe('2028-02-29');
    expect(addMonths(d('2026-03-31'), 1)).toBe('2026-04-30');
    expect(addMonths(d('2026-08-31'), 6)).toBe('2027-02-28');
    expect(addMonths(d('2026-01-15'), 12)).toBe('2027-01-15');
    expect(addMonths(d('2026-03-31'), -1)).toBe('2026-02-28');
  });

  it('counts days and weekdays without regard to the machine time zone or clock changes', () => {
    // 29 March 2026 is the day the clocks go forward in London.
    expect(daysBetween(d('2026-03-28'), d('2026-03-30'))).toBe(2);
    expect(isoWeekday(d('2026-11-23'))).toBe(1);
    expect(isoWeekday(d('2026-11-29'))).toBe(7);
  });
});

describe('isoDateSchema', () => {
  it('lets a real date through and refuses one the calendar does not have', () => {
    expect(isoDateSchema.parse('2027-03-01')).toBe('2027-03-01');
    expect(isoDateSchema.safeParse('2027-02-30').success).toBe(false);
    expect(isoDateSchema.safeParse('2027-3-1').success).toBe(false);
  });
});
