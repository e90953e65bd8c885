/**
 * Knowsley, Children and Young People's Services Practice Standards (undated),
 * docs/sources/001_5433dbc948472651.txt. Each test quotes the passage it checks.
 */
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { caseDueDates, caseFrequencyOn, caseNextDue } from '../case-frequency.ts';
import { agreementDueOn, bookingHorizonFrom, recordDueOn } from '../deadlines.ts';
import { loadShippedPack } from '../load-pack.ts';
import { dueDates, frequencyOn, nextDue } from '../staff-frequency.ts';

const pack = loadShippedPack('knowsley');
const d = (text: string) => parseIsoDate(text);
const every = (n: number, unit: string) => ({ every: n, unit });

describe('Knowsley staff supervision (Standard 5 – Supervision)', () => {
  // "Supervision must take place at agreed frequency and be planned, collaborative and prepared for."
  it('sets no frequency for any role', () => {
    expect(pack.roles).toEqual([]);
    expect(pack.agreedStaffFrequency?.source.quote).toBe(
      'Supervision must take place at agreed frequency and be planned, collaborative and prepared for.',
    );
  });

  it('asks for the agreed frequency of a member of staff who has none recorded, rather than guessing one', () => {
    const worker = { role: 'social-worker', started: d('2026-01-05') };
    expect(() => frequencyOn(pack, worker, d('2026-03-01'))).toThrow(
      'leaves how often staff are supervised to agreement',
    );
    expect(() => nextDue(pack, worker, d('2026-03-01'))).toThrow(
      'record the frequency agreed for this social-worker',
    );
    expect(() => nextDue(pack, { role: 'team-manager' }, undefined)).toThrow(
      'leaves how often staff are supervised to agreement',
    );
  });

  it('supervises at the frequency agreed for the person', () => {
    const worker = {
      role: 'social-worker',
      started: d('2026-01-05'),
      agreedFrequency: { 'one-to-one': { every: 4, unit: 'week' as const } },
    };
    expect(frequencyOn(pack, worker, d('2026-03-01'))).toMatchObject({
      ...every(4, 'week'),
      type: 'one-to-one',
    });
    expect(frequencyOn(pack, worker, d('2026-03-01')).source.section).toBe(
      'STANDARD 5 – SUPERVISION',
    );
    expect(nextDue(pack, worker, d('2026-03-02'))).toBe('2026-03-30');
    expect(nextDue(pack, worker, undefined)).toBe('2026-02-02');
    expect(dueDates(pack, worker, { from: d('2026-01-05'), through: d('2026-03-31') })).toEqual([
      '2026-02-02',
      '2026-03-02',
      '2026-03-30',
    ]);
  });

  it('only uses an agreement for the supervision type it was agreed for', () => {
    const worker = {
      role: 'early-help',
      agreedFrequency: { 'one-to-one': { every: 6, unit: 'week' as const } },
    };
    expect(() => frequencyOn(pack, worker, d('2026-03-01'), 'group')).toThrow(
      'record the frequency agreed for this early-help (group)',
    );
  });

  it('still refuses a role that is not an id at all', () => {
    expect(() => frequencyOn(pack, { role: 'social-work-manager' }, d('2026-03-01'))).toThrow(
      "unknown role 'social-work-manager'",
    );
  });
});

describe('Knowsley case discussion: Child Protection', () => {
  // "Supervision with the allocated worker must take place within 2 weeks of ICPC and then at least every 4 weeks thereafter"
  const childProtection = { status: 'child-protection', since: d('2026-03-02') };

  it('is first due 2 weeks after the initial child protection conference', () => {
    expect(caseNextDue(pack, childProtection)).toBe('2026-03-16');
  });

  it('is first due 2 weeks after the ICPC even when the child was discussed before it, under the status before', () => {
    expect(caseNextDue(pack, childProtection, d('2026-02-20'))).toBe('2026-03-16');
  });

  it('is due every 4 weeks after a discussion', () => {
    expect(caseFrequencyOn(pack, childProtection, d('2026-03-13'))).toMatchObject(every(4, 'week'));
    expect(caseNextDue(pack, childProtection, d('2026-03-13'))).toBe('2026-04-10');
  });

  it('plans the first discussion at ICPC + 14 days, then one every 28 days, over three months', () => {
    expect(
      caseDueDates(pack, childProtection, { from: d('2026-03-02'), through: d('2026-06-02') }),
    ).toEqual(['2026-03-16', '2026-04-13', '2026-05-11']);
    // the day before the fourth one is due, it is not yet in the plan; on that day it is
    expect(
      caseDueDates(pack, childProtection, { from: d('2026-03-02'), through: d('2026-06-07') }),
    ).toHaveLength(3);
    expect(
      caseDueDates(pack, childProtection, { from: d('2026-03-02'), through: d('2026-06-08') }).at(
        -1,
      ),
    ).toBe('2026-06-08');
  });

  it('needs the ICPC date when the case has not been discussed', () => {
    expect(() => caseNextDue(pack, { status: 'child-protection' })).toThrow(
      'the date of the Initial Child Protection Conference (ICPC)',
    );
  });
});

describe('Knowsley case discussion: Family First and Children in Need', () => {
  // "10-day supervision following the allocation" / "Supervision with the allocated worker will take place at least every 8 weeks"
  it('discusses a Family First case first within 10 calendar days of allocation, then every 8 weeks', () => {
    const familyFirst = { status: 'early-help', since: d('2026-01-05') };
    expect(caseNextDue(pack, familyFirst)).toBe('2026-01-15');
    expect(caseNextDue(pack, familyFirst, d('2026-01-15'))).toBe('2026-03-12');
    expect(
      caseDueDates(pack, familyFirst, { from: d('2026-01-05'), through: d('2026-05-07') }),
    ).toEqual(['2026-01-15', '2026-03-12', '2026-05-07']);
  });

  it('counts the 10 days as calendar days, across a weekend and a bank holiday', () => {
    // allocated Thursday 23 December 2027: 10 working days would run into January
    expect(caseNextDue(pack, { status: 'early-help', since: d('2027-12-23') })).toBe('2028-01-02');
  });

  // "Supervision with the allocated worker must take place at a minimum every 8 week"
  it('discusses a child in need every 8 weeks, with no earlier first discussion', () => {
    const childInNeed = { status: 'child-in-need', since: d('2026-01-05') };
    expect(caseNextDue(pack, childInNeed)).toBe('2026-03-02');
    expect(caseNextDue(pack, childInNeed, d('2026-03-02'))).toBe('2026-04-27');
  });
});

describe('Knowsley case discussion: Cared for Children', () => {
  // "Minimum supervision: every 4 weeks"
  it('discusses every cared-for child at least every 4 weeks, including one in the first year of care', () => {
    expect(caseNextDue(pack, { status: 'looked-after' }, d('2026-01-05'))).toBe('2026-02-02');
    expect(caseNextDue(pack, { status: 'looked-after-under-1-year' }, d('2026-01-05'))).toBe(
      '2026-02-02',
    );
  });

  // "Children whose placements are stable and visiting frequency has been reduced to 12 weekly, supervision can take place every 12 weeks"
  it('keeps a matched child at 4 weeks until the placement is stable and visits are 12 weekly, then 12 weeks', () => {
    expect(
      caseFrequencyOn(pack, { status: 'looked-after-matched' }, d('2026-01-05')),
    ).toMatchObject(every(4, 'week'));
    expect(caseNextDue(pack, { status: 'looked-after-matched' }, d('2026-01-05'))).toBe(
      '2026-02-02',
    );
    const stable = { status: 'looked-after-stable-12-weekly-visits' };
    expect(caseFrequencyOn(pack, stable, d('2026-01-05'))).toMatchObject(every(12, 'week'));
    expect(caseNextDue(pack, stable, d('2026-01-05'))).toBe('2026-03-30');
    expect(pack.ownIds?.caseStatuses?.['looked-after-stable-12-weekly-visits']).toBe(
      'cared for, placement stable and visits reduced to 12-weekly',
    );
  });
});

describe('Knowsley case discussion: Children with Disabilities', () => {
  // "Supervision with the allocated worker will take place at a frequency that reflects the case status of the child for example CIN, CP, CFC"
  it('does not cover disabled-children, whose frequency follows the CIN, CP or CfC status', () => {
    expect(() => caseFrequencyOn(pack, { status: 'disabled-children' }, d('2026-06-01'))).toThrow(
      "policy knowsley does not cover case status 'disabled-children'",
    );
    expect(
      pack.notes.some((note) =>
        note.text.includes("record a disabled child's case under the child's status"),
      ),
    ).toBe(true);
  });

  // "For children who are visited every 12 weeks, supervision should take place at least every 12 weeks"
  it('discusses a disabled child visited every 12 weeks at least every 12 weeks', () => {
    expect(
      caseNextDue(pack, { status: 'disabled-children-12-weekly-visits' }, d('2026-01-05')),
    ).toBe('2026-03-30');
  });
});

describe('Knowsley case discussion: Care Experienced Young People', () => {
  // "For young people aged 18-25, supervision will take place at least every 8 weeks"
  it.each(['care-leaver-18-21', 'care-leaver-18-21-risk', 'care-leaver-21-25'])(
    'discusses %s every 8 weeks',
    (status) => {
      expect(caseNextDue(pack, { status }, d('2026-01-31'))).toBe('2026-03-28');
    },
  );

  // "For young people aged 21+ that we are 'staying in' touch with supervision will take place every 3 months"
  it('discusses a young person on a keeping in touch arrangement every 3 calendar months, not 12 weeks', () => {
    expect(
      caseFrequencyOn(pack, { status: 'care-leaver-21-25-keeping-in-touch' }, d('2026-01-31')),
    ).toMatchObject(every(3, 'month'));
    expect(
      caseNextDue(pack, { status: 'care-leaver-21-25-keeping-in-touch' }, d('2026-01-31')),
    ).toBe('2026-04-30');
  });
});

describe('Knowsley: what the standards do not cover', () => {
  it.each([
    'youth-offending',
    'exploitation-risk',
    'unregulated-placement',
    'foster-carer-review',
    'care-leaver-16-17',
  ])('does not cover %s', (status) => {
    expect(() => caseNextDue(pack, { status }, d('2026-06-01'))).toThrow(
      `policy knowsley does not cover case status '${status}'`,
    );
  });

  // "Supervision will be clearly recorded within agreed timescales."
  it('sets no record deadline, leaving it to agreed timescales', () => {
    expect(pack.recordDeadline).toBeUndefined();
    expect(recordDueOn(pack, d('2026-11-23'))).toBeUndefined();
  });

  it('sets no supervision agreement, booking horizon or team sessions', () => {
    expect(agreementDueOn(pack, d('2026-01-05'))).toBeUndefined();
    expect(bookingHorizonFrom(pack, d('2026-11-30'))).toBeUndefined();
    expect(pack.teamSessions).toEqual([]);
  });
});
