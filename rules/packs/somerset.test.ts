/**
 * Somerset, Children's Services Practice Standards (version 4, July 2023),
 * docs/sources/004_f49f1c0cef914a18.txt. Each test quotes the passage it checks.
 *
 * These are practice standards, not the supervision policy: staff supervision
 * is left to a separate Supervision Policy (1.14), so foster carers are the only
 * supervisees; every child is discussed at least every three months.
 */
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { caseDueDates, caseFrequencyOn, caseNextDue } from '../case-frequency.ts';
import { agreementDueOn, bookingHorizonFrom, recordDueOn } from '../deadlines.ts';
import { loadShippedPack } from '../load-pack.ts';
import { dueDates, frequencyOn, nextDue } from '../staff-frequency.ts';

const pack = loadShippedPack('somerset');
const d = (text: string) => parseIsoDate(text);
const every = (n: number, unit: string) => ({ every: n, unit });

describe('Somerset foster carers (3.47)', () => {
  // "Supervising Social Worker will provide foster carers with monthly supervision."
  it('supervises a foster carer monthly, one-to-one, by the Supervising Social Worker', () => {
    const carer = { role: 'foster-carer', approved: d('2026-01-05') };
    expect(frequencyOn(pack, carer, d('2026-01-05'))).toMatchObject({
      ...every(1, 'month'),
      type: 'one-to-one',
    });
    expect(frequencyOn(pack, carer, d('2031-06-30'))).toMatchObject(every(1, 'month'));
    expect(pack.roles[0]?.types[0]?.supervisor).toBe('Supervising Social Worker');
  });

  it('has one phase only, so the interval never changes with time since approval', () => {
    expect(pack.roles.map((role) => role.types.map((type) => type.phases.length))).toEqual([[1]]);
    expect(pack.roles[0]?.phasesFrom).toBe('approved');
  });

  it('makes monthly mean within one calendar month of the last session, clamped at the month end', () => {
    const carer = { role: 'foster-carer', approved: d('2025-06-01') };
    expect(nextDue(pack, carer, d('2027-01-31'))).toBe('2027-02-28');
    expect(nextDue(pack, carer, d('2027-12-31'))).toBe('2028-01-31');
    expect(nextDue(pack, carer, d('2028-01-31'))).toBe('2028-02-29');
  });

  it('counts the first session from approval when none has been held', () => {
    const carer = { role: 'foster-carer', approved: d('2026-03-31') };
    expect(nextDue(pack, carer, undefined)).toBe('2026-04-30');
    expect(dueDates(pack, carer, { from: d('2026-03-31'), through: d('2026-07-31') })).toEqual([
      '2026-04-30',
      '2026-05-30',
      '2026-06-30',
      '2026-07-30',
    ]);
  });

  // "If the decision is made to reduce this frequency, for example for matched long-term placements, then there will be
  //  management oversight on the carer's file to record the rationale for this with this decision being reviewed every 3 months."
  it('keeps a carer monthly even with a less frequent agreement: a recorded reduction is a note, not modelled', () => {
    const reduced = {
      role: 'foster-carer',
      approved: d('2025-01-10'),
      agreedFrequency: { 'one-to-one': { every: 2, unit: 'month' as const } },
    };
    expect(frequencyOn(pack, reduced, d('2026-05-01'))).toMatchObject(every(1, 'month'));
    expect(frequencyOn(pack, reduced, d('2026-05-01')).agreed).toBeUndefined();
    expect(
      pack.notes.some((note) =>
        note.source.quote.startsWith('If the decision is made to reduce this frequency'),
      ),
    ).toBe(true);
  });

  // "We will make sure that all staff receive regular high quality supervision appropriate to their role and needs, as outlined in the Supervision Policy."
  it('does not cover staff, whose supervision is left to the separate Supervision Policy', () => {
    expect(() =>
      frequencyOn(pack, { role: 'social-worker', started: d('2026-01-05') }, d('2026-03-01')),
    ).toThrow(
      "policy somerset does not cover role 'social-worker' (its document sets no supervision frequency for it); roles it covers: foster-carer",
    );
    for (const role of ['asye', 'supervising-social-worker', 'team-manager', 'business-support']) {
      expect(() => nextDue(pack, { role }, d('2026-03-01'))).toThrow(
        `policy somerset does not cover role '${role}'`,
      );
    }
  });
});

describe('Somerset case discussion (c) Minimum standards at a glance; 3.11)', () => {
  // "All children should be discussed in supervision at least once every three months."
  describe('a child on a child protection plan that started on 15 January 2026', () => {
    const childProtection = { status: 'child-protection', since: d('2026-01-15') };

    it('is discussed every 3 months, in months (not 12 or 13 weeks)', () => {
      expect(caseFrequencyOn(pack, childProtection, d('2026-06-01'))).toMatchObject(
        every(3, 'month'),
      );
    });

    it('is first due 3 months after the plan started (the document sets no earlier first discussion)', () => {
      expect(pack.cases.every((rule) => rule.first === undefined)).toBe(true);
      expect(caseNextDue(pack, childProtection)).toBe('2026-04-15');
    });

    it('is due 3 calendar months after the last discussion, clamped at the month end', () => {
      expect(caseNextDue(pack, childProtection, d('2026-11-30'))).toBe('2027-02-28');
      expect(caseNextDue(pack, childProtection, d('2027-05-31'))).toBe('2027-08-31');
    });

    it('plans a discussion every 3 months over a year', () => {
      expect(
        caseDueDates(pack, childProtection, { from: d('2026-01-15'), through: d('2027-01-15') }),
      ).toEqual(['2026-04-15', '2026-07-15', '2026-10-15', '2027-01-15']);
    });

    it('needs the date the plan started when the child has not been discussed', () => {
      expect(() => caseNextDue(pack, { status: 'child-protection' })).toThrow(
        "give the date the case became 'child-protection' (the date the child protection plan started)",
      );
    });
  });

  // The Supervision row of the table is one cell across every column, Family Intervention Service to Care leavers.
  it('applies the three-month minimum to every column of the table', () => {
    for (const status of [
      'early-help',
      'child-in-need',
      'looked-after',
      'looked-after-under-1-year',
      'looked-after-matched',
      'disabled-children',
      'care-leaver-16-17',
    ]) {
      expect(caseFrequencyOn(pack, { status }, d('2026-06-01')), status).toMatchObject(
        every(3, 'month'),
      );
    }
  });

  // "within this document the words child/children are used to indicate those under the age of 18" — yet the
  // Supervision row spans the Care leavers column: the pack reads it as covering care leavers aged 18-25 too.
  it('reads the rule as covering care leavers aged 18 to 25, and says so in a note', () => {
    for (const status of ['care-leaver-18-21', 'care-leaver-18-21-risk', 'care-leaver-21-25']) {
      expect(caseFrequencyOn(pack, { status }, d('2026-06-01')), status).toMatchObject(
        every(3, 'month'),
      );
    }
    expect(pack.notes.some((note) => note.source.section === 'Note on language')).toBe(true);
  });

  // "For children involved with Level 2 CWD and Level 2 Young Carers this is likely to be 6 monthly if the plan is only reviewed every 6 months."
  it('discusses Level 2 CWD and Level 2 Young Carers every 6 months, under the pack’s own statuses', () => {
    expect(Object.keys(pack.ownIds?.caseStatuses ?? {})).toEqual([
      'disabled-children-level-2',
      'young-carers-level-2',
    ]);
    for (const status of ['disabled-children-level-2', 'young-carers-level-2']) {
      expect(caseFrequencyOn(pack, { status }, d('2026-06-01')), status).toMatchObject(
        every(6, 'month'),
      );
      expect(caseNextDue(pack, { status, since: d('2026-03-31') })).toBe('2026-09-30');
      expect(caseNextDue(pack, { status }, d('2026-08-31'))).toBe('2027-02-28');
    }
  });

  it('does not cover case statuses the document never names for supervision', () => {
    expect(() => caseFrequencyOn(pack, { status: 'youth-offending' }, d('2026-06-01'))).toThrow(
      "policy somerset does not cover case status 'youth-offending' (its document sets no discussion frequency for it)",
    );
    for (const status of ['exploitation-risk', 'unregulated-placement', 'foster-carer-review']) {
      expect(() => caseNextDue(pack, { status }, d('2026-06-01'))).toThrow(
        `policy somerset does not cover case status '${status}'`,
      );
    }
  });
});

describe('Somerset deadlines', () => {
  // "Case notes should be updated as soon as possible and no later than 3 working days after the event." — case notes, not supervision records
  it('sets no supervision record deadline, agreement or booking horizon, and no team sessions', () => {
    expect(recordDueOn(pack, d('2026-11-23'))).toBeUndefined();
    expect(agreementDueOn(pack, d('2026-01-05'))).toBeUndefined();
    expect(agreementDueOn(pack, d('2026-01-05'), d('2026-01-20'))).toBeUndefined();
    expect(bookingHorizonFrom(pack, d('2026-11-30'))).toBeUndefined();
    expect(pack.teamSessions).toEqual([]);
  });
});
