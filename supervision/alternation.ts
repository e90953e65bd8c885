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
 * not give one supervisor two sessions in a row. A turn the three could not
 * all make is then placed with the two it needs (placeTurnsAlone).
 */
import type { IsoDate } from '../rules/index.ts';
import { NO_AVAILABILITY } from './availability.ts';
import { placeOnItsOwn, windowStartOf } from './one-session.ts';
import type { Availability, PlannedOccurrence, PlannedSeries } from './planner.ts';

export interface AlternatingPlan {
  /** The relationship's supervisor's series. */
  supervisor: PlannedSeries[];
  /** The alternate supervisor's series. */
  alternate: PlannedSeries[];
}

type Slot =
  | { date: string; occurrence: PlannedOccurrence }
  | { date: string; unplaceable: PlannedSeries['unplaceable'][number] };

/**
 * Splits the chain into turns; `alternateFirst` when the supervisor held (or has booked) the
 * latest session. A series in a phase the policy does not have alternate (`alternates` false:
 * Lambeth's ASYE weekly weeks, before the fortnightly "alternating" phase) stays the
 * supervisor's whole, and does not count as a turn.
 */
export function takeTurns(
  series: readonly PlannedSeries[],
  alternateFirst: boolean,
  alternates: (s: PlannedSeries) => boolean = () => true,
): AlternatingPlan {
  const plan: AlternatingPlan = { supervisor: [], alternate: [] };
  let turn = alternateFirst ? 1 : 0;
  for (const s of [...series].sort((a, b) => a.firstDate.localeCompare(b.firstDate))) {
    if (!alternates(s)) {
      plan.supervisor.push(s);
      continue;
    }
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

/**
 * A turn the chain could not place because one of the three was busy, placed
 * with the two it needs: the supervisee and the supervisor whose turn it is,
 * or failing them the other supervisor (a session on time matters more than
 * whose turn it was). Its window is the chain's (one interval of the chain
 * before its latest date), so it is still on time. Returns the turns placed,
 * each a series of one with its organiser, and the series left with only the
 * sessions still unplaceable (for a cover, then a cancellation).
 */
export function placeTurnsAlone(
  parties: { organiserUpns: readonly string[]; superviseeUpn: string },
  series: readonly PlannedSeries[],
  availability: ReadonlyMap<string, Availability>,
  today: IsoDate,
  take: (upns: string[], series: PlannedSeries[]) => void,
): { alone: { organiserUpn: string; series: PlannedSeries }[]; rest: PlannedSeries[] } {
  const alone: { organiserUpn: string; series: PlannedSeries }[] = [];
  const rest = series.map((s) => {
    // The turn series is every 2k weeks; the chain it came from, every k.
    const chain = { ...s, everyWeeks: Math.max(1, s.everyWeeks / 2) };
    const still = s.unplaceable.filter((lost) => {
      for (const organiserUpn of parties.organiserUpns) {
        const one = placeOnItsOwn(
          s,
          lost,
          { earliest: [today, windowStartOf(chain, lost)].sort().at(-1)!, latest: lost.latest },
          availability.get(organiserUpn.toLowerCase()) ?? NO_AVAILABILITY,
          availability.get(parties.superviseeUpn.toLowerCase()) ?? NO_AVAILABILITY,
        );
        if (!one) continue;
        take([organiserUpn, parties.superviseeUpn], [one]);
        alone.push({ organiserUpn, series: one });
        return false;
      }
      return true;
    });
    return { ...s, unplaceable: still };
  });
  return { alone, rest };
}
