/**
 * A group's sessions as one series (issue 15, item 1): planned from the
 * facilitator's calendar and the members', at times when the facilitator and
 * at least the group's quorum of members are free for the whole session, as
 * often as the most frequent member's policy asks for the group's type. With
 * peers taking turns, the first member organises and counts towards the
 * quorum. Booking (booking.ts) plans groups before one-to-ones, so a member's
 * one-to-ones are placed around the group's meetings (docs/roster.md#groups).
 */
import {
  CadenceError,
  frequencyOn,
  isMoreFrequent,
  loadShippedPack,
  type Interval,
  type IsoDate,
  type Supervisee,
} from '../rules/index.ts';
import { planSessions, type Availability, type PlannedSeries } from './planner.ts';
import type { GroupPerson, PlannableGroup } from './ports/index.ts';

export interface GroupProposal {
  group: string;
  type: string;
  /** Who organises the series: the facilitator, or the first member when the peers take turns. */
  organiserUpn: string;
  /** Members invited besides the organiser. */
  attendees: number;
  /** Members who must be free, besides the organiser. */
  quorum: number;
  series: PlannedSeries[];
  /** Why the group could not be planned, when it could not. */
  problem?: string;
}

/**
 * Plans one group from everyone's free/busy (`availability` by lower-case
 * UPN; `unreadable` the mailboxes Outlook would not show, with its reason).
 * A group with anyone's calendar unreadable is not planned: Cadence does not
 * plan blind.
 */
export function planGroup(
  group: PlannableGroup,
  calendars: {
    availability: ReadonlyMap<string, Availability>;
    unreadable: ReadonlyMap<string, string>;
  },
  today: IsoDate,
  horizonEnd: IsoDate,
  durationMinutes: number,
  avoid: readonly { weekday: number; time: string }[] = [],
): GroupProposal {
  const { organiser, attendees, quorum } = partiesOf(group);
  const proposal = {
    group: group.name,
    type: group.type,
    organiserUpn: organiser.upn,
    attendees: attendees.length,
    quorum,
    series: [],
  };
  const blind = [organiser, ...attendees].filter(
    (p) => calendars.unreadable.has(key(p)) || !calendars.availability.has(key(p)),
  );
  if (blind.length > 0)
    return {
      ...proposal,
      problem: `not booked: Outlook would not show the free/busy of ${blind.map((p) => `${p.upn}${calendars.unreadable.has(key(p)) ? ` (${calendars.unreadable.get(key(p))})` : ''}`).join(', ')}, and Cadence does not book blind; give the app access to those calendars (docs/booking.md, "Calendars Cadence cannot read"), then book again`,
    };
  const availability = (p: GroupPerson): Availability => calendars.availability.get(key(p))!;
  const pace = paceSetter(group, today);
  if (typeof pace === 'string') return { ...proposal, problem: pace };
  // Sessions already booked count as held for the chain: booking extends after them.
  const last = [group.lastHeldOn, group.lastBookedOn]
    .filter((d): d is string => d != null)
    .sort()
    .at(-1) as IsoDate | undefined;
  const { series } = planSessions({
    pack: loadShippedPack(pace.policy),
    person: pace.person,
    type: group.type,
    ...(pace.perTeam && { interval: pace.perTeam }),
    lastHeld: last,
    today,
    horizonEnd,
    durationMinutes,
    supervisor: availability(organiser),
    supervisee: { members: attendees.map(availability), quorum },
    avoid,
  });
  return {
    ...proposal,
    series: series.filter((s) => s.occurrences.length + s.unplaceable.length > 0),
  };
}

/** Who organises, who is invited, and how many of the invited must be free. */
export function partiesOf(group: PlannableGroup): {
  organiser: GroupPerson;
  attendees: GroupPerson[];
  quorum: number;
} {
  const [organiser, ...attendees] = group.facilitator
    ? [group.facilitator, ...group.members]
    : group.members;
  // With peers, the organiser is a member and counts towards the quorum.
  const quorum = group.facilitator ? group.quorum : Math.max(1, group.quorum - 1);
  return { organiser: organiser!, attendees, quorum };
}

interface Pace {
  policy: string;
  person: Supervisee;
  interval: Interval;
  /** Set when the frequency is the policy's per team, not the member's role's. */
  perTeam?: Interval;
}

/** The member whose policy asks for the group's type most often today: the group meets at their pace. */
function paceSetter(group: PlannableGroup, today: IsoDate): Pace | string {
  let best: Pace | null = null;
  const problems: string[] = [];
  for (const member of group.members) {
    const person: Supervisee = {
      role: member.role,
      ...(member.startedOn && { started: member.startedOn as IsoDate }),
      ...(member.approvedOn && { approved: member.approvedOn as IsoDate }),
    };
    try {
      const interval = frequencyOn(loadShippedPack(member.policy), person, today, group.type);
      if (!best || isMoreFrequent(interval, best.interval))
        best = { policy: member.policy, person, interval };
    } catch (error) {
      if (!(error instanceof CadenceError)) throw error;
      problems.push(`${member.upn}: ${error.message}`);
    }
  }
  if (best) return best;
  // A type the policy sets per team (Solihull's monthly group supervision): the most frequent member policy's.
  for (const member of group.members) {
    const session = loadShippedPack(member.policy).teamSessions.find((t) => t.type === group.type);
    if (session && (!best || isMoreFrequent(session, best.interval))) {
      const interval = { every: session.every, unit: session.unit };
      best = { policy: member.policy, person: { role: member.role }, interval, perTeam: interval };
    }
  }
  return best ?? `not booked: no member's policy gives a frequency for it (${problems.join('; ')})`;
}

const key = (person: { upn: string }) => person.upn.toLowerCase();
