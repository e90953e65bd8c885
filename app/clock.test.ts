import { describe, expect, it } from 'vitest';
import { fixedClock, londonDate, today } from './clock.ts';

describe('today, in Europe/London', () => {
  it('is already the next day in London late on a summer evening in UTC', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
  });

  it('is the UTC date in winter, when London keeps GMT', () => {
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('comes from the clock it is given, so tests pin the date', () => {
    expect(today(fixedClock(new Date('2027-03-28T00:30:00Z')))).toBe('2027-03-28');
  });
});
