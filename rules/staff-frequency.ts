/**
 * How often a member of staff (or a foster carer) must be supervised: the
 * interval in force on a date, the next due date, and the due dates through a
 * horizon. Pure functions: "today" and every other date are parameters.
 */
import type { IsoDate } from './calendar-date.ts';
import { InputError } from './errors.ts';
import { addInterval, isMoreFrequent } from './intervals.ts';
import { STAFF_ROLES } from './ids.ts';
import { findRole, findRoleType } from './lookup.ts';
import { chainDueDates, phaseOn, type AgreedPeriods } from './phases.ts';
import type { Interval, PolicyPack, RoleRule, RoleTypeRule, Source } from './schema.ts';

/** What the engine needs to know about a supervisee. */
export interface Supervisee {
  role: string;
  /** Date started in the role (or returned to practice). */
  started?: IsoDate;
  /** Approval date, for foster carers. */
  approved?: IsoDate;
  /** Lengths agreed for phases the policy leaves to agreement, e.g. `returner-period`. */
  agreed?: AgreedPeriods;
  /** A more frequent interval agreed for a type; a less frequent one is ignored (policy is the minimum). */
  agreedFrequency?: Readonly<Record<string, Interval>>;
}

export interface FrequencyInForce extends Interval {
  type: string;
  source: Source;
  /** Set when the interval comes from the person's agreement rather than the policy. */
  agreed?: true;
  /** The day the next phase starts, if this one ends. */
  phaseEndsOn?: IsoDate;
  /**
   * Whether two supervisors take this phase's sessions in turns, where the document marks
   * which phases alternate (Phase.alternating); absent where it says nothing.
   */
  alternating?: boolean;
}

/** The interval in force for `type` (or the role's only type) on `on`. */
export function frequencyOn(
  pack: PolicyPack,
  person: Supervisee,
  on: IsoDate,
  type?: string,
): FrequencyInForce {
  const role = roleFor(pack, person, type);
  return frequencyForType(role, findRoleType(pack, role, type), person, on);
}

/** The interval in force for each of the role's supervision types on `on`. */
export function frequenciesOn(
  pack: PolicyPack,
  person: Supervisee,
  on: IsoDate,
): FrequencyInForce[] {
  const role = roleFor(pack, person);
  return role.types.map((rule) => frequencyForType(role, rule, person, on));
}

/**
 * The pack's rule for the person's role. Where the document leaves staff
 * frequency to agreement and has no rule for the role, the rule is the
 * person's agreed frequency, and without one the person is told to record it.
 */
export function roleFor(pack: PolicyPack, person: Supervisee, type?: string): RoleRule {
  const agreedRule = pack.agreedStaffFrequency;
  if (!agreedRule || pack.roles.some((rule) => rule.role === person.role))
    return findRole(pack, person.role);
  if (!(person.role in STAFF_ROLES) && !(pack.ownIds?.roles && person.role in pack.ownIds.roles))
    return findRole(pack, person.role);
  const agreed = Object.entries(person.agreedFrequency ?? {}).filter(
    ([agreedType]) => type === undefined || agreedType === type,
  );
  if (agreed.length === 0) {
    throw new InputError(
      `policy ${pack.id} leaves how often staff are supervised to agreement ([${agreedRule.source.section}] “${agreedRule.source.quote}”): record the frequency agreed for this ${person.role}${type ? ` (${type})` : ''}`,
    );
  }
  return {
    role: person.role,
    title: STAFF_ROLES[person.role as keyof typeof STAFF_ROLES] ?? person.role,
    phasesFrom: 'started',
    types: agreed.map(([agreedType, interval]) => ({
      type: agreedType,
      phases: [{ ...interval, source: agreedRule.source }],
    })),
  };
}

/** The date the next session is due, one interval after the last held one, or after the start if none. */
export function nextDue(
  pack: PolicyPack,
  person: Supervisee,
  last: IsoDate | undefined,
  type?: string,
): IsoDate {
  const role = roleFor(pack, person, type);
  const rule = findRoleType(pack, role, type);
  const from = last ?? anchorOf(role, person);
  if (!from) {
    throw new InputError(
      `give the date of the last held session, or ${anchorName(role)}, to work out when the next is due`,
    );
  }
  return addInterval(from, frequencyForType(role, rule, person, from));
}

/**
 * The due dates in `[from, through]`: a chain from the last held session (or
 * the start) in which each session is assumed held on its due date, so the
 * interval changes as phases change inside the horizon.
 */
export function dueDates(
  pack: PolicyPack,
  person: Supervisee,
  window: { from: IsoDate; through: IsoDate; last?: IsoDate | undefined },
  type?: string,
): IsoDate[] {
  const role = roleFor(pack, person, type);
  const rule = findRoleType(pack, role, type);
  const start = window.last ?? anchorOf(role, person);
  if (!start)
    throw new InputError(`give ${anchorName(role)} or the last held session to plan from`);
  return chainDueDates(start, window.through, (date) =>
    frequencyForType(role, rule, person, date),
  ).filter((date) => date >= window.from);
}

function frequencyForType(
  role: RoleRule,
  rule: RoleTypeRule,
  person: Supervisee,
  on: IsoDate,
): FrequencyInForce {
  const { phase, endsOn } = phaseOn(
    rule.phases,
    on,
    anchorOf(role, person),
    person.agreed ?? {},
    anchorName(role),
  );
  const inForce: FrequencyInForce = {
    type: rule.type,
    every: phase.every,
    unit: phase.unit,
    source: phase.source,
  };
  if (endsOn) inForce.phaseEndsOn = endsOn;
  // Said only where the document marks which phases alternate; silent, the roster decides.
  if (rule.phases.some((p) => p.alternating)) inForce.alternating = phase.alternating === true;
  const agreed = person.agreedFrequency?.[rule.type];
  if (agreed && (isMoreFrequent(agreed, phase) || rule.agreedMayReduce))
    return { ...inForce, ...agreed, agreed: true };
  return inForce;
}

function anchorOf(role: RoleRule, person: Supervisee): IsoDate | undefined {
  return role.phasesFrom === 'approved' ? (person.approved ?? person.started) : person.started;
}

function anchorName(role: RoleRule): string {
  return role.phasesFrom === 'approved' ? 'the approval date' : 'the start date in the role';
}
