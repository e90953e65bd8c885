import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../rules/index.ts';
import { placeTurnsAlone, takeTurns } from './alternation.ts';
import { NO_AVAILABILITY } from './availability.ts';
import type { Availability, PlannedSeries } from './planner.ts';

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

describe('takeTurns in a policy that alternates some phases only', () => {
  it('leaves a phase that does not alternate to the supervisor, and starts the turns with the phase that does', () => {
    const weekly = series(1, ['2026-12-01', '2026-12-08', '2026-12-15']);
    const fortnightly = series(2, ['2026-12-29', '2027-01-12', '2027-01-26', '2027-02-09']);
    const plan = takeTurns([weekly, fortnightly], false, (s) => s.everyWeeks === 2);
    const dates = (list: PlannedSeries[]) =>
      list.flatMap((s) => s.occurrences.map((o) => `${s.everyWeeks}w ${o.date}`));
    expect(dates(plan.supervisor)).toEqual([
      '1w 2026-12-01',
      '1w 2026-12-08',
      '1w 2026-12-15',
      '4w 2026-12-29',
      '4w 2027-01-26',
    ]);
    expect(dates(plan.alternate)).toEqual(['4w 2027-01-12', '4w 2027-02-09']);
  });
});

describe('placeTurnsAlone', () => {
  // The chain is weekly; the supervisor's turns every 2 weeks. The turn due by Tuesday 15 December could not be placed.
  const turns = () => [series(2, ['2026-12-01', '2026-12-29'], ['2026-12-15'])];
  /** Busy from 00:00 on `from` to 00:00 the day after `to`, London (GMT in December). */
  const away = (from: string, to: string): Availability => ({
    ...NO_AVAILABILITY,
    busy: [{ start: new Date(`${from}T00:00:00Z`), end: new Date(`${to}T24:00:00Z`) }],
  });
  const taken: string[][] = [];
  const take = (upns: string[]) => void taken.push(upns);

  it('places the lost turn with its own supervisor and the supervisee, inside the chain’s week, and leaves nothing unplaceable', () => {
    const availability = new Map([
      ['sup@x.example', away('2026-12-15', '2026-12-15')],
      ['st@x.example', NO_AVAILABILITY],
    ]);
    const { alone, rest } = placeTurnsAlone(
      { organiserUpns: ['sup@x.example', 'alt@x.example'], superviseeUpn: 'st@x.example' },
      turns(),
      availability,
      '2026-11-30' as IsoDate,
      take,
    );
    expect(alone.map((a) => [a.organiserUpn, a.series.firstDate])).toEqual([
      ['sup@x.example', '2026-12-14'],
    ]);
    expect(alone[0]!.series.occurrences[0]!.latest).toBe('2026-12-15');
    expect(rest[0]!.unplaceable).toEqual([]);
    expect(taken.at(-1)).toEqual(['sup@x.example', 'st@x.example']);
  });

  it('falls back to the other supervisor, and leaves the turn lost when the supervisee is away all week', () => {
    const supervisorAway = new Map([
      ['sup@x.example', away('2026-12-09', '2026-12-15')],
      ['alt@x.example', NO_AVAILABILITY],
      ['st@x.example', NO_AVAILABILITY],
    ]);
    const parties = {
      organiserUpns: ['sup@x.example', 'alt@x.example'],
      superviseeUpn: 'st@x.example',
    };
    const other = placeTurnsAlone(parties, turns(), supervisorAway, '2026-11-30' as IsoDate, take);
    expect(other.alone.map((a) => a.organiserUpn)).toEqual(['alt@x.example']);
    // Never earlier than the week before it is due: the chain's interval is one week, not the turn's two.
    expect(other.alone[0]!.series.firstDate >= '2026-12-09').toBe(true);

    const superviseeAway = new Map([
      ...supervisorAway,
      ['st@x.example', away('2026-12-09', '2026-12-15')],
    ]);
    const none = placeTurnsAlone(parties, turns(), superviseeAway, '2026-11-30' as IsoDate, take);
    expect(none.alone).toEqual([]);
    expect(none.rest[0]!.unplaceable.map((u) => u.latest)).toEqual(['2026-12-15']);
  });
});
