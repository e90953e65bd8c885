/**
 * The planner for a group (issue 15, item 1): a time is chosen where the
 * facilitator and at least a quorum of the members are free for the whole
 * session. Today is Monday 23 November 2026; everyone works 09:00–17:00
 * Monday to Friday unless said; monthly supervision last held 10 November.
 */
import { describe, expect, it } from 'vitest';
import { addDays, loadShippedPack, londonInstant, parseIsoDate } from '../rules/index.ts';
import { planSessions, type Availability, type GroupAvailability } from './planner.ts';

const d = (text: string) => parseIsoDate(text);
const officeHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const free: Availability = { busy: [], workingHours: officeHours };

/** Busy from `from` to `to` London time on every day from 24 November 2026 to the end of February 2027. */
function busyDaily(from: string, to: string, weekdays = [1, 2, 3, 4, 5]): Availability {
  const busy = [];
  for (let date = d('2026-11-24'); date <= d('2027-02-28'); date = addDays(date, 1)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
    if (weekdays.includes(weekday))
      busy.push({ start: londonInstant(date, from), end: londonInstant(date, to) });
  }
  return { busy, workingHours: officeHours };
}

function planGroup(group: GroupAvailability, facilitator: Availability = free) {
  return planSessions({
    pack: loadShippedPack('solihull'),
    person: { role: 'social-worker', started: d('2020-01-06') },
    type: 'one-to-one',
    lastHeld: d('2026-11-10'),
    today: d('2026-11-23'),
    horizonEnd: d('2027-02-23'),
    durationMinutes: 60,
    supervisor: facilitator,
    supervisee: group,
  }).series;
}

describe('planning a group session with a quorum', () => {
  it('takes a time when a quorum is free, though some members are busy then', () => {
    // Two of three are busy every Monday morning: with a quorum of 1 the group still meets on
    // Monday at 10:00 (the preferred time); with a quorum of 2 it does not.
    const mondayMornings = busyDaily('09:00', '12:00', [1]);
    const members = [mondayMornings, mondayMornings, free];
    const one = planGroup({ members, quorum: 1 });
    expect(one[0]).toMatchObject({ weekday: 1, time: '10:00' });
    const two = planGroup({ members, quorum: 2 });
    expect(two[0]!.weekday === 1 && two[0]!.time < '12:00').toBe(false);
    expect(two[0]!.occurrences.every((o) => !o.moved)).toBe(true);
  });

  it('needs the same members free for the whole session, not a different quorum each half hour', () => {
    // 10:00–11:00: Ana is busy 10:30–11:00 and Ben 10:00–10:30, so only Cai is free throughout;
    // each half hour on its own has two free.
    const members = [busyDaily('10:30', '11:00'), busyDaily('10:00', '10:30'), free];
    const series = planGroup({ members, quorum: 2 });
    expect(series[0]!.time).not.toBe('10:00');
    expect(series[0]!.occurrences.every((o) => !o.moved)).toBe(true);
    // With all three needed, neither 09:30 nor 10:00 nor 10:30 works: each overlaps someone's busy time.
    const all = planGroup({ members, quorum: 3 });
    expect(['09:30', '10:00', '10:30']).not.toContain(all[0]!.time);
  });

  it('keeps to the facilitator’s own calendar', () => {
    const series = planGroup(
      { members: [free, free, free], quorum: 3 },
      busyDaily('09:00', '17:00', [1, 2]),
    );
    expect([1, 2]).not.toContain(series[0]!.weekday);
  });

  it('meets only on a day a quorum of members works', () => {
    const fourDays = { busy: [], workingHours: { ...officeHours, days: [2, 3, 4, 5] } };
    const series = planGroup({ members: [fourDays, fourDays, free], quorum: 2 });
    expect(series[0]!.weekday).not.toBe(1);
    expect(planGroup({ members: [fourDays, fourDays, free], quorum: 1 })[0]!.weekday).toBe(1);
  });

  it('meets at the policy’s per-team frequency when the type is set per team, not per role', () => {
    // Solihull's team group supervision: "at least one group supervision per calendar month"
    // (000, Group Supervision). No meeting yet: the first is due a month from today.
    const series = planSessions({
      pack: loadShippedPack('solihull'),
      person: { role: 'social-worker' },
      type: 'group',
      interval: { every: 1, unit: 'month' },
      today: d('2026-11-23'),
      horizonEnd: d('2027-02-23'),
      durationMinutes: 90,
      supervisor: free,
      supervisee: { members: [free, free, free], quorum: 2 },
    }).series;
    expect(series).toHaveLength(1);
    // Monthly as every 4 weeks (a calendar month is never shorter), the first on or before 23 December.
    expect(series[0]!.everyWeeks).toBe(4);
    expect(series[0]!.occurrences[0]!.date <= '2026-12-23').toBe(true);
    expect(series[0]!.occurrences.length).toBeGreaterThanOrEqual(3);
  });
});
