/**
 * "Who is overdue?" for a manager: everyone below them in the management
 * chain, with what is wrong and by how many days, worst first.
 *
 * - supervision overdue: no held session since the next due date, counted
 *   from the last held session (under any supervisor) or the start; for a
 *   type the policy sets per team (Solihull's monthly group supervision),
 *   from the last group meeting the member attended, or the later of the
 *   group's start and theirs;
 * - not booked: no session booked on or before the next due date;
 * - unrecorded: a session that has ended, past its record deadline (the
 *   policy's, or Cadence's default where the policy sets none);
 * - a record its supervisee has not signed off by the sign-off deadline;
 * - N sessions of a type in a row without a direct observation of practice,
 *   where the policy asks one in N (Lambeth: 1 in 3 professional);
 * - agreement missing past its deadline, its review overdue, or its update
 *   (after a change of agreed frequency) not signed in time;
 * - a child not discussed within their case status's interval;
 * - no supervisor recorded, or a policy setting the person needs (an agreed
 *   frequency, say) not recorded.
 */
import {
  CadenceError,
  addWorkingDays,
  agreementDueOn,
  caseNextDue,
  daysBetween,
  nextDue,
  type IsoDate,
} from '../rules/index.ts';
import { recordDeadline } from './record-deadline.ts';
import { AGREEMENT_NOTICE_WORKING_DAYS } from './agreement-signing.ts';
import { DEFAULT_SIGN_OFF_WORKING_DAYS, signOffDeadline } from './sign-off.ts';
import { groupBy, packOf, superviseeOf } from './team.ts';
import { teamSessionRules } from './team-session-rules.ts';

import type { OverdueKind } from './overdue-labels.ts';
import {
  daysWithoutObservation,
  observationStanding,
  observationText,
  observedTypes,
} from './observation.ts';
import type {
  AwaitingSignOff,
  ObservationStreak,
  TeamMember,
  TeamReader,
  TeamSnapshot,
} from './ports/index.ts';

export interface OverdueItem {
  kind: OverdueKind;
  upn: string;
  name: string;
  role: string;
  team: string | null;
  supervisorUpn: string | null;
  supervisorName: string | null;
  type?: string;
  caseReference?: string;
  sessionId?: number;
  /** The date it was due; absent when nothing can be due (no supervisor, a missing setting). */
  dueOn?: IsoDate;
  /** Days past the due date; negative when it is still to come (a session not yet booked). */
  daysOverdue: number;
  detail: string;
}

export interface OverdueOptions {
  /** Working days to record a session where the policy sets no deadline. */
  defaultRecordWorkingDays: number;
}

export class UnknownManagerError extends CadenceError {
  override name = 'UnknownManagerError';
}

/** Reads the team below `managerUpn` and lists what is overdue on `on` (as of the instant `now`). */
export async function overdueFor(
  reader: TeamReader,
  managerUpn: string,
  at: { on: IsoDate; now: Date },
  options: OverdueOptions,
): Promise<{
  manager: { upn: string; name: string };
  people: number;
  /** Some of the people are not below the manager but supervised by them (a practice educator's student, a type's own supervisor). */
  alsoSupervised: boolean;
  items: OverdueItem[];
}> {
  const manager = await reader.findPersonByUpn(managerUpn);
  if (!manager)
    throw new UnknownManagerError(
      `no one in Cadence has the UPN '${managerUpn}'; import the roster first, or check the spelling`,
    );
  const members = await teamOf(reader, manager.id, at.on);
  const ids = members.map((member) => member.id);
  const [sessions, unrecorded, cases, awaitingSignOff, observations] = await Promise.all([
    reader.summariseSessions(ids, at.now),
    reader.listUnrecorded(ids, at.now),
    reader.listOpenCases(ids),
    reader.listAwaitingSignOff(ids),
    reader.listObservationStreaks(ids, observedTypes(members.map((m) => m.policy))),
  ]);
  const items = findOverdue(
    { members, sessions, unrecorded, cases, awaitingSignOff, observations },
    at.on,
    options,
  );
  return {
    manager: { upn: manager.upn, name: manager.name },
    people: members.length,
    alsoSupervised: members.some((m) => m.supervisedOnly),
    items,
  };
}

/** The pure part: what is overdue in a team snapshot on `on`, worst first. */
export function findOverdue(
  team: TeamSnapshot,
  on: IsoDate,
  options: OverdueOptions,
): OverdueItem[] {
  const sessionsOf = groupBy(team.sessions, (row) => row.personId);
  const unrecordedOf = groupBy(team.unrecorded, (row) => row.personId);
  const casesOf = groupBy(team.cases, (row) => row.workerId);
  const awaitingOf = groupBy(team.awaitingSignOff ?? [], (row) => row.personId);
  const observationsOf = groupBy(team.observations ?? [], (row) => row.personId);
  const items = team.members.flatMap((member) =>
    member.typesOnly
      ? [
          ...supervisionItems(member, sessionsOf.get(member.id) ?? [], on),
          ...observationItems(member, observationsOf.get(member.id) ?? [], on),
        ]
      : [
          ...observationItems(member, observationsOf.get(member.id) ?? [], on),
          ...supervisionItems(member, sessionsOf.get(member.id) ?? [], on),
          ...teamSessionItems(member, sessionsOf.get(member.id) ?? [], on),
          ...unrecordedItems(member, unrecordedOf.get(member.id) ?? [], on, options),
          ...signOffItems(member, awaitingOf.get(member.id) ?? [], on),
          ...agreementItems(member, on),
          ...caseItems(member, casesOf.get(member.id) ?? [], on),
        ],
  );
  return items.sort(
    (a, b) =>
      b.daysOverdue - a.daysOverdue || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind),
  );
}

/**
 * Everyone below the manager in the management chain, and those they supervise
 * outside it (docs/overdue.md): a practice educator's student whose line manager
 * is the team manager, a Professional Development Lead's professional supervision
 * (docs/roster.md#a-supervisor-per-type), an alternate's turns. Someone in both
 * is taken from the chain, with every type; someone only supervised, with the
 * types the manager holds.
 */
async function teamOf(
  reader: TeamReader,
  managerId: number,
  on: IsoDate,
): Promise<(TeamMember & { supervisedOnly?: true })[]> {
  const [below, supervised] = await Promise.all([
    reader.listTeamBelow(managerId),
    reader.listSupervisedBy(managerId, on),
  ]);
  const inChain = new Set(below.map((m) => m.id));
  const outside = new Map<number, TeamMember>();
  for (const m of supervised) if (!inChain.has(m.id) && !outside.has(m.id)) outside.set(m.id, m);
  return [...below, ...[...outside.values()].map((m) => ({ ...m, supervisedOnly: true as const }))];
}

function item(
  member: TeamMember,
  fields: Omit<OverdueItem, 'upn' | 'name' | 'role' | 'team' | 'supervisorUpn' | 'supervisorName'>,
): OverdueItem {
  return {
    upn: member.upn,
    name: member.name,
    role: member.role,
    team: member.team,
    supervisorUpn: member.supervisorUpn,
    supervisorName: member.supervisorName,
    ...fields,
  };
}

function supervisionItems(
  member: TeamMember,
  sessions: TeamSnapshot['sessions'],
  on: IsoDate,
): OverdueItem[] {
  if (!member.types || !member.supervisorUpn) {
    return [
      item(member, {
        kind: 'no-supervisor',
        daysOverdue: 0,
        detail: 'no current supervisor recorded; set supervisor_upn in the roster',
      }),
    ];
  }
  const pack = packOf(member);
  const person = superviseeOf(member);
  return member.types.flatMap((type) => {
    const summary = sessions.find((row) => row.type === type);
    const last = (summary?.lastHeldOn ?? undefined) as IsoDate | undefined;
    let due: IsoDate;
    try {
      due = nextDue(pack, person, last, type);
    } catch (error) {
      if (!(error instanceof CadenceError)) throw error;
      return [
        item(member, { kind: 'setting-missing', type, daysOverdue: 0, detail: error.message }),
      ];
    }
    const since = last ? `last held ${last}` : `none held since starting on ${member.startedOn}`;
    return dueItems(
      member,
      { type, due, since, booked: summary?.nextBookedOn ?? null },
      on,
      'session',
    );
  });
}

/** Supervision overdue when `due` is past, and not booked when nothing is booked by `due`. */
function dueItems(
  member: TeamMember,
  of: { type: string; due: IsoDate; since: string; booked: string | null },
  on: IsoDate,
  noun: 'session' | 'meeting',
): OverdueItem[] {
  const { type, due, since, booked } = of;
  const found: OverdueItem[] = [];
  if (due < on)
    found.push(
      item(member, {
        kind: 'supervision-overdue',
        type,
        dueOn: due,
        daysOverdue: daysBetween(due, on),
        detail: `${type} due by ${due} (${since})`,
      }),
    );
  if (booked === null || booked > due)
    found.push(
      item(member, {
        kind: 'not-booked',
        type,
        dueOn: due,
        daysOverdue: daysBetween(due, on),
        detail:
          booked === null
            ? `no ${type} ${noun} booked; next due by ${due}`
            : `next ${type} ${noun} booked for ${booked}, after it is due (${due})`,
      }),
    );
  return found;
}

/**
 * The types the member owes through their groups (supervision/team-session-rules.ts):
 * an absentee stays due. Booked as for any type: a booked meeting counts for
 * every member until it is recorded.
 */
function teamSessionItems(
  member: TeamMember,
  sessions: TeamSnapshot['sessions'],
  on: IsoDate,
): OverdueItem[] {
  return teamSessionRules(member).flatMap((rule) => {
    const summary = sessions.find((row) => row.type === rule.type);
    const last = (summary?.lastHeldOn ?? undefined) as IsoDate | undefined;
    const since = last ? `last attended ${last}` : `none attended since ${rule.start}`;
    return dueItems(
      member,
      { type: rule.type, due: rule.dueAfter(last), since, booked: summary?.nextBookedOn ?? null },
      on,
      'meeting',
    );
  });
}

function unrecordedItems(
  member: TeamMember,
  sessions: TeamSnapshot['unrecorded'],
  on: IsoDate,
  options: OverdueOptions,
): OverdueItem[] {
  const pack = packOf(member);
  return sessions.flatMap((session) => {
    const heldOn = session.heldOn as IsoDate;
    const due = recordDeadline(member.policy, heldOn, options.defaultRecordWorkingDays);
    if (due >= on) return [];
    return [
      item(member, {
        kind: 'unrecorded',
        type: session.type,
        sessionId: session.sessionId,
        dueOn: due,
        daysOverdue: daysBetween(due, on),
        detail: `${session.type} session on ${heldOn} not recorded; record due by ${due}${pack.recordDeadline ? '' : ' (Cadence default; the policy sets no deadline)'}`,
      }),
    ];
  });
}

/** N sessions of a type in a row, none an observation of practice, where the policy asks 1 in N (supervision/observation.ts). */
export function observationItems(
  member: TeamMember,
  streaks: readonly ObservationStreak[],
  on: IsoDate,
): OverdueItem[] {
  return packOf(member).observations.flatMap((rule) => {
    // Someone supervised for some types only is listed for those.
    if (member.typesOnly && !member.types?.includes(rule.type)) return [];
    const standing = observationStanding(
      rule,
      streaks.find((s) => s.type === rule.type),
    );
    if (!standing.overdueSince) return [];
    return [
      item(member, {
        kind: 'observation-due',
        type: rule.type,
        dueOn: standing.overdueSince,
        daysOverdue: daysWithoutObservation(standing, on),
        detail: observationText(standing, member.name),
      }),
    ];
  });
}

/** A record the supervisee has not signed off by its deadline (supervision/sign-off.ts): theirs to do. */
function signOffItems(
  member: TeamMember,
  awaiting: readonly AwaitingSignOff[],
  on: IsoDate,
): OverdueItem[] {
  return awaiting.flatMap((row) => {
    const { dueOn, policySetsIt } = signOffDeadline(member.policy, row.requestedOn as IsoDate);
    if (dueOn >= on) return [];
    return [
      item(member, {
        kind: 'awaiting-sign-off',
        type: row.type,
        sessionId: row.sessionId,
        dueOn,
        daysOverdue: daysBetween(dueOn, on),
        detail: `record of the ${row.type} session on ${row.heldOn} not signed off by ${member.name}; sign-off due by ${dueOn}${policySetsIt ? '' : ` (Cadence default of ${DEFAULT_SIGN_OFF_WORKING_DAYS} working days; the policy sets no time)`}`,
      }),
    ];
  });
}

export function agreementItems(member: TeamMember, on: IsoDate): OverdueItem[] {
  if (!member.relationshipFrom) return [];
  const pack = packOf(member);
  const lastSigned = (member.agreementReviewedOn ?? member.agreementSignedOn ?? undefined) as
    IsoDate | undefined;
  // The agreed frequency changed since it was signed: it is to be updated (supervision/agreement-signing.ts).
  const changedOn = member.agreementChangedOn as IsoDate | null | undefined;
  if (lastSigned && changedOn && changedOn > lastSigned) {
    const updateBy = addWorkingDays(changedOn, AGREEMENT_NOTICE_WORKING_DAYS);
    return updateBy >= on
      ? []
      : [
          item(member, {
            kind: 'agreement-review-overdue',
            dueOn: updateBy,
            daysOverdue: daysBetween(updateBy, on),
            detail: `the agreed frequency changed on ${changedOn}: the supervision agreement was to be updated by ${updateBy} (Cadence's time; the policy sets none)`,
          }),
        ];
  }
  const due = agreementDueOn(pack, member.relationshipFrom as IsoDate, lastSigned);
  if (!due && !lastSigned && pack.agreement?.required)
    return [
      item(member, {
        kind: 'agreement-missing',
        daysOverdue: 0,
        detail: `no supervision agreement recorded; the policy asks every supervisee to have one, from the start of the supervisory relationship (${member.relationshipFrom}), with no deadline in days`,
      }),
    ];
  if (!due || due >= on) return [];
  return [
    item(member, {
      kind: lastSigned ? 'agreement-review-overdue' : 'agreement-missing',
      dueOn: due,
      daysOverdue: daysBetween(due, on),
      detail: lastSigned
        ? `supervision agreement review due by ${due} (last signed or reviewed ${lastSigned})`
        : `no supervision agreement signed; due by ${due}, within the policy's time of the relationship starting on ${member.relationshipFrom}`,
    }),
  ];
}

export function caseItems(
  member: TeamMember,
  cases: TeamSnapshot['cases'],
  on: IsoDate,
): OverdueItem[] {
  const pack = packOf(member);
  return cases.flatMap((childCase) => {
    let due: IsoDate;
    try {
      due = caseNextDue(
        pack,
        { status: childCase.status, since: childCase.sinceOn as IsoDate },
        (childCase.lastDiscussedOn ?? undefined) as IsoDate | undefined,
      );
    } catch (error) {
      if (!(error instanceof CadenceError)) throw error;
      return [
        item(member, {
          kind: 'setting-missing',
          caseReference: childCase.reference,
          daysOverdue: 0,
          detail: error.message,
        }),
      ];
    }
    if (due >= on) return [];
    return [
      item(member, {
        kind: 'case-not-discussed',
        caseReference: childCase.reference,
        dueOn: due,
        daysOverdue: daysBetween(due, on),
        detail: `case ${childCase.reference} (${childCase.status}) due for discussion by ${due}${childCase.lastDiscussedOn ? ` (last discussed ${childCase.lastDiscussedOn})` : ' (not yet discussed)'}`,
      }),
    ];
  });
}
