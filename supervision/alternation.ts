/**
 * Alternating supervisors (docs/roster.md#alternating-supervisors): Lambeth
 * ASYEs "alternating between ASYE Assessor and Team Manager" (002, staff-group
 * table), Solihull students "alternating between supervision with their onsite
 * supervisor and practice educator" (000).
 *
 * The type is planned as one chain, at times when the supervisee and both
 * supervisors are free, so every session is on time whoever holds it. The
 * chain's sessions then take turns: each planned series (every k weeks)
 * becomes two series every 2k weeks, one in each supervisor's calendar. The
 * turns run on across series, so a phase change (weekly to fortnightly) does
 * not give one supervisor two sessions in a row.
 */
import type { PlannedOccurrence, PlannedSeries } from './planner.ts';

export interface AlternatingPlan {
  /** The relationship's supervisor's series. */
  supervisor: PlannedSeries[];
  /** The alternate supervisor's series. */
  alternate: PlannedSeries[];
}

type Slot =
  | { date: string; occurrence: PlannedOccurrence }
  | { date: string; unplaceable: PlannedSeries['unplaceable'][number] };

/** Splits the chain into turns; `alternateFirst` when the supervisor held (or has booked) the latest session. */
export function takeTurns(
  series: readonly PlannedSeries[],
  alternateFirst: boolean,
): AlternatingPlan {
  const plan: AlternatingPlan = { supervisor: [], alternate: [] };
  let turn = alternateFirst ? 1 : 0;
  for (const s of [...series].sort((a, b) => a.firstDate.localeCompare(b.firstDate))) {
    // Every regular date of the series in order, placed or not: a series has one per k weeks.
    const slots: Slot[] = [
      ...s.occurrences.map((occurrence) => ({ date: occurrence.regular.date, occurrence })),
      ...s.unplaceable.map((unplaceable) => ({ date: unplaceable.regularDate, unplaceable })),
    ].sort((a, b) => a.date.localeCompare(b.date));
    for (const side of [0, 1] as const) {
      const mine = slots.filter((_, i) => (i + turn) % 2 === side);
      if (mine.length === 0) continue;
      (side === 0 ? plan.supervisor : plan.alternate).push({
        ...s,
        everyWeeks: s.everyWeeks * 2,
        firstDate: mine[0]!.date as PlannedSeries['firstDate'],
        lastDate: mine.at(-1)!.date as PlannedSeries['lastDate'],
        occurrences: mine.flatMap((slot) => ('occurrence' in slot ? [slot.occurrence] : [])),
        unplaceable: mine.flatMap((slot) => ('unplaceable' in slot ? [slot.unplaceable] : [])),
      });
    }
    turn += slots.length;
  }
  return plan;
}
