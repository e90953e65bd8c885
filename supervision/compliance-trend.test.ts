/**
 * The monthly trend walks each person's sessions once (compliance-trend.ts);
 * it must judge every month exactly as `withinPolicy` judges a period. Compared
 * on generated people: Solihull social workers (monthly), ASYE workers (weekly,
 * then fortnightly, then monthly) and a Lambeth worker with several types,
 * sessions at random gaps over two years, some starting from an imported
 * last supervision, every month of the trend.
 */
import { describe, expect, it } from 'vitest';
import { addDays, parseIsoDate, type IsoDate } from '../rules/index.ts';
import { withinPolicy } from './compliance.ts';
import { overdueSpans, trendMonths, withinSpans } from './compliance-trend.ts';
import type { TeamMember } from './ports/index.ts';

/** A small deterministic generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const person = (
  id: number,
  role: string,
  policy: string,
  startedOn: string,
  types: string[],
): TeamMember => ({
  id,
  upn: `p${id}@x.example`,
  name: `Person ${id}`,
  role,
  policy,
  team: 'Team',
  startedOn,
  approvedOn: null,
  relationshipFrom: startedOn,
  supervisorUpn: 'sup@x.example',
  supervisorName: 'Sup',
  types,
  agreedPeriods: {},
  agreedFrequency: {},
  agreementSignedOn: null,
  agreementReviewedOn: null,
});

describe('the monthly trend', () => {
  it('judges each month as withinPolicy judges that period, for 300 generated people', () => {
    const on = parseIsoDate('2026-12-04');
    const months = trendMonths(on);
    expect(months.map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(months.at(-1)).toMatchObject({ from: '2026-12-01', to: '2026-12-04' });
    const next = random(42);
    let compared = 0;
    let within = 0;
    for (let id = 1; id <= 300; id++) {
      const kind = id % 3;
      const member =
        kind === 0
          ? person(id, 'social-worker', 'solihull', '2019-01-01', ['one-to-one'])
          : kind === 1
            ? person(id, 'asye', 'solihull', id % 2 ? '2026-03-02' : '2025-11-03', ['one-to-one'])
            : person(id, 'social-worker', 'lambeth', '2018-06-01', [
                'case-management',
                'professional',
              ]);
      const held: { type: string; heldOn: IsoDate; imported?: boolean }[] = [];
      for (const type of member.types!) {
        let day = parseIsoDate('2024-12-01');
        const imported = next() < 0.3;
        let first = true;
        while (true) {
          day = addDays(day, 3 + Math.floor(next() * 40));
          if (day > on) break;
          held.push({ type, heldOn: day, ...(first && imported && { imported: true }) });
          first = false;
        }
      }
      const spans = overdueSpans(member, held, months[0]!.from, on);
      for (const month of months) {
        const expected = withinPolicy(member, held, month.from, month.to).within;
        expect(withinSpans(spans, month.from, month.to), `person ${id}, ${month.month}`).toBe(
          expected,
        );
        compared += 1;
        if (expected) within += 1;
      }
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(compared).toBe(3600);
    expect(within).toBeGreaterThan(300);
    expect(compared - within).toBeGreaterThan(300);
  });
});
