/**
 * A group's sessions as one series (issue 15, item 1): planned from the
 * facilitator's calendar and the members', at times when the facilitator and
 * at least the group's quorum of members are free for the whole session, as
 * often as the most frequent member's policy asks for the group's type. With
 * peers taking turns, the first member organises and counts towards the
 * quorum. What `cadence book --dry-run` shows; booking it in Outlook and
 * recording attendance come next (docs/roster.md#groups).
 */
import {
  addMonths,
  CadenceError,
  frequencyOn,
  isMoreFrequent,
  loadShippedPack,
  londonDate,
  type IsoDate,
  type Supervisee,
} from '../rules/index.ts';
import { toAvailability } from './availability.ts';
import { planSessions, type Availability, type PlannedSeries } from './planner.ts';
import type { CalendarPort, Clock, GroupPerson, PlannableGroup } from './ports/index.ts';

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

export async function proposeGroupSeries(
  deps: { calendar: CalendarPort; clock: Clock },
  groups: readonly PlannableGroup[],
  options: { horizonMonths: number; durationMinutes: number },
): Promise<GroupProposal[]> {
  if (groups.length === 0) return [];
  const today = londonDate(deps.clock.now());
  const horizonEnd = addMonths(today, options.horizonMonths);
  const mailboxes = [
    ...new Set(
      groups.flatMap((g) => [g.facilitator, ...g.members].flatMap((p) => (p ? [key(p)] : []))),
    ),
  ];
  const [answers] = await deps.calendar.availability([
    { mailboxes, from: `${today}T00:00:00`, to: `${horizonEnd}T23:59:00` },
  ]);
  const calendars = new Map((answers ?? []).map((a) => [a.mailbox.toLowerCase(), a]));
  return groups.map((group) => proposeOne(group, calendars, today, horizonEnd, options));
}

function proposeOne(
  group: PlannableGroup,
  calendars: ReadonlyMap<string, Parameters<typeof toAvailability>[0]>,
  today: IsoDate,
  horizonEnd: IsoDate,
  options: { durationMinutes: number },
): GroupProposal {
  const [organiser, ...attendees] = group.facilitator
    ? [group.facilitator, ...group.members]
    : group.members;
  // With peers, the organiser is a member and counts towards the quorum.
  const quorum = group.facilitator ? group.quorum : Math.max(1, group.quorum - 1);
  const proposal = {
    group: group.name,
    type: group.type,
    organiserUpn: organiser!.upn,
    attendees: attendees.length,
    quorum,
    series: [],
  };
  const blind = [organiser!, ...attendees].filter((p) => {
    const answer = calendars.get(key(p));
    return !answer || answer.problem;
  });
  if (blind.length > 0)
    return {
      ...proposal,
      problem: `not planned: Outlook would not show the free/busy of ${blind.map((p) => p.upn).join(', ')}, and Cadence does not plan blind`,
    };
  const availability = (p: GroupPerson): Availability => toAvailability(calendars.get(key(p))!);
  const pace = paceSetter(group, today);
  if (typeof pace === 'string') return { ...proposal, problem: pace };
  const { series } = planSessions({
    pack: loadShippedPack(pace.policy),
    person: pace.person,
    type: group.type,
    // No group session is recorded yet: the chain starts from the member's start in the role.
    today,
    horizonEnd,
    durationMinutes: options.durationMinutes,
    supervisor: availability(organiser!),
    supervisee: { members: attendees.map(availability), quorum },
  });
  return { ...proposal, series };
}

/** The member whose policy asks for the group's type most often today: the group meets at their pace. */
function paceSetter(
  group: PlannableGroup,
  today: IsoDate,
): { policy: string; person: Supervisee } | string {
  let best: {
    policy: string;
    person: Supervisee;
    interval: ReturnType<typeof frequencyOn>;
  } | null = null;
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
  const perTeam = group.members.some((m) =>
    loadShippedPack(m.policy).teamSessions.some((session) => session.type === group.type),
  );
  return perTeam
    ? 'not planned: the policy sets this type per team (its team sessions), which Cadence does not plan yet'
    : `not planned: no member's policy gives a frequency for it (${problems.join('; ')})`;
}

const key = (person: { upn: string }) => person.upn.toLowerCase();
