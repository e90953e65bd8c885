/**
 * City of London Corporation, Quality Assurance Framework (March 2023),
 * docs/sources/003_00efc1d96c199b7f.txt. Each test quotes the passage it checks.
 *
 * A quality assurance framework, not a supervision policy: its one frequency is
 * "Monthly reflective supervision", listed in every month of the QA timeline
 * without naming who gets it. The pack applies it to the practitioners and team
 * managers of the Children and Families Team & Early Help (see its notes).
 */
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { caseFrequencyOn, caseNextDue } from '../case-frequency.ts';
import { agreementDueOn, bookingHorizonFrom, recordDueOn } from '../deadlines.ts';
import { loadShippedPack } from '../load-pack.ts';
import { dueDates, frequencyOn, nextDue } from '../staff-frequency.ts';

const pack = loadShippedPack('city-of-london');
const d = (text: string) => parseIsoDate(text);
const every = (n: number, unit: string) => ({ every: n, unit });

describe('City of London staff supervision (Timeline of QA activity)', () => {
  // "Monthly reflective supervision."
  it('gives a social worker monthly reflective supervision', () => {
    const worker = { role: 'social-worker', started: d('2026-01-05') };
    expect(frequencyOn(pack, worker, d('2026-01-05'))).toMatchObject({
      ...every(1, 'month'),
      type: 'reflective-supervision',
    });
    expect(frequencyOn(pack, worker, d('2026-03-01'), 'reflective-supervision').source.quote).toBe(
      'Monthly reflective supervision.',
    );
  });

  it('makes monthly mean within one calendar month of the last session, clamped at the month end', () => {
    const worker = { role: 'social-worker' };
    expect(nextDue(pack, worker, d('2026-01-31'))).toBe('2026-02-28');
    expect(nextDue(pack, worker, d('2027-12-31'))).toBe('2028-01-31');
    expect(nextDue(pack, worker, d('2028-01-31'))).toBe('2028-02-29');
  });

  it('counts the first session from the start in the role when none has been held', () => {
    const worker = { role: 'social-worker', started: d('2026-01-05') };
    expect(nextDue(pack, worker, undefined)).toBe('2026-02-05');
    expect(dueDates(pack, worker, { from: d('2026-01-05'), through: d('2026-04-30') })).toEqual([
      '2026-02-05',
      '2026-03-05',
      '2026-04-05',
    ]);
  });

  it('applies the same monthly reflective supervision, with no phases, to each practitioner group and team managers', () => {
    expect(pack.roles.map((rule) => rule.role)).toEqual([
      'social-worker',
      'asye',
      'returning-social-worker',
      'early-help',
      'personal-adviser',
      'team-manager',
    ]);
    for (const rule of pack.roles) {
      expect(
        rule.types.map((type) => type.type),
        rule.role,
      ).toEqual(['reflective-supervision']);
      expect(rule.types[0]?.phases, rule.role).toHaveLength(1);
    }
    // an ASYE two weeks in is monthly too: the framework sets no early weekly or fortnightly phase
    const asye = { role: 'asye', started: d('2026-01-05') };
    expect(frequencyOn(pack, asye, d('2026-01-19'))).toMatchObject(every(1, 'month'));
    expect(nextDue(pack, { role: 'team-manager' }, d('2026-05-31'))).toBe('2026-06-30');
  });

  it('declares reflective-supervision as its own type', () => {
    expect(pack.ownIds?.types).toEqual({
      'reflective-supervision':
        'monthly reflective supervision, as listed in every month of the QA activity timeline',
    });
  });

  it('refuses one-to-one supervision, which the framework gives no frequency, naming the type it does set', () => {
    expect(() =>
      frequencyOn(pack, { role: 'social-worker' }, d('2026-03-01'), 'one-to-one'),
    ).toThrow(
      "policy city-of-london sets no 'one-to-one' supervision for role 'social-worker'; its types for that role: reflective-supervision",
    );
  });

  // The framework names no supervision for foster carers, IROs or senior managers.
  it('does not cover foster carers or staff outside the Children and Families Team & Early Help', () => {
    expect(() =>
      nextDue(pack, { role: 'foster-carer', approved: d('2026-01-05') }, undefined),
    ).toThrow(
      "policy city-of-london does not cover role 'foster-carer' (its document sets no supervision frequency for it)",
    );
    for (const role of ['iro', 'service-manager', 'business-support']) {
      expect(() => frequencyOn(pack, { role }, d('2026-03-01'))).toThrow(
        `policy city-of-london does not cover role '${role}'`,
      );
    }
  });
});

describe('City of London case discussion', () => {
  // The framework sets no frequency for discussing a child: "live cases can be discussed" in group supervision, no interval.
  it('covers no case status, and says so listing "(none)"', () => {
    expect(pack.cases).toEqual([]);
    expect(() => caseFrequencyOn(pack, { status: 'child-protection' }, d('2026-06-01'))).toThrow(
      "policy city-of-london does not cover case status 'child-protection' (its document sets no discussion frequency for it); statuses it covers: (none)",
    );
    expect(() => caseNextDue(pack, { status: 'child-in-need', since: d('2026-01-05') })).toThrow(
      "policy city-of-london does not cover case status 'child-in-need'",
    );
  });
});

describe('City of London deadlines and team sessions', () => {
  it('sets no record deadline, agreement or booking horizon', () => {
    expect(recordDueOn(pack, d('2026-11-23'))).toBeUndefined();
    expect(agreementDueOn(pack, d('2026-01-05'))).toBeUndefined();
    expect(agreementDueOn(pack, d('2026-01-05'), d('2026-01-20'))).toBeUndefined();
    expect(bookingHorizonFrom(pack, d('2026-11-30'))).toBeUndefined();
  });

  // "Group Supervision for Children and Families Team." — listed May to December, with no interval
  it('sets no team session, since group supervision has no stated interval', () => {
    expect(pack.teamSessions).toEqual([]);
    expect(
      pack.notes.some(
        (note) => note.source.quote === 'Group Supervision for Children and Families Team.',
      ),
    ).toBe(true);
  });
});
