/**
 * Direct observation of practice, one session in every N of a type (the
 * pack's `observations`; Lambeth 2.2.2: "1 in 3 professional supervision
 * session should be dedicated to the observation of practice").
 *
 * Counted over the sessions whose record said whether they were an
 * observation (migration 027): a record made before Cadence asked, or
 * without the card, says nothing and is not counted either way. So a
 * person's count starts at the first record that answers.
 *
 * - the next session should be an observation when the last N−1 answered
 *   were not (the preparation and record cards say so);
 * - it is overdue once N in a row were not: due on the day of the Nth, the
 *   session that should have been one.
 */
import { daysBetween, loadShippedPack, type IsoDate } from '../rules/index.ts';
import type { ObservationStreak } from './ports/index.ts';

export interface ObservationRule {
  type: string;
  oneIn: number;
  source: { section: string; quote: string };
}

/** The rule for a session of `types` under `policy`, if the policy counts observations of one of them. */
export function observationRuleFor(
  policy: string,
  types: readonly string[],
): ObservationRule | undefined {
  return loadShippedPack(policy).observations.find((rule) => types.includes(rule.type));
}

/** Every type some policy counts observations of: what the store needs to read. */
export function observedTypes(policies: Iterable<string>): string[] {
  const types = new Set<string>();
  for (const policy of new Set(policies))
    for (const rule of loadShippedPack(policy).observations) types.add(rule.type);
  return [...types];
}

export interface ObservationStanding {
  rule: ObservationRule;
  /** Sessions answered "not an observation" since the last that was (or since Cadence asked). */
  unobserved: number;
  lastObservedOn: string | null;
  /** The next session of the type should be an observation. */
  nextShouldBe: boolean;
  /** When N in a row were not: the day of the one that should have been. */
  overdueSince: IsoDate | null;
}

export function observationStanding(
  rule: ObservationRule,
  streak: ObservationStreak | undefined,
): ObservationStanding {
  const dates = streak?.unobservedOn ?? [];
  return {
    rule,
    unobserved: dates.length,
    lastObservedOn: streak?.lastObservedOn ?? null,
    nextShouldBe: dates.length >= rule.oneIn - 1,
    overdueSince: dates.length >= rule.oneIn ? (dates[rule.oneIn - 1] as IsoDate) : null,
  };
}

/** Days since the session that should have been an observation. */
export function daysWithoutObservation(standing: ObservationStanding, on: IsoDate): number {
  return standing.overdueSince ? daysBetween(standing.overdueSince, on) : 0;
}

/** One line for cards and the CLI: how many were not, and what the policy asks. */
export function observationText(standing: ObservationStanding, name: string): string {
  const { rule, unobserved, lastObservedOn } = standing;
  const since = lastObservedOn ? `since the last, on ${lastObservedOn}` : 'with none observed yet';
  return `${unobserved} ${rule.type} session${unobserved === 1 ? '' : 's'} of ${name} held ${since}, not observations of practice; the policy asks 1 in ${rule.oneIn} to be (${rule.source.section})`;
}
