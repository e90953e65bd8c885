/**
 * How often a child's case must be discussed in supervision, from the case
 * status and the date the case entered it (`since`: the allocation, the
 * initial child protection conference, the approval of an assessment, as the
 * status's rule says).
 */
import type { IsoDate } from './calendar-date.ts';
import { InputError } from './errors.ts';
import { addInterval } from './intervals.ts';
import { findCaseStatus } from './lookup.ts';
import { chainDueDates, phaseOn } from './phases.ts';
import type { CaseRule, Interval, PolicyPack, Source } from './schema.ts';

export interface ChildCase {
  status: string;
  since?: IsoDate;
}

export interface CaseFrequencyInForce extends Interval {
  source: Source;
  phaseEndsOn?: IsoDate;
}

/** The regular discussion interval in force on `on` (the first-discussion rule is in {@link caseNextDue}). */
export function caseFrequencyOn(
  pack: PolicyPack,
  childCase: ChildCase,
  on: IsoDate,
): CaseFrequencyInForce {
  return intervalFor(findCaseStatus(pack, childCase.status), childCase, on);
}

/**
 * When the case must next be discussed: one interval after the last
 * discussion; if never discussed under its current status (a discussion
 * before `since` was under the status before), the status's first-discussion
 * deadline (Knowsley: within 2 weeks of the ICPC) or one interval after `since`.
 */
export function caseNextDue(
  pack: PolicyPack,
  childCase: ChildCase,
  lastDiscussed?: IsoDate,
): IsoDate {
  const rule = findCaseStatus(pack, childCase.status);
  if (lastDiscussed && !(childCase.since && lastDiscussed < childCase.since)) {
    return addInterval(lastDiscussed, intervalFor(rule, childCase, lastDiscussed));
  }
  const since = requireSince(rule, childCase);
  return rule.first
    ? addInterval(since, rule.first.within)
    : addInterval(since, intervalFor(rule, childCase, since));
}

/** Discussion due dates in `[from, through]`, chained as for staff supervision. */
export function caseDueDates(
  pack: PolicyPack,
  childCase: ChildCase,
  window: { from: IsoDate; through: IsoDate; lastDiscussed?: IsoDate | undefined },
): IsoDate[] {
  const rule = findCaseStatus(pack, childCase.status);
  const start = window.lastDiscussed ?? requireSince(rule, childCase);
  const first = window.lastDiscussed ? undefined : caseNextDue(pack, childCase);
  return chainDueDates(
    start,
    window.through,
    (date) => intervalFor(rule, childCase, date),
    first,
  ).filter((date) => date >= window.from);
}

function intervalFor(rule: CaseRule, childCase: ChildCase, on: IsoDate): CaseFrequencyInForce {
  const { phase, endsOn } = phaseOn(
    rule.phases,
    on,
    childCase.since,
    {},
    `the date the case became '${rule.status}'`,
  );
  const inForce: CaseFrequencyInForce = {
    every: phase.every,
    unit: phase.unit,
    source: phase.source,
  };
  if (endsOn) inForce.phaseEndsOn = endsOn;
  return inForce;
}

function requireSince(rule: CaseRule, childCase: ChildCase): IsoDate {
  if (!childCase.since) {
    throw new InputError(
      `give the date the case became '${rule.status}' (${rule.since}) or the last discussion`,
    );
  }
  return childCase.since;
}
