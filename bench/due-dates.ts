/**
 * Due dates for 10,000 people over a 12-month horizon — the work behind a
 * nightly re-plan of a large council. Target (issue 2): under 1 second.
 */
import {
  addDays,
  dueDates,
  loadShippedPack,
  parseIsoDate,
  shippedPolicyIds,
  type IsoDate,
  type PolicyPack,
  type Supervisee,
} from '../rules/index.ts';

export interface Figures {
  name: string;
  runsMs: number[];
  detail: string;
}

/** A deterministic workforce: every role of every pack, start dates spread over three years. */
function workforce(
  count: number,
  today: IsoDate,
): { pack: PolicyPack; person: Supervisee; type: string }[] {
  const slots = shippedPolicyIds()
    .map(loadShippedPack)
    .flatMap((pack) =>
      pack.roles.flatMap((role) =>
        role.types.map((type) => ({ pack, role: role.role, type: type.type })),
      ),
    );
  return Array.from({ length: count }, (_, i) => {
    const slot = slots[i % slots.length]!;
    const started = addDays(today, -((i * 37) % 1100));
    return {
      pack: slot.pack,
      type: slot.type,
      person: { role: slot.role, started, approved: started },
    };
  });
}

export function benchDueDates(people = 10_000, runs = 5): Figures {
  const today = parseIsoDate('2026-11-23');
  const through = parseIsoDate('2027-11-23');
  const everyone = workforce(people, today);
  const runsMs: number[] = [];
  let dates = 0;
  for (let run = 0; run < runs; run += 1) {
    dates = 0;
    const started = performance.now();
    for (const { pack, person, type } of everyone) {
      dates += dueDates(pack, person, { from: today, through }, type).length;
    }
    runsMs.push(performance.now() - started);
  }
  return {
    name: `due dates, ${people.toLocaleString('en-GB')} people × 12 months`,
    runsMs,
    detail: `${dates.toLocaleString('en-GB')} due dates a run`,
  };
}
