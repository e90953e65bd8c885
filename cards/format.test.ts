import { describe, expect, it } from 'vitest';
import {
  clip,
  formatDate,
  formatDateTime,
  humanize,
  overdueDays,
  shortDate,
  weekdayName,
} from './format.ts';

describe('format', () => {
  it('writes a calendar date with its weekday, across months and years', () => {
    expect(formatDate('2026-12-01')).toBe('Tue 1 Dec 2026');
    expect(formatDate('2027-01-01')).toBe('Fri 1 Jan 2027');
    expect(formatDate('2028-02-29')).toBe('Tue 29 Feb 2028');
    expect(formatDate('soon')).toBe('soon');
    expect(shortDate('2026-12-01', 'never')).toBe('1 Dec 2026');
    expect(shortDate(null, 'never')).toBe('never');
  });

  it('writes a London date and time', () => {
    expect(formatDateTime('2026-03-29T01:30')).toBe('Sun 29 Mar 2026 at 01:30');
    expect(formatDateTime('2026-12-01 11:20')).toBe('Tue 1 Dec 2026 at 11:20');
  });

  it('names weekdays from ISO numbers', () => {
    expect(weekdayName(1)).toBe('Monday');
    expect(weekdayName(7)).toBe('Sunday');
  });

  it('turns ids into words', () => {
    expect(humanize('child-protection')).toBe('child protection');
    expect(humanize('one-to-one')).toBe('one-to-one');
    expect(humanize('asye')).toBe('ASYE');
  });

  it('clips long text', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });

  it('says overdue, today or in how many days, and nothing for undated kinds', () => {
    expect(overdueDays('unrecorded', 1)).toBe('1 day overdue');
    expect(overdueDays('not-booked', 0)).toBe('due today');
    expect(overdueDays('not-booked', -3)).toBe('due in 3 days');
    expect(overdueDays('no-supervisor', 40)).toBeNull();
  });
});
