import { describe, expect, it } from 'vitest';
import { isoDayFromJs, isoDayOf, weekdayLabel, weekdayName } from './weekdays.ts';

describe('weekdays', () => {
  it('name ISO days as Graph does and as people read them, and refuse a day that is not one', () => {
    expect(weekdayName(1)).toBe('monday');
    expect(weekdayName(7)).toBe('sunday');
    expect(weekdayLabel(4)).toBe('Thursday');
    expect(() => weekdayName(0)).toThrow(RangeError);
    expect(() => weekdayName(8)).toThrow(RangeError);
  });

  it('read a name in any case, and convert JavaScript’s Sunday-first count', () => {
    expect(isoDayOf('Friday')).toBe(5);
    expect(isoDayOf('SUNDAY')).toBe(7);
    expect(isoDayOf('someday')).toBeUndefined();
    // 2026-11-23 is a Monday; getUTCDay() says 1, 2026-11-29 (Sunday) says 0.
    expect(isoDayFromJs(new Date('2026-11-23T12:00:00Z').getUTCDay())).toBe(1);
    expect(isoDayFromJs(new Date('2026-11-29T12:00:00Z').getUTCDay())).toBe(7);
  });
});
