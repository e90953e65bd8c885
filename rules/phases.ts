/**
 * Which phase of a rule is in force on a date, and the chain of due dates a
 * rule produces. Shared by staff supervision and children's case discussion,
 * which differ only in what their phases count from.
 */
import { toDayNumber, type IsoDate } from './calendar-date.ts';
import { InputError } from './errors.ts';
import { addDuration, addInterval } from './intervals.ts';
import type { Duration, Interval, Phase } from './schema.ts';

/** Lengths a person's record holds for phases a document leaves to agreement. */
export type AgreedPeriods = Readonly<Record<string, Duration>>;

export interface PhaseInForce {
  phase: Phase;
  index: number;
  /** The first day of the next phase, when this one ends. */
  endsOn?: IsoDate;
}

/**
 * The phase in force on `on`. Phases count from `anchor` (start, approval or
 * `since`): a phase "until 6 weeks" covers the 42 days from the anchor, so the
 * anchor + 6 weeks is the first day of the next phase. A phase whose length
 * is left to agreement, with no length agreed, stays in force: the person
 * keeps the more frequent supervision until an end is recorded.
 */
export function phaseOn(
  phases: readonly Phase[],
  on: IsoDate,
  anchor: IsoDate | undefined,
  agreed: AgreedPeriods,
  anchorName: string,
): PhaseInForce {
  for (const [index, phase] of phases.entries()) {
    if (!phase.until) return { phase, index };
    const length = 'amount' in phase.until ? phase.until : agreed[phase.until.agreed];
    if (!length) return { phase, index };
    if (!anchor) {
      throw new InputError(
        `the frequency changes with time since ${anchorName}: give ${anchorName} (YYYY-MM-DD)`,
      );
    }
    if (toDayNumber(on) < toDayNumber(anchor)) {
      throw new InputError(`the date ${on} is before ${anchorName} (${anchor})`);
    }
    const endsOn = addDuration(anchor, length);
    if (toDayNumber(on) < toDayNumber(endsOn)) return { phase, index, endsOn };
  }
  // The schema guarantees the last phase has no end, so the loop always returns.
  throw new Error('unreachable: a pack passed validation with an ending last phase');
}

/**
 * Due dates from `start` through `through` inclusive, each one interval after
 * the one before, the interval being the one in force on the earlier date
 * (a session held in the weekly phase is due again a week later, even if the
 * fortnightly phase starts in between). `first`, when given, is the first due
 * date; otherwise it is `start` plus the interval in force on `start`.
 */
export function chainDueDates(
  start: IsoDate,
  through: IsoDate,
  intervalOn: (date: IsoDate) => Interval,
  first?: IsoDate,
): IsoDate[] {
  const dates: IsoDate[] = [];
  const end = toDayNumber(through);
  let due = first ?? addInterval(start, intervalOn(start));
  while (toDayNumber(due) <= end) {
    dates.push(due);
    due = addInterval(due, intervalOn(due));
  }
  return dates;
}
