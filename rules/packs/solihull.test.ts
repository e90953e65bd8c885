/**
 * Solihull, Supervision and Support Framework (Aug 2024),
 * docs/sources/000_0d324aa887ee33a1.txt. Each test quotes the passage it checks.
 */
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { caseNextDue, caseFrequencyOn } from '../case-frequency.ts';
import { agreementDueOn, bookingHorizonFrom, recordDueOn } from '../deadlines.ts';
import { loadShippedPack } from '../load-pack.ts';
import { dueDates, frequencyOn, nextDue } from '../staff-frequency.ts';

const pack = loadShippedPack('solihull');
const d = (text: string) => parseIsoDate(text);
const every = (n: number, unit: string) => ({ every: n, unit });

describe('Solihull staff supervision (Appendix 4 - Frequency of Supervision)', () => {
  // "Weekly for the first 6 weeks; fortnightly up to the 6 month review and at least monthly thereafter"
  describe('an ASYE social worker who started on Monday 5 January 2026', () => {
    const asye = { role: 'asye', started: d('2026-01-05') };

    it('is supervised weekly through the last day of week 6 and fortnightly from the day after', () => {
      expect(frequencyOn(pack, asye, d('2026-01-05'))).toMatchObject(every(1, 'week'));
      expect(frequencyOn(pack, asye, d('2026-02-15'))).toMatchObject(every(1, 'week'));
      expect(frequencyOn(pack, asye, d('2026-02-16'))).toMatchObject(every(2, 'week'));
    });

    it('is supervised fortnightly up to six months and monthly from the six-month day', () => {
      expect(frequencyOn(pack, asye, d('2026-07-04'))).toMatchObject(every(2, 'week'));
      expect(frequencyOn(pack, asye, d('2026-07-05'))).toMatchObject({
        ...every(1, 'month'),
        type: 'one-to-one',
      });
    });

    it('has six weekly sessions, then fortnightly, then monthly across one plan', () => {
      const plan = dueDates(pack, asye, { from: d('2026-01-05'), through: d('2026-09-30') });
      expect(plan.slice(0, 7)).toEqual([
        '2026-01-12',
        '2026-01-19',
        '2026-01-26',
        '2026-02-02',
        '2026-02-09',
        '2026-02-16',
        '2026-03-02',
      ]);
      expect(plan.slice(-3)).toEqual(['2026-07-06', '2026-08-06', '2026-09-06']);
    });

    it('needs its start date, since the frequency depends on it', () => {
      expect(() => frequencyOn(pack, { role: 'asye' }, d('2026-03-01'))).toThrow(
        'give the start date in the role',
      );
    });
  });

  // "Every two weeks for an agreed period, then monthly by Team Manager."
  describe('a social worker returning to practice', () => {
    it('stays fortnightly while no period has been agreed, rather than guessing one', () => {
      const returner = { role: 'returning-social-worker', started: d('2026-01-05') };
      expect(frequencyOn(pack, returner, d('2027-01-05'))).toMatchObject(every(2, 'week'));
    });

    it('turns monthly on the day the agreed period ends', () => {
      const returner = {
        role: 'returning-social-worker',
        started: d('2026-01-05'),
        agreed: { 'returner-period': { amount: 3, unit: 'month' as const } },
      };
      expect(frequencyOn(pack, returner, d('2026-04-04'))).toMatchObject(every(2, 'week'));
      expect(frequencyOn(pack, returner, d('2026-04-05'))).toMatchObject(every(1, 'month'));
    });
  });

  // "At least monthly by qualified Social Worker in the first 12 months of approval, and a minimum of 2 monthly after this period."
  it('supervises a foster carer monthly for the first 12 months from approval, then every 2 months', () => {
    const carer = { role: 'foster-carer', approved: d('2025-03-31') };
    expect(frequencyOn(pack, carer, d('2026-03-30'))).toMatchObject(every(1, 'month'));
    expect(frequencyOn(pack, carer, d('2026-03-31'))).toMatchObject(every(2, 'month'));
    expect(nextDue(pack, carer, d('2026-03-31'))).toBe('2026-05-31');
  });

  // "The frequency of meetings for short break foster carers (or those with now children in placement) should be proportionate to the amount of care provided."
  it('lets a foster carer’s agreed frequency lower the 2-monthly minimum (short break carers), but not a social worker’s', () => {
    const shortBreak = {
      role: 'foster-carer',
      approved: d('2024-01-10'),
      agreedFrequency: { 'one-to-one': every(3, 'month') as { every: number; unit: 'month' } },
    };
    expect(frequencyOn(pack, shortBreak, d('2026-03-31'))).toMatchObject({
      ...every(3, 'month'),
      agreed: true,
    });
    expect(nextDue(pack, shortBreak, d('2026-03-31'))).toBe('2026-06-30');
    const worker = {
      role: 'social-worker',
      agreedFrequency: { 'one-to-one': every(2, 'month') as { every: number; unit: 'month' } },
    };
    expect(frequencyOn(pack, worker, d('2026-03-31'))).toMatchObject(every(1, 'month'));
  });

  // "Formal supervision for all social work practitioners takes place once per calendar month"
  it('makes monthly mean within one calendar month, clamped at the month end', () => {
    const worker = { role: 'social-worker' };
    expect(nextDue(pack, worker, d('2026-01-31'))).toBe('2026-02-28');
    expect(nextDue(pack, worker, d('2027-12-31'))).toBe('2028-01-31');
    expect(nextDue(pack, worker, d('2028-01-31'))).toBe('2028-02-29');
  });

  // "Other business support staff will be provided with supervision at a frequency not exceeding eight weekly."
  it('supervises business support staff every 8 weeks (56 days), not every 2 months', () => {
    expect(nextDue(pack, { role: 'business-support' }, d('2026-01-01'))).toBe('2026-02-26');
    expect(nextDue(pack, { role: 'business-support-manager' }, d('2026-01-01'))).toBe('2026-02-01');
  });

  // "unless there is an agreed need to provide this more frequently"
  it('honours an agreed higher frequency but never an agreed lower one', () => {
    const weekly = {
      role: 'social-worker',
      agreedFrequency: { 'one-to-one': { every: 1, unit: 'week' as const } },
    };
    expect(frequencyOn(pack, weekly, d('2026-05-01'))).toMatchObject({
      ...every(1, 'week'),
      agreed: true,
    });
    const rarer = {
      role: 'social-worker',
      agreedFrequency: { 'one-to-one': { every: 3, unit: 'month' as const } },
    };
    expect(frequencyOn(pack, rarer, d('2026-05-01'))).toMatchObject(every(1, 'month'));
  });
});

describe('Solihull case discussion (Appendix 5)', () => {
  it('discusses a child on a child protection plan monthly', () => {
    expect(caseFrequencyOn(pack, { status: 'child-protection' }, d('2026-06-01'))).toMatchObject(
      every(1, 'month'),
    );
  });

  // "Every 2 months post the completion of the Children and Family Assessment or Step Down from a Child protection plan"
  it('discusses a child in need first 2 months after the assessment, then every 2 months', () => {
    const childInNeed = { status: 'child-in-need', since: d('2026-01-15') };
    expect(caseNextDue(pack, childInNeed)).toBe('2026-03-15');
    expect(caseNextDue(pack, childInNeed, d('2026-03-10'))).toBe('2026-05-10');
  });

  it('discusses a long-term matched looked-after child every 3 months', () => {
    expect(caseNextDue(pack, { status: 'looked-after-matched' }, d('2026-11-30'))).toBe(
      '2027-02-28',
    );
  });

  it('does not cover the 16+ service, which its table does not list', () => {
    expect(() => caseFrequencyOn(pack, { status: 'care-leaver-16-17' }, d('2026-06-01'))).toThrow(
      "policy solihull does not cover case status 'care-leaver-16-17'",
    );
  });
});

describe('Solihull deadlines', () => {
  // "within four weeks of starting a supervisory relationship" / "reviewed together annually"
  it('wants the agreement signed within 4 weeks and reviewed every 12 months', () => {
    expect(agreementDueOn(pack, d('2026-01-05'))).toBe('2026-02-02');
    expect(agreementDueOn(pack, d('2026-01-05'), d('2026-01-20'))).toBe('2027-01-20');
  });

  // "Supervision dates should be agreed between Supervisor and Supervisee at least three months in advance"
  it('books at least three months ahead', () => {
    expect(bookingHorizonFrom(pack, d('2026-11-30'))).toBe('2027-02-28');
  });

  it('sets no record deadline, which the framework does not give', () => {
    expect(recordDueOn(pack, d('2026-11-23'))).toBeUndefined();
  });
});
