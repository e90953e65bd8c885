/**
 * Adding a policy's intervals and durations to dates.
 *
 * Conventions (docs/rules.md says the same for readers of the packs):
 * - "monthly" means within one calendar month: the same day number in the
 *   next month, clamped to that month's last day (31 January → 28/29 February);
 * - "every 4 weeks" is 28 days and "8 weekly" is 56 days — a pack keeps the
 *   document's own unit and never turns weeks into months or back;
 * - working days skip weekends and England and Wales bank holidays.
 */
import { addDays, addMonths, toDayNumber, type IsoDate } from './calendar-date.ts';
import type { Duration, Interval, Unit } from './schema.ts';
import { addWorkingDays } from './working-days.ts';

export function addUnits(date: IsoDate, amount: number, unit: Unit): IsoDate {
  switch (unit) {
    case 'day':
      return addDays(date, amount);
    case 'working-day':
      return addWorkingDays(date, amount);
    case 'week':
      return addDays(date, 7 * amount);
    case 'month':
      return addMonths(date, amount);
  }
}

export function addInterval(date: IsoDate, interval: Interval): IsoDate {
  return addUnits(date, interval.every, interval.unit);
}

export function addDuration(date: IsoDate, duration: Duration): IsoDate {
  return addUnits(date, duration.amount, duration.unit);
}

/**
 * True when `a` always comes round sooner than `b` (checked from a 31st,
 * where months are kindest to the longer interval).
 */
export function isMoreFrequent(a: Interval, b: Interval): boolean {
  const from = '2027-01-31' as IsoDate;
  return toDayNumber(addInterval(from, a)) < toDayNumber(addInterval(from, b));
}

/** "weekly", "every 2 weeks", "monthly", "every 2 working days". */
export function describeInterval(interval: Interval): string {
  const names: Record<Unit, [string, string]> = {
    day: ['daily', 'days'],
    'working-day': ['every working day', 'working days'],
    week: ['weekly', 'weeks'],
    month: ['monthly', 'months'],
  };
  const [once, plural] = names[interval.unit];
  return interval.every === 1 ? once : `every ${interval.every} ${plural}`;
}

/** "6–8" or "8": a ratio's range of supervisees, as the policy gives it (Lambeth 3.2: "1 Supervisor to 6 – 8 Supervisees"). */
export function describeRatio(ratio: { from?: number; atMost: number }): string {
  return ratio.from === undefined ? `${ratio.atMost}` : `${ratio.from}–${ratio.atMost}`;
}

/** "6 weeks", "1 month", "2 working days". */
export function describeDuration(duration: Duration): string {
  const singular = duration.unit === 'working-day' ? 'working day' : duration.unit;
  return `${duration.amount} ${duration.amount === 1 ? singular : `${singular}s`}`;
}
