/**
 * Lambeth, Supervision Policy, Procedures and Guidance (March 2021),
 * docs/sources/002_d52470f0286a3b1d.txt. Each test quotes the passage it checks.
 */
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { caseFrequencyOn, caseNextDue } from '../case-frequency.ts';
import { combinedTypes } from '../combined-types.ts';
import { agreementDueOn, bookingHorizonFrom, recordDueOn } from '../deadlines.ts';
import { loadShippedPack } from '../load-pack.ts';
import { dueDates, frequenciesOn, frequencyOn, nextDue } from '../staff-frequency.ts';

const pack = loadShippedPack('lambeth');
const d = (text: string) => parseIsoDate(text);
const every = (n: number, unit: string) => ({ every: n, unit });

describe('Lambeth staff supervision (3. Supervision Procedure – Frequency of Supervision)', () => {
  // "Weekly for the 1 st 6 weeks every 2 weeks (alternating between ASYE Assessor and Team Manager) for the
  // initial supervision ... Progress to Monthly professional's supervision upon successful completion of
  // probation and 6 months ASYE review."
  describe('an ASYE social worker who started on Monday 7 September 2026', () => {
    const asye = { role: 'asye', started: d('2026-09-07') };

    it('has professional supervision weekly through the last day of week 6 and every 2 weeks from the day after', () => {
      expect(frequencyOn(pack, asye, d('2026-09-07'), 'professional')).toMatchObject(
        every(1, 'week'),
      );
      expect(frequencyOn(pack, asye, d('2026-10-18'), 'professional')).toMatchObject({
        ...every(1, 'week'),
        phaseEndsOn: '2026-10-19',
      });
      expect(frequencyOn(pack, asye, d('2026-10-19'), 'professional')).toMatchObject(
        every(2, 'week'),
      );
    });

    it('stays fortnightly while probation and the 6 month review are not recorded as passed, rather than guessing', () => {
      expect(frequencyOn(pack, asye, d('2027-03-07'), 'professional')).toMatchObject(
        every(2, 'week'),
      );
      expect(frequencyOn(pack, asye, d('2027-09-07'), 'professional')).toMatchObject(
        every(2, 'week'),
      );
    });

    it('turns monthly on the day the recorded period (start to passing probation and the review) ends', () => {
      const passed = {
        ...asye,
        agreed: { 'asye-review-passed': { amount: 7, unit: 'month' as const } },
      };
      expect(frequencyOn(pack, passed, d('2027-04-06'), 'professional')).toMatchObject({
        ...every(2, 'week'),
        phaseEndsOn: '2027-04-07',
      });
      expect(frequencyOn(pack, passed, d('2027-04-07'), 'professional')).toMatchObject({
        ...every(1, 'month'),
        type: 'professional',
      });
    });

    it('has the two supervisors take turns in the fortnightly phase only, not the weekly weeks or the monthly phase', () => {
      const passed = {
        ...asye,
        agreed: { 'asye-review-passed': { amount: 7, unit: 'month' as const } },
      };
      const alternating = (on: string) =>
        frequencyOn(pack, passed, d(on), 'professional').alternating;
      expect(alternating('2026-09-07')).toBe(false);
      expect(alternating('2026-10-19')).toBe(true);
      expect(alternating('2027-04-07')).toBe(false);
      // A type whose phases the document does not mark: the roster decides.
      expect(frequencyOn(pack, asye, d('2026-10-19'), 'case-management').alternating).toBe(
        undefined,
      );
    });

    it('plans six weekly sessions, then fortnightly ones', () => {
      const plan = dueDates(
        pack,
        asye,
        { from: d('2026-09-07'), through: d('2026-11-30') },
        'professional',
      );
      expect(plan).toEqual([
        '2026-09-14',
        '2026-09-21',
        '2026-09-28',
        '2026-10-05',
        '2026-10-12',
        '2026-10-19',
        '2026-11-02',
        '2026-11-16',
        '2026-11-30',
      ]);
    });

    // "NQSW's on ASYE programme Case Management Supervision ... Minimum of every 4 weeks"
    // "Reflective Team Case Discussion Team Manager or Advance Practitioner Minimum of Every 2 weeks"
    it('has case management every 4 weeks (28 days, not monthly) and reflective team case discussion every 2 weeks', () => {
      expect(nextDue(pack, asye, d('2027-03-31'), 'case-management')).toBe('2027-04-28');
      expect(frequencyOn(pack, asye, d('2026-09-07'), 'reflective-case-discussion')).toMatchObject(
        every(2, 'week'),
      );
    });

    it('asks which type, since an ASYE has several', () => {
      expect(() => frequencyOn(pack, asye, d('2026-10-01'))).toThrow(
        'has several supervision types',
      );
    });
  });

  // "QSW (PO1-06) ... Professional Supervision Line Manager Minimum of every 6 weeks.
  //  Reflective Team Case Discussion Team Manager or Advance Practitioner Minimum of Every 2 weeks"
  it('supervises a case-holding social worker professionally every 6 weeks, with reflective case discussion every 2 weeks', () => {
    const frequencies = frequenciesOn(pack, { role: 'social-worker' }, d('2026-06-01'));
    expect(frequencies).toEqual([
      expect.objectContaining({ type: 'professional', ...every(6, 'week') }),
      expect.objectContaining({ type: 'reflective-case-discussion', ...every(2, 'week') }),
    ]);
    expect(nextDue(pack, { role: 'social-worker' }, d('2026-06-01'), 'professional')).toBe(
      '2026-07-13',
    );
  });

  // "Case Management Supervision (case holding) ... As defined by minimum case management supervision recording requirements"
  it('gives a case-holding social worker no case management interval of their own (it is per child, section 3.1)', () => {
    expect(() =>
      frequencyOn(pack, { role: 'social-worker' }, d('2026-06-01'), 'case-management'),
    ).toThrow("policy lambeth sets no 'case-management' supervision for role 'social-worker'");
  });

  // "Case Management Supervision (Non-case holding) Line Manager As defined my intervention approach. No less than every 6 weeks."
  it('gives a non-case-holding social worker case management, professional and reflective supervision', () => {
    expect(
      frequenciesOn(pack, { role: 'social-worker-non-case-holding' }, d('2026-06-01')),
    ).toEqual([
      expect.objectContaining({ type: 'case-management', ...every(6, 'week') }),
      expect.objectContaining({ type: 'professional', ...every(6, 'week') }),
      expect.objectContaining({ type: 'reflective-case-discussion', ...every(2, 'week') }),
    ]);
  });

  // "Team Manager/Area Leads (PO6 – PO8) Case/Team/Project Management supervision Line Manager - Service Manager Minimum of Every 6 weeks."
  it('supervises team managers, service managers and assistant directors every 6 weeks in each of three types', () => {
    for (const role of ['team-manager', 'service-manager', 'assistant-director']) {
      expect(frequenciesOn(pack, { role }, d('2026-06-01'))).toEqual([
        expect.objectContaining({ type: 'case-management', ...every(6, 'week') }),
        expect.objectContaining({ type: 'professional', ...every(6, 'week') }),
        expect.objectContaining({ type: 'peer-reflection', ...every(6, 'week') }),
      ]);
    }
    expect(pack.roles.find((rule) => rule.role === 'team-manager')?.types[0]?.supervisor).toBe(
      'Service Manager',
    );
  });

  // "Administrative Support and other business support professionals Professional Supervision Line Manager Minimum of Every 6 weeks."
  it('gives business support staff and their managers professional supervision every 6 weeks (42 days) and nothing else', () => {
    expect(nextDue(pack, { role: 'business-support' }, d('2026-01-01'))).toBe('2026-02-12');
    expect(nextDue(pack, { role: 'business-support-manager' }, d('2026-01-01'))).toBe('2026-02-12');
  });

  // "Professional supervision - you and your supervisor should agree on the duration and frequency of your supervision"
  it('honours an agreed more frequent professional supervision, never a rarer one', () => {
    const monthly = {
      role: 'social-worker',
      agreedFrequency: { professional: { every: 1, unit: 'month' as const } },
    };
    expect(frequencyOn(pack, monthly, d('2026-06-01'), 'professional')).toMatchObject({
      ...every(1, 'month'),
      agreed: true,
    });
    const rarer = {
      role: 'social-worker',
      agreedFrequency: { professional: { every: 8, unit: 'week' as const } },
    };
    expect(frequencyOn(pack, rarer, d('2026-06-01'), 'professional')).toMatchObject(
      every(6, 'week'),
    );
  });

  // "Colleagues working in fostering must receive supervision to meet the requirements of the Fostering Services:
  //  National Minimum Standards 2011. These standards also specify the requirements for supervision of foster carers."
  it('does not cover foster carers or supervising social workers, which it leaves to the National Minimum Standards', () => {
    expect(() =>
      frequencyOn(pack, { role: 'foster-carer', approved: d('2026-01-01') }, d('2026-06-01')),
    ).toThrow("policy lambeth does not cover role 'foster-carer'");
    expect(() => frequencyOn(pack, { role: 'supervising-social-worker' }, d('2026-06-01'))).toThrow(
      "policy lambeth does not cover role 'supervising-social-worker'",
    );
  });
});

// 2.2: "this will result in separate supervision sessions or the allocation of time and space within the
// session to focus on each specific area".
describe('Lambeth: one session for several types (2.2 Definition of Supervision)', () => {
  const from = d('2026-12-07');
  const through = d('2027-03-31');

  it("gives a team manager's case management and professional supervision (both the Service Manager's, every 6 weeks) one session, and peer reflection its own", () => {
    const manager = { role: 'team-manager', started: d('2024-01-01') };
    expect(
      combinedTypes(
        pack,
        manager,
        ['case-management', 'professional', 'peer-reflection'],
        from,
        through,
      ),
    ).toEqual([['case-management', 'professional'], ['peer-reflection']]);
  });

  it("keeps an ASYE's 4-weekly case management apart from weekly, then fortnightly, professional supervision", () => {
    const asye = { role: 'asye', started: d('2026-11-30') };
    expect(combinedTypes(pack, asye, ['case-management', 'professional'], from, through)).toEqual([
      ['case-management'],
      ['professional'],
    ]);
  });

  it('separates two types once an agreed frequency makes one of them more frequent', () => {
    const agreed = {
      role: 'team-manager',
      started: d('2024-01-01'),
      agreedFrequency: { professional: { every: 4, unit: 'week' as const } },
    };
    expect(combinedTypes(pack, agreed, ['case-management', 'professional'], from, through)).toEqual(
      [['case-management'], ['professional']],
    );
  });

  it('is a Lambeth setting: a pack without it keeps every type its own session', () => {
    const solihull = loadShippedPack('solihull');
    expect(solihull.combinedSessions).toBeUndefined();
    const manager = { role: 'team-manager', started: d('2024-01-01') };
    expect(
      combinedTypes(
        { ...pack, combinedSessions: undefined },
        manager,
        ['case-management', 'professional'],
        from,
        through,
      ),
    ).toEqual([['case-management'], ['professional']]);
  });
});

describe('Lambeth case discussion (3.1 - Minimum Case Management supervision recording requirements)', () => {
  // "Children subject to Child protection planning minimum of every 4 weeks"
  it('discusses a child on a child protection plan every 4 weeks (28 days)', () => {
    expect(caseFrequencyOn(pack, { status: 'child-protection' }, d('2026-06-01'))).toMatchObject(
      every(4, 'week'),
    );
    expect(caseNextDue(pack, { status: 'child-protection', since: d('2026-03-02') })).toBe(
      '2026-03-30',
    );
    expect(caseNextDue(pack, { status: 'child-protection' }, d('2026-03-31'))).toBe('2026-04-28');
  });

  // "Children In Need Minimum of every 6 weeks"
  it('discusses a child in need every 6 weeks, with no earlier first discussion', () => {
    expect(caseNextDue(pack, { status: 'child-in-need', since: d('2026-01-15') })).toBe(
      '2026-02-26',
    );
    expect(pack.cases.every((rule) => rule.first === undefined)).toBe(true);
  });

  // "Children Looked After (not Matched) Minimum every 8 weeks" /
  // "Children Looked After (Matched and in stable placement) Minimum of 8 Weeks"
  it('discusses looked-after children every 8 weeks, matched or not, and those under a year on the not-matched row', () => {
    for (const status of ['looked-after', 'looked-after-under-1-year', 'looked-after-matched']) {
      expect(caseFrequencyOn(pack, { status }, d('2026-06-01'))).toMatchObject(every(8, 'week'));
    }
  });

  // "Young people with the 16 + Service Minimum of 8 Weeks" / "Care Leavers over 18 Minimum of 8 Weeks"
  it('discusses the 16+ service and care leavers over 18, of any age band, every 8 weeks (56 days)', () => {
    for (const status of [
      'care-leaver-16-17',
      'care-leaver-18-21',
      'care-leaver-18-21-risk',
      'care-leaver-21-25',
    ]) {
      expect(caseFrequencyOn(pack, { status }, d('2026-06-01'))).toMatchObject(every(8, 'week'));
    }
    expect(caseNextDue(pack, { status: 'care-leaver-21-25' }, d('2026-11-30'))).toBe('2027-01-25');
  });

  it('does not cover youth offending, which section 3.1 does not list', () => {
    expect(() => caseFrequencyOn(pack, { status: 'youth-offending' }, d('2026-06-01'))).toThrow(
      "policy lambeth does not cover case status 'youth-offending'",
    );
  });
});

describe('Lambeth deadlines', () => {
  // "Supervision case records should be uploaded on Mosaic within 2 working days of the supervision case discussion if not before."
  it('wants a record within 2 working days, skipping Christmas and the Boxing Day substitute holiday', () => {
    expect(recordDueOn(pack, d('2026-12-24'))).toBe('2026-12-30');
    expect(recordDueOn(pack, d('2026-06-04'))).toBe('2026-06-08');
  });

  // "This is to be discussed at the start of your supervisory relationship and reviewed twice a year"
  it('reviews the agreement every 6 months but sets no signing deadline, since "at the start" gives no number', () => {
    expect(agreementDueOn(pack, d('2026-01-05'))).toBeUndefined();
    expect(agreementDueOn(pack, d('2026-01-05'), d('2026-01-20'))).toBe('2026-07-20');
    expect(agreementDueOn(pack, d('2026-01-05'), d('2026-08-31'))).toBe('2027-02-28');
  });

  // "for those supervisors who directly supervise staff having face to face contact with children and families the recommended maximum ratio is 1 Supervisor to 6 – 8 Supervisees."
  it('recommends at most 6–8 supervisees for supervisors of its face to face roles, not of business support', () => {
    expect(pack.supervisorLoad).toMatchObject({
      from: 6,
      atMost: 8,
      roles: ['asye', 'social-worker', 'social-worker-non-case-holding'],
    });
    expect(pack.supervisorLoad!.roles).not.toContain('business-support');
  });

  // "Supervision meetings should be arranged in advance" (no lead time given)
  it('sets no booking horizon and no team sessions', () => {
    expect(bookingHorizonFrom(pack, d('2026-11-30'))).toBeUndefined();
    expect(pack.teamSessions).toEqual([]);
  });
});
