import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../rules/index.ts';
import { takeTurns } from './alternation.ts';
import type { PlannedSeries } from './planner.ts';

/** A planned series of the given regular dates (every `weeks` weeks), one of them unplaceable. */
function series(weeks: number, dates: string[], unplaceable: string[] = []): PlannedSeries {
  const at = (date: string) => new Date(`${date}T10:00:00Z`);
  return {
    type: 'professional',
    everyWeeks: weeks,
    weekday: 2,
    time: '10:00',
    durationMinutes: 60,
    firstDate: [...dates, ...unplaceable].sort()[0] as IsoDate,
    lastDate: [...dates, ...unplaceable].sort().at(-1) as IsoDate,
    occurrences: dates.map((date) => ({
      latest: date as IsoDate,
      regular: { date: date as IsoDate, start: at(date) },
      date: date as IsoDate,
      start: at(date),
      end: at(date),
    })),
    unplaceable: unplaceable.map((date) => ({
      regularDate: date as IsoDate,
      latest: date as IsoDate,
    })),
  };
}

describe('takeTurns', () => {
  it('gives each supervisor every other session, as series every twice the weeks', () => {
    const plan = takeTurns(
      [series(1, ['2026-12-01', '2026-12-08', '2026-12-15', '2026-12-22'])],
      false,
    );
    expect(plan.supervisor.map((s) => [s.everyWeeks, s.occurrences.map((o) => o.date)])).toEqual([
      [2, ['2026-12-01', '2026-12-15']],
    ]);
    expect(plan.alternate.map((s) => [s.everyWeeks, s.occurrences.map((o) => o.date)])).toEqual([
      [2, ['2026-12-08', '2026-12-22']],
    ]);
  });

  it('starts with the alternate when the supervisor held the last session, and keeps turns across a phase change and an unplaceable session', () => {
    const weekly = series(1, ['2026-12-01', '2026-12-15'], ['2026-12-08']);
    const fortnightly = series(2, ['2026-12-29', '2027-01-12', '2027-01-26']);
    const plan = takeTurns([fortnightly, weekly], true);
    const dates = (list: PlannedSeries[]) =>
      list.flatMap((s) => [
        ...s.occurrences.map((o) => o.date),
        ...s.unplaceable.map((u) => `(${u.regularDate})`),
      ]);
    // Regular chain: 1 Dec (alternate), 8 Dec (supervisor, unplaceable), 15 Dec (alternate), 29 Dec (supervisor), ...
    expect(dates(plan.alternate)).toEqual(['2026-12-01', '2026-12-15', '2027-01-12']);
    expect(dates(plan.supervisor)).toEqual(['(2026-12-08)', '2026-12-29', '2027-01-26']);
    expect(plan.supervisor.map((s) => s.everyWeeks)).toEqual([2, 4]);
  });
});
