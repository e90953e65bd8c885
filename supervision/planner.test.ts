/**
 * The planner on pinned dates: today is Monday 23 November 2026, Solihull's
 * policy, both people working 09:00–17:00 Monday to Friday unless said.
 */
import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  loadShippedPack,
  londonInstant,
  nextDue,
  parseIsoDate,
  type IsoDate,
} from '../rules/index.ts';
import { planSessions, weeksWithin, type Availability, type PlanInput } from './planner.ts';

const pack = loadShippedPack('solihull');
const d = (text: string) => parseIsoDate(text);
const officeHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const free: Availability = { busy: [], workingHours: officeHours };
const busyAllDay = (...dates: string[]) =>
  dates.map((date) => ({
    start: londonInstant(d(date), '00:00'),
    end: londonInstant(d(date), '23:59'),
  }));

function plan(overrides: Partial<PlanInput>) {
  return planSessions({
    pack,
    person: { role: 'social-worker', started: d('2020-01-06') },
    type: 'one-to-one',
    lastHeld: d('2026-11-10'),
    today: d('2026-11-23'),
    horizonEnd: d('2027-02-23'),
    durationMinutes: 60,
    supervisor: free,
    supervisee: free,
    ...overrides,
  });
}

describe('the planner', () => {
  it('turns intervals into weekly series that never leave too long a gap', () => {
    expect(weeksWithin({ every: 1, unit: 'week' })).toBe(1);
    expect(weeksWithin({ every: 2, unit: 'week' })).toBe(2);
    expect(weeksWithin({ every: 1, unit: 'month' })).toBe(4);
    expect(weeksWithin({ every: 2, unit: 'month' })).toBe(8);
    expect(weeksWithin({ every: 3, unit: 'month' })).toBe(12);
  });

  it('books monthly supervision every 4 weeks on one weekday, each on or before its latest date', () => {
    const { series } = plan({});
    expect(series).toHaveLength(1);
    const [monthly] = series;
    expect(monthly).toMatchObject({ everyWeeks: 4, time: '10:00', unplaceable: [] });
    // Last held 10 November: due by 10 December; the last Monday on or before it is 7 December.
    expect(monthly!.occurrences.map((o) => o.date)).toEqual([
      '2026-12-07',
      '2027-01-04',
      '2027-02-01',
    ]);
    for (const o of monthly!.occurrences) expect(o.date <= o.latest).toBe(true);
    expect(monthly!.occurrences[0]!.start.toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });

  it('chooses the weekday and time that keeps the most sessions free for both', () => {
    const mondaysBusy = busyAllDay('2026-12-07', '2027-01-04', '2027-02-01');
    const { series } = plan({ supervisor: { busy: mondaysBusy, workingHours: officeHours } });
    expect(series[0]!.weekday).not.toBe(1);
    expect(series[0]!.occurrences.every((o) => !o.moved)).toBe(true);
  });

  it('offers another time when the supervisor turns a slot down, and keeps every latest date', () => {
    const first = plan({}).series[0]!;
    const other = plan({ avoid: [{ weekday: first.weekday, time: first.time }] }).series[0]!;
    expect({ weekday: other.weekday, time: other.time }).not.toEqual({
      weekday: first.weekday,
      time: first.time,
    });
    for (const o of other.occurrences) expect(o.date <= o.latest).toBe(true);
  });

  it('moves a clashing occurrence to the nearest free time before its latest date, later first', () => {
    // The supervisee works Mondays and Tuesdays; in court on Monday 4 January, on leave on Tuesday 8 December:
    // every weekday has one clash, so the series stays on Monday and 4 January moves to the Tuesday after.
    const mondayTuesday = { days: [1, 2], start: '09:00', end: '17:00' };
    const { series } = plan({
      supervisee: { busy: busyAllDay('2027-01-04', '2026-12-08'), workingHours: mondayTuesday },
    });
    expect(series[0]!.weekday).toBe(1);
    const moved = series[0]!.occurrences.find((o) => o.moved)!;
    expect(moved).toMatchObject({
      moved: 'busy',
      date: '2027-01-05',
      regular: { date: '2027-01-04' },
    });
    expect(moved.date <= moved.latest).toBe(true);
  });

  it('avoids bank holidays: Christmas and the Boxing Day substitute in 2026', () => {
    // Last held 28 November: due by 28 December (a bank holiday Monday); a weekly pattern could not avoid every clash.
    const { series } = plan({
      lastHeld: d('2026-11-28'),
      supervisor: {
        busy: busyAllDay('2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24'),
        workingHours: officeHours,
      },
    });
    const first = series[0]!.occurrences[0]!;
    expect(['2026-12-25', '2026-12-28']).not.toContain(first.date);
    expect(first.date <= first.latest).toBe(true);
  });

  it('starts a new series at a phase change: an ASYE going from weekly to fortnightly', () => {
    // Started Monday 19 October 2026: weekly until 30 November, fortnightly from then.
    const { series } = plan({
      person: { role: 'asye', started: d('2026-10-19') },
      lastHeld: d('2026-11-20'),
      horizonEnd: d('2027-01-31'),
    });
    expect(series.map((s) => s.everyWeeks)).toEqual([1, 2]);
    const dates = series.flatMap((s) => s.occurrences.map((o) => o.date));
    expect(dates[0]! <= '2026-11-27').toBe(true);
    for (let i = 1; i < dates.length; i += 1)
      expect(daysBetween(dates[i - 1] as IsoDate, dates[i] as IsoDate)).toBeLessThanOrEqual(14);
  });

  it('wants an overdue session within 5 working days', () => {
    const { series } = plan({ lastHeld: d('2026-10-01') });
    const first = series[0]!.occurrences[0]!;
    expect(first).toMatchObject({ overdue: true, latest: '2026-11-30' });
    expect(first.date > '2026-11-23' && first.date <= '2026-11-30').toBe(true);
  });

  it('reports a session that cannot be placed instead of dropping it', () => {
    // The supervisee is away from 21 December to the end of January.
    const away = busyAllDay(
      ...Array.from({ length: 42 }, (_, i) =>
        new Date(Date.UTC(2026, 11, 21 + i)).toISOString().slice(0, 10),
      ),
    );
    const { series } = plan({ supervisee: { busy: away, workingHours: officeHours } });
    expect(series.flatMap((s) => s.unplaceable).length).toBeGreaterThan(0);
    for (const o of series.flatMap((s) => s.occurrences)) {
      expect(o.date <= o.latest).toBe(true);
      expect(o.date < '2026-12-21' || o.date > '2027-01-31').toBe(true);
    }
  });
});

describe('the planner across phase changes, with empty calendars', () => {
  /** Every session on or before the date the one before made it due, none moved for lateness (a bank holiday may still move one). */
  function expectChainKept(
    result: ReturnType<typeof plan>,
    person: PlanInput['person'],
    lastHeld: IsoDate,
  ) {
    const sessions = result.series.flatMap((s) => s.occurrences);
    let previous = lastHeld;
    for (const o of sessions) {
      expect(o.moved, `${o.date} moved`).not.toBe('after-latest-date');
      expect(
        o.date <= nextDue(pack, person, previous, 'one-to-one'),
        `${o.date} after ${previous}`,
      ).toBe(true);
      previous = o.date;
    }
    return sessions;
  }

  it('starts the fortnightly series of an ASYE only when the weekly phase is over', () => {
    // Started Friday 13 November 2026: weekly until 24 December, fortnightly from 25 December.
    const person = { role: 'asye', started: d('2026-11-13') };
    const result = plan({ person, lastHeld: d('2026-11-22') });
    expect(result.series.map((s) => s.everyWeeks)).toEqual(
      [1, 2, 4].slice(0, result.series.length),
    );
    expect(result.series[1]!.firstDate >= '2026-12-25').toBe(true);
    const sessions = expectChainKept(result, person, d('2026-11-22'));
    expect(sessions.at(-1)!.date > '2027-02-09').toBe(true);
  });

  it('keeps booking a returner through the horizon when the agreed period ends inside it', () => {
    const person = {
      role: 'returning-social-worker',
      started: d('2026-10-22'),
      agreed: { 'returner-period': { amount: 3, unit: 'month' as const } },
    };
    const result = plan({ person, lastHeld: d('2026-11-15') });
    const sessions = expectChainKept(result, person, d('2026-11-15'));
    // Fortnightly to 21 January, monthly from 22 January: the last session is due within a month of the one before, inside the horizon.
    expect(result.series.map((s) => s.everyWeeks)).toEqual([2, 4]);
    expect(sessions.at(-1)!.date > '2027-01-25').toBe(true);
  });
});

describe('the planner after a session has to move early', () => {
  it('starts a new series from it rather than moving every session after it', () => {
    // An ASYE in her fortnightly phase, last seen Friday 20 November: the supervisor is away the
    // week of 14 December, so that session moves back a week; the ones after it stay regular.
    const person = { role: 'asye', started: d('2026-08-03') };
    const away = busyAllDay('2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18');
    const result = plan({
      person,
      lastHeld: d('2026-11-20'),
      horizonEnd: d('2027-01-31'),
      supervisor: { busy: away, workingHours: officeHours },
    });
    const sessions = result.series.flatMap((s) => s.occurrences);
    expect(result.series.flatMap((s) => s.unplaceable)).toEqual([]);
    expect(sessions.filter((o) => o.moved === 'after-latest-date')).toEqual([]);
    let previous: IsoDate = d('2026-11-20');
    for (const o of sessions) {
      expect(
        o.date <= nextDue(pack, person, previous, 'one-to-one'),
        `${o.date} after ${previous}`,
      ).toBe(true);
      previous = o.date;
    }
  });
});

describe('the planner at its round limit', () => {
  // The same supervisor away the week of 14 December: the session before it moves early and a new
  // series starts from it, in a second round.
  const person = { role: 'asye', started: d('2026-08-03') };
  const away = busyAllDay('2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18');
  const input = {
    person,
    lastHeld: d('2026-11-20'),
    horizonEnd: d('2027-01-31'),
    supervisor: { busy: away, workingHours: officeHours },
  };

  it('says so when a plan hits the limit, naming the first session not planned', () => {
    const full = plan(input);
    expect(full.series.length).toBeGreaterThan(1);
    expect(full.stoppedShort).toBeUndefined();

    const cut = plan({ ...input, maxRounds: 1 });
    expect(cut.stoppedShort?.rounds).toBe(1);
    const lastPlanned = cut.series.flatMap((s) => s.occurrences).at(-1)!.date;
    expect(cut.stoppedShort!.from > lastPlanned).toBe(true);
    expect(cut.stoppedShort!.from <= '2027-01-31').toBe(true);
  });
});
