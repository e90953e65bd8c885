import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { workingHoursInLondon } from './working-hours.ts';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const on = (hours: Parameters<typeof workingHoursInLondon>[0], date: string) =>
  workingHoursInLondon(hours, parseIsoDate(date), parseIsoDate(date)).london.days[0] ?? null;

/** Central European rules as a customTimeZone, with the bias sign Graph sends (UTC = local + bias). */
const CET = {
  name: 'Customized Time Zone',
  bias: -60,
  standardOffset: { time: '03:00:00.0000000', dayOccurrence: 5, dayOfWeek: 'sunday', month: 10 },
  daylightOffset: {
    time: '02:00:00.0000000',
    dayOccurrence: 5,
    dayOfWeek: 'sunday',
    month: 3,
    daylightBias: -60,
  },
};

describe('working hours in London', () => {
  it('moves hours kept in UTC with British Summer Time: 09:00–17:00 UTC is 10:00–18:00 in July, 09:00–17:00 in December', () => {
    const utc = {
      daysOfWeek: weekdays,
      startTime: '09:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: 'UTC' },
    };
    expect(on(utc, '2026-07-15')).toEqual({ date: '2026-07-15', start: '10:00', end: '18:00' });
    expect(on(utc, '2026-12-15')).toEqual({ date: '2026-12-15', start: '09:00', end: '17:00' });
    // Either side of the October change (Sunday 25 October 2026).
    expect(on(utc, '2026-10-23')?.start).toBe('10:00');
    expect(on(utc, '2026-10-26')?.start).toBe('09:00');
  });

  it('keeps GMT Standard Time and Europe/London as they are, and leaves out days not worked', () => {
    const monToWed = {
      daysOfWeek: ['Monday', 'Tuesday', 'Wednesday'],
      startTime: '08:30:00',
      endTime: '16:00:00',
      timeZone: { name: 'GMT Standard Time' },
    };
    const week = workingHoursInLondon(
      monToWed,
      parseIsoDate('2026-07-13'),
      parseIsoDate('2026-07-19'),
    );
    expect(week.days).toEqual(['monday', 'tuesday', 'wednesday']);
    expect(week.london.days).toEqual(
      ['2026-07-13', '2026-07-14', '2026-07-15'].map((date) => ({
        date,
        start: '08:30',
        end: '16:00',
      })),
    );
    expect(on({ ...monToWed, timeZone: { name: 'Europe/London' } }, '2026-07-13')).toEqual({
      date: '2026-07-13',
      start: '08:30',
      end: '16:00',
    });
  });

  it('converts a customTimeZone by its bias and transitions: 10:00–18:00 in Central European rules is 09:00–17:00 in London all year', () => {
    const custom = {
      daysOfWeek: weekdays,
      startTime: '10:00:00.0000000',
      endTime: '18:00:00.0000000',
      timeZone: CET,
    };
    for (const date of [
      '2026-01-14',
      '2026-03-27',
      '2026-03-30',
      '2026-07-15',
      '2026-10-23',
      '2026-10-26',
      '2026-12-15',
    ]) {
      expect(on(custom, date)).toEqual({ date, start: '09:00', end: '17:00' });
    }
    // Without daylight rules the bias alone applies: in July that is an hour off London's clock.
    const fixed = { ...custom, timeZone: { name: 'Fixed', bias: -60 } };
    expect(on(fixed, '2026-07-15')).toEqual({ date: '2026-07-15', start: '10:00', end: '18:00' });
    expect(on(fixed, '2026-12-15')).toEqual({ date: '2026-12-15', start: '09:00', end: '17:00' });
  });

  it('reads Windows zone names: 09:00–17:00 Pacific Standard Time is the evening in London', () => {
    const pacific = {
      daysOfWeek: weekdays,
      startTime: '09:00:00',
      endTime: '17:00:00',
      timeZone: { name: 'Pacific Standard Time' },
    };
    expect(on(pacific, '2026-07-15')).toEqual({ date: '2026-07-15', start: '17:00', end: '24:00' });
    const india = { ...pacific, timeZone: { name: 'India Standard Time' } };
    expect(on(india, '2026-12-15')).toEqual({ date: '2026-12-15', start: '03:30', end: '11:30' });
  });
});
