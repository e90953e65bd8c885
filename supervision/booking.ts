/**
 * Booking: plan each relationship's sessions through the horizon and book
 * them in the supervisor's Outlook calendar as recurring series, moving the
 * occurrences the plan moved and cancelling those it could not place.
 *
 * Crash-safe by construction (docs/booking.md):
 * 1. the plan is written to the store as intents before any call to Outlook;
 * 2. each series is created with a transactionId made from its series key,
 *    from the create request saved with the intent, so a re-sent create is
 *    identical and returns the event already made; one whose outcome is
 *    unknown, or that Outlook refuses as a repeat, is looked up and adopted;
 * 3. each step is recorded as it lands, and a rerun first finishes the
 *    intents left open, without planning them again.
 * Every Outlook call is bulk, so the adapter can pack 20 into one `$batch`.
 */
import {
  CadenceError,
  addMonths,
  bookingHorizonFrom,
  frequencyOn,
  fromLondonDateTime,
  isoWeekday,
  loadShippedPack,
  londonDate,
  londonDateTime,
  type IsoDate,
} from '../rules/index.ts';
import { findLanded } from './adopt-series.ts';
import { NO_AVAILABILITY, toAvailability } from './availability.ts';
import { combineSessions, superviseeOf, type PlannableRelationship } from './combined-sessions.ts';
import { placeTurnsAlone, takeTurns } from './alternation.ts';
import { coverUnplaceable, type CoveredSession } from './cover-booking.ts';
import { partiesOf, planGroup, type GroupProposal } from './group-proposal.ts';
import { planSessions, type Availability, type PlannedSeries, type TypePlan } from './planner.ts';
import { groupSeriesRequestFor, savedSeriesRequest, seriesRequestFor } from './series-request.ts';
import type {
  BookableRelationship,
  BookingFilter,
  BookingStore,
  CalendarPort,
  CoverPeriod,
  Clock,
  OpenSeries,
  PlannableGroup,
  SeriesIntent,
  SeriesShape,
} from './ports/index.ts';

export interface BookingOptions {
  dryRun: boolean;
  /** Months ahead to book at least; the policy's horizon wins when longer. */
  horizonMonths: number;
  durationMinutes: number;
  /** Slots turned down on a proposal card ("another time"). */
  avoid?: readonly { weekday: number; time: string }[];
}

export interface BookingReport {
  planned: {
    relationshipId: number;
    supervisee: string;
    type: string;
    /** The other types the sessions cover, where the policy lets types share a session (combined-sessions.ts). */
    alsoTypes: string[];
    /** The alternate supervisor whose turns these series are (alternation.ts); absent for the supervisor's. */
    organiser?: string;
    series: PlannedSeries[];
  }[];
  /** Groups planned (docs/roster.md#groups): one series each, organised by the facilitator. */
  groups: GroupProposal[];
  /** Sessions the supervisor could not hold, booked with their cover instead of cancelled (docs/roster.md#cover). */
  covered: {
    relationshipId: number;
    supervisee: string;
    supervisor: string;
    cover: string;
    on: string;
    time: string;
    /** The latest date of the session it replaces, which the supervisor could not hold. */
    latest: string;
  }[];
  /**
   * Alternating turns the supervisee and both supervisors could not all make, booked with the
   * two the turn needs (alternation.ts placeTurnsAlone) instead of cancelled.
   */
  alone: {
    relationshipId: number;
    supervisee: string;
    organiser: string;
    on: string;
    time: string;
    /** The latest date of the session it replaces. */
    latest: string;
  }[];
  /** Problems that stopped one relationship or group (or cut its plan short), not the run. */
  failures: BookingFailure[];
  booked: { series: number; sessions: number; moved: number; cancelled: number };
  resumed: number;
  /** Series Outlook had made although Cadence did not know it (a lost answer, a crash), found by their tag and taken as booked. */
  adopted: number;
  /** Series booked for Teams whose Teams link did not come back (the organiser's calendar does not allow Teams): booked, without a link. */
  teamsLinkMissing: {
    relationshipId: number | null;
    supervisor: string;
    supervisee: string;
    firstOn: string;
  }[];
}

/** What failed, and whose: a relationship's (by id) or a group's (by name). */
export interface BookingFailure {
  relationshipId: number | null;
  group?: string;
  message: string;
}

/** Whose series this is, for a failure: the relationship, or the group. */
function ownerOf(series: OpenSeries): Pick<BookingFailure, 'relationshipId' | 'group'> {
  return series.groupName === null
    ? { relationshipId: series.relationshipId }
    : { relationshipId: null, group: series.groupName };
}

/** A report of nothing done yet, for a run to fill. */
function emptyReport(): BookingReport {
  return {
    planned: [],
    groups: [],
    covered: [],
    alone: [],
    failures: [],
    booked: { series: 0, sessions: 0, moved: 0, cancelled: 0 },
    resumed: 0,
    adopted: 0,
    teamsLinkMissing: [],
  };
}

export async function book(
  deps: { store: BookingStore; calendar: CalendarPort; clock: Clock },
  filter: BookingFilter,
  options: BookingOptions,
): Promise<BookingReport> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const report = emptyReport();
  const relationships = await deps.store.listBookable(filter, now);
  const groups = await deps.store.listBookableGroups(filter, now);
  const ids = [...new Set(relationships.map((r) => r.relationshipId))];
  const groupIds = groups.map((g) => g.id);
  const openSeries = async () => [
    ...(await deps.store.listOpenSeries(ids.length > 0 ? ids : [-1])),
    ...(groupIds.length > 0 ? await deps.store.listOpenGroupSeries(groupIds) : []),
  ];
  const open = await openSeries();
  const resuming = new Set(open.map((s) => s.relationshipId));
  const resumingGroups = new Set(open.map((s) => s.groupId));
  report.resumed = open.length;

  // Plan the relationships and groups with nothing left open.
  const groupsToPlan = groups.filter((g) => !resumingGroups.has(g.id));
  const horizonOf = (r: BookableRelationship) => {
    const ours = addMonths(today, options.horizonMonths);
    const policy = bookingHorizonFrom(loadShippedPack(r.policy), today);
    return policy && policy > ours ? policy : ours;
  };
  // One row per session kind: types the policy lets share a session are planned as one.
  const toPlan = combineSessions(
    relationships.filter((r) => !resuming.has(r.relationshipId)),
    today,
    horizonOf,
  );
  const horizonEnd = toPlan.reduce<IsoDate>(
    (latest, r) => (horizonOf(r) > latest ? horizonOf(r) : latest),
    today,
  );
  const groupsHorizon = addMonths(today, options.horizonMonths);
  const covers =
    toPlan.length > 0
      ? await deps.store.listCoverPeriods(
          [
            ...new Set(
              toPlan.flatMap((r) => [r.supervisorUpn, ...(r.alternate ? [r.alternate.upn] : [])]),
            ),
          ],
          today,
          horizonEnd,
        )
      : [];
  const { availability, unreadable } =
    toPlan.length + groupsToPlan.length > 0
      ? await availabilityOf(
          deps.calendar,
          [
            ...toPlan.flatMap((r) => [
              r.supervisorUpn,
              r.superviseeUpn,
              ...(r.alternate ? [r.alternate.upn] : []),
            ]),
            ...covers.map((c) => c.cover.upn),
            ...groupsToPlan.flatMap((g) =>
              [g.facilitator, ...g.members].flatMap((p) => (p ? [p.upn] : [])),
            ),
          ],
          today,
          horizonEnd > groupsHorizon ? horizonEnd : groupsHorizon,
        )
      : { availability: new Map<string, Availability>(), unreadable: new Map<string, string>() };
  const intents: SeriesIntent[] = [];
  /** What this run books is busy time for whatever is planned next: nobody is booked twice at once. */
  const take = (upns: string[], series: PlannedSeries[]) => {
    const taken = series.flatMap((s) => s.occurrences.map((o) => ({ start: o.start, end: o.end })));
    for (const upn of upns.map((u) => u.toLowerCase())) {
      const known = availability.get(upn) ?? { ...NO_AVAILABILITY, busy: [] };
      availability.set(upn, { ...known, busy: [...known.busy, ...taken] });
    }
  };

  // Groups first: many people's time is harder to find than two people's, and each member's
  // one-to-ones are then placed around the group's meetings.
  for (const group of groupsToPlan) {
    const proposal = planGroup(
      group,
      { availability, unreadable },
      today,
      groupsHorizon,
      options.durationMinutes,
      options.avoid ?? [],
    );
    report.groups.push(proposal);
    if (proposal.problem) {
      report.failures.push({ relationshipId: null, group: group.name, message: proposal.problem });
      continue;
    }
    intents.push(...proposal.series.map((s) => groupIntentOf(group, s)));
    const { organiser, attendees } = partiesOf(group);
    take(
      [organiser, ...attendees].map((p) => p.upn),
      proposal.series,
    );
  }
  for (const relationship of toPlan) {
    // Planning is pure CPU: let the process breathe between relationships, so the job's lease
    // is renewed and Teams' turns are answered while a whole council is planned.
    await new Promise((resolve) => setImmediate(resolve));
    const blind = unreadableCalendars(relationship, unreadable);
    if (blind) {
      report.failures.push({ relationshipId: relationship.relationshipId, message: blind });
      continue;
    }
    try {
      const { series, stoppedShort } = planFor(
        relationship,
        availability,
        today,
        horizonOf(relationship),
        options.durationMinutes,
        options.avoid ?? [],
      );
      if (stoppedShort)
        report.failures.push({
          relationshipId: relationship.relationshipId,
          message: `the planner stopped after ${stoppedShort.rounds} rounds: the sessions due from ${stoppedShort.from} on are not planned; book again to plan them`,
        });
      // One side, or with an alternate supervisor two taking turns, each from their own calendar.
      const sides = sidesOf(relationship, series);
      for (const side of sides) {
        report.planned.push({
          relationshipId: relationship.relationshipId,
          supervisee: relationship.superviseeUpn,
          type: relationship.type,
          alsoTypes: relationship.alsoTypes,
          ...(side.alternate && { organiser: side.organiser.upn }),
          series: side.series,
        });
        intents.push(...side.series.map((s) => intentOf(relationship, s, side)));
        // A supervisor with six supervisees, or a supervisee who also supervises, is not booked twice at once.
        take([side.organiser.upn, relationship.superviseeUpn], side.series);
        // Sessions the plan could not place are not cancelled while someone can hold them.
        intents.push(
          ...placeLost(relationship, side, sides, { availability, covers, today, take, report }),
        );
      }
    } catch (error) {
      report.failures.push({
        relationshipId: relationship.relationshipId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (options.dryRun) return report;
  await deps.store.saveIntents(intents);

  // Carry every open series (resumed and new) through to Outlook.
  const pending = await openSeries();
  await createSeries(deps, pending, report);
  await finishSeries(deps, pending, report);
  return report;
}

/**
 * One session booked to replace one lost (supervision/lost-sessions.ts): a
 * series of one occurrence at `start`, organised from the relationship's
 * supervisor's calendar, through the same intents as any booking — its key
 * names the session it replaces, so a retry (or a second press) is the same
 * series and converges on one event. Throws with Outlook's failure, the
 * intent kept for the retry.
 */
export async function bookReplacement(
  deps: { store: BookingStore; calendar: CalendarPort; clock: Clock },
  replacement: {
    replaces: number;
    relationshipId: number;
    type: string;
    start: Date;
    end: Date;
    latest: IsoDate;
  },
): Promise<void> {
  const today = londonDate(deps.clock.now());
  const rows = await deps.store.listBookable(
    { relationshipId: replacement.relationshipId },
    deps.clock.now(),
  );
  const r = combineSessions(rows, today, () => today).find(
    (row) => row.type === replacement.type || row.alsoTypes.includes(replacement.type),
  );
  if (!r)
    throw new CadenceError(
      'this supervision relationship has ended, or no longer has this type of supervision: nothing was booked',
    );
  const at = londonDateTime(replacement.start);
  const date = at.slice(0, 10) as IsoDate;
  const series: PlannedSeries = {
    type: r.type,
    everyWeeks: 1,
    weekday: isoWeekday(date),
    time: at.slice(11, 16),
    durationMinutes: Math.round((replacement.end.getTime() - replacement.start.getTime()) / 60_000),
    firstDate: date,
    lastDate: date,
    occurrences: [
      {
        latest: replacement.latest < date ? date : replacement.latest,
        regular: { date, start: replacement.start },
        date,
        start: replacement.start,
        end: replacement.end,
      },
    ],
    unplaceable: [],
  };
  const organiser = { id: r.supervisorId, upn: r.supervisorUpn, name: r.supervisorName };
  const intent = intentOf(
    r,
    series,
    { organiser, alternate: false, series: [series] },
    `/replaces-${replacement.replaces}`,
  );
  await deps.store.saveIntents([intent]);
  const pending = (await deps.store.listOpenSeries([r.relationshipId])).filter(
    (s) => s.seriesKey === intent.seriesKey,
  );
  const report = emptyReport();
  await createSeries(deps, pending, report);
  await finishSeries(deps, pending, report);
  const [failure] = report.failures;
  if (failure)
    throw new CadenceError(
      `Outlook did not take the replacement: ${failure.message}; press Book again to retry`,
    );
}

/**
 * Everyone's free/busy through the horizon, and the mailboxes Outlook could not read (access
 * denied, unknown address) with its reason: their busy list is empty for want of access, not
 * because they are free, so they are never planned on.
 */
async function availabilityOf(
  calendar: CalendarPort,
  upns: string[],
  today: IsoDate,
  horizonEnd: IsoDate,
): Promise<{ availability: Map<string, Availability>; unreadable: Map<string, string> }> {
  const mailboxes = [...new Set(upns.map((upn) => upn.toLowerCase()))];
  const [answers] = await calendar.availability([
    { mailboxes, from: `${today}T00:00:00`, to: `${horizonEnd}T23:59:00` },
  ]);
  const availability = new Map<string, Availability>();
  const unreadable = new Map<string, string>();
  for (const answer of answers ?? []) {
    if (answer.problem) unreadable.set(answer.mailbox.toLowerCase(), answer.problem);
    else availability.set(answer.mailbox.toLowerCase(), toAvailability(answer));
  }
  return { availability, unreadable };
}

/** Why a relationship cannot be planned because Outlook would not show a calendar, or undefined. */
function unreadableCalendars(
  r: BookableRelationship,
  unreadable: Map<string, string>,
): string | undefined {
  const blind = [
    { who: 'supervisor', upn: r.supervisorUpn },
    { who: 'supervisee', upn: r.superviseeUpn },
    ...(r.alternate ? [{ who: 'alternate supervisor', upn: r.alternate.upn }] : []),
  ].filter((p) => unreadable.has(p.upn.toLowerCase()));
  if (blind.length === 0) return undefined;
  const which = blind
    .map((p) => `the ${p.who}'s (${p.upn}: ${unreadable.get(p.upn.toLowerCase())})`)
    .join(' and ');
  return `not booked: Outlook would not show ${which} free/busy, and Cadence does not book blind; give the app access to that calendar (docs/booking.md, "Calendars Cadence cannot read"), then book again`;
}

function planFor(
  r: PlannableRelationship,
  availability: Map<string, Availability>,
  today: IsoDate,
  horizonEnd: IsoDate,
  durationMinutes: number,
  avoid: readonly { weekday: number; time: string }[],
): Pick<TypePlan, 'series' | 'stoppedShort'> {
  const person = superviseeOf(r);
  // Sessions already booked count as held for the chain: booking extends after them.
  const last = [r.lastHeldOn, r.lastBookedOn]
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1) as IsoDate | undefined;
  const plan = planSessions({
    pack: loadShippedPack(r.policy),
    person,
    type: r.type,
    lastHeld: last,
    today,
    horizonEnd,
    durationMinutes,
    supervisor: availability.get(r.supervisorUpn.toLowerCase()) ?? NO_AVAILABILITY,
    // With an alternate supervisor, a time both supervisors and the supervisee are free: every
    // session is then on time whoever's turn it is (alternation.ts).
    supervisee: r.alternate
      ? {
          members: [r.superviseeUpn, r.alternate.upn].map(
            (upn) => availability.get(upn.toLowerCase()) ?? NO_AVAILABILITY,
          ),
          quorum: 2,
        }
      : (availability.get(r.superviseeUpn.toLowerCase()) ?? NO_AVAILABILITY),
    avoid,
  });
  return {
    ...plan,
    series: plan.series.filter((s) => s.occurrences.length + s.unplaceable.length > 0),
  };
}

/**
 * The series covers only the sessions it places: an unplaceable session at
 * either end is left out of its range rather than created and then
 * cancelled, since every occurrence cancelled is a cancellation in the
 * supervisee's inbox and one never created is nothing (docs/booking.md,
 * "What each person receives"). A series that places none is not created at
 * all (createSeries), so its range is left as planned.
 */
function intentOf(
  r: PlannableRelationship,
  s: PlannedSeries,
  side: Side,
  keySuffix = '',
): SeriesIntent {
  const planned = shapeOf(
    { relationshipId: r.relationshipId, groupId: null },
    [r.type, ...r.alsoTypes],
    s,
  );
  const base = { ...planned, seriesKey: `${planned.seriesKey}${keySuffix}` };
  if (!side.alternate && !r.typeSupervisor)
    return { ...base, createRequest: seriesRequestFor(r, base), sessions: sessionsOf(s) };
  const shape = side.alternate
    ? { ...base, seriesKey: `${base.seriesKey}/alt-${side.organiser.id}` }
    : base;
  return {
    ...shape,
    organiserId: side.organiser.id,
    createRequest: seriesRequestFor(
      { ...r, supervisorUpn: side.organiser.upn, supervisorName: side.organiser.name },
      shape,
    ),
    sessions: sessionsOf(s),
  };
}

/**
 * The intents for a side's sessions the plan could not place: with an alternate supervisor, the
 * turn's own supervisor alone with the supervisee (the plan needed all three free); then the
 * organiser's cover, where a manager named one for those days (docs/roster.md#cover); then, with
 * an alternate, the other supervisor. What none of them can hold stays cancelled.
 */
function placeLost(
  r: PlannableRelationship,
  side: Side,
  sides: readonly Side[],
  context: {
    availability: Map<string, Availability>;
    covers: readonly CoverPeriod[];
    today: IsoDate;
    take: (upns: string[], series: PlannedSeries[]) => void;
    report: BookingReport;
  },
): SeriesIntent[] {
  const { availability, covers, today, take, report } = context;
  const intents: SeriesIntent[] = [];
  const alone = (holders: readonly Side[], series: PlannedSeries[]): PlannedSeries[] => {
    if (!r.alternate || holders.length === 0) return series;
    const placed = placeTurnsAlone(
      {
        organiserUpns: holders.map((h) => h.organiser.upn),
        superviseeUpn: r.superviseeUpn,
      },
      series,
      availability,
      today,
      take,
    );
    for (const one of placed.alone) {
      const holder = holders.find((h) => h.organiser.upn === one.organiserUpn)!;
      intents.push(intentOf(r, one.series, holder, '/turn'));
      report.alone.push({
        relationshipId: r.relationshipId,
        supervisee: r.superviseeUpn,
        organiser: one.organiserUpn,
        on: one.series.firstDate,
        time: one.series.time,
        latest: one.series.occurrences[0]!.latest,
      });
    }
    return placed.rest;
  };
  const rest = alone([side], side.series);
  const covered = coverUnplaceable(
    { supervisorUpn: side.organiser.upn, superviseeUpn: r.superviseeUpn },
    rest,
    covers,
    availability,
    today,
    take,
  );
  for (const c of covered) {
    intents.push(coverIntentOf(r, c));
    report.covered.push({
      relationshipId: r.relationshipId,
      supervisee: r.superviseeUpn,
      supervisor: side.organiser.upn,
      cover: c.cover.cover.upn,
      on: c.series.firstDate,
      time: c.series.time,
      latest: c.series.occurrences[0]!.latest,
    });
  }
  const coveredBy = new Set(covered.map((c) => c.series.occurrences[0]!.latest));
  alone(
    sides.filter((other) => other !== side),
    rest.map((s) => ({ ...s, unplaceable: s.unplaceable.filter((u) => !coveredBy.has(u.latest)) })),
  );
  return intents;
}

/** Who organises which series: the supervisor alone, or the supervisor and the alternate taking turns. */
interface Side {
  organiser: { id: number; upn: string; name: string };
  alternate: boolean;
  series: PlannedSeries[];
}

function sidesOf(r: PlannableRelationship, series: PlannedSeries[]): Side[] {
  const supervisor = { id: r.supervisorId, upn: r.supervisorUpn, name: r.supervisorName };
  if (!r.alternate) return [{ organiser: supervisor, alternate: false, series }];
  // The supervisor held (or has booked) the latest session: the alternate's turn next.
  // Where the policy marks which phases alternate (rules/schema.ts Phase.alternating), only those do.
  const pack = loadShippedPack(r.policy);
  const person = superviseeOf(r);
  const turns = takeTurns(
    series,
    r.lastOrganiserId === r.supervisorId,
    (s) => frequencyOn(pack, person, s.firstDate, r.type).alternating !== false,
  );
  return [
    { organiser: supervisor, alternate: false, series: turns.supervisor },
    { organiser: r.alternate, alternate: true, series: turns.alternate },
  ];
}

/** A session booked with the supervisor's cover: a series of one, organised from the cover's calendar. */
function coverIntentOf(r: PlannableRelationship, covered: CoveredSession): SeriesIntent {
  const { cover } = covered.cover;
  const base = shapeOf(
    { relationshipId: r.relationshipId, groupId: null },
    [r.type, ...r.alsoTypes],
    covered.series,
  );
  const shape = { ...base, seriesKey: `${base.seriesKey}/cover-${cover.id}` };
  return {
    ...shape,
    organiserId: cover.id,
    createRequest: seriesRequestFor(
      { ...r, supervisorUpn: cover.upn, supervisorName: cover.name },
      shape,
    ),
    sessions: sessionsOf(covered.series),
  };
}

/** The series as the store keeps it, with a key that makes a retry the same series: whose, which type, from when, how often. */
function shapeOf(
  owner: Pick<SeriesShape, 'relationshipId' | 'groupId'>,
  [type, ...alsoTypes]: [string, ...string[]],
  s: PlannedSeries,
): SeriesShape {
  const placed = s.occurrences.map((o) => o.regular.date).sort();
  const whose = owner.groupId === null ? `rel-${owner.relationshipId}` : `group-${owner.groupId}`;
  return {
    ...owner,
    type: type,
    alsoTypes,
    seriesKey: `${whose}/${[type, ...alsoTypes].join('+')}/${s.firstDate}/every-${s.everyWeeks}w`,
    everyWeeks: s.everyWeeks,
    weekday: s.weekday,
    startTime: s.time,
    durationMinutes: s.durationMinutes,
    firstOn: placed[0] ?? s.firstDate,
    lastOn: placed.at(-1) ?? s.lastDate,
  };
}

/** A group's series: one meeting for all, organised by the facilitator (or the first peer). */
function groupIntentOf(group: PlannableGroup, s: PlannedSeries): SeriesIntent {
  const shape = shapeOf({ relationshipId: null, groupId: group.id }, [group.type], s);
  const { organiser, attendees } = partiesOf(group);
  return {
    ...shape,
    // A Teams link on each meeting, so a member who cannot be in the room can still join.
    createRequest: groupSeriesRequestFor(
      { id: group.id, organiser, attendees, venue: 'teams' },
      shape,
    ),
    sessions: sessionsOf(s),
  };
}

/** The sessions of a planned series, as the intent keeps them: placed ones, and unplaceable ones to cancel. */
function sessionsOf(s: PlannedSeries): SeriesIntent['sessions'] {
  return [
    ...s.occurrences.map((o) => ({
      regularOn: o.regular.date,
      startsAt: o.start,
      endsAt: o.end,
      dueOn: o.latest,
      moveReason: o.moved ?? null,
      unplaceable: false,
    })),
    ...s.unplaceable.map((u) => ({
      regularOn: u.regularDate,
      startsAt: fromLondonDateTime(`${u.regularDate}T${s.time}`),
      endsAt: new Date(
        fromLondonDateTime(`${u.regularDate}T${s.time}`).getTime() + s.durationMinutes * 60_000,
      ),
      dueOn: u.latest,
      moveReason: null,
      unplaceable: true,
    })),
  ];
}

async function createSeries(
  deps: { store: BookingStore; calendar: CalendarPort },
  pending: OpenSeries[],
  report: BookingReport,
): Promise<void> {
  // A series none of whose sessions could be placed would reach the supervisee as an invitation
  // and then a cancellation for each of them: it is recorded as done without going to Outlook.
  const empty = pending.filter(
    (s) => s.status === 'intended' && !s.sessions.some((session) => session.status === 'planned'),
  );
  for (const series of empty) {
    await deps.store.markSeriesDone(series.id);
    report.booked.cancelled += series.sessions.length;
  }
  const intended = pending.filter((s) => s.status === 'intended' && !empty.includes(s));
  // The request saved with the intent, so a resumed create is the same create; older intents are rebuilt as before.
  const requests = intended.map(
    (s) =>
      savedSeriesRequest(s.createRequest, s.seriesKey) ??
      seriesRequestFor({ ...s, relationshipId: s.relationshipId ?? 0 }, s),
  );
  const outcomes = await deps.calendar.createSeries(requests);
  const unsure = [...outcomes.keys()].filter(
    (i) => !outcomes[i]!.ok && (outcomes[i] as { mayHaveLanded?: boolean }).mayHaveLanded,
  );
  const { landed, lookupFailed } = await findLanded(
    deps.calendar,
    unsure.map((i) => requests[i]!),
  );
  const adopted = new Map(unsure.map((index, k) => [index, landed[k] ?? null]));
  for (const [i, outcome] of outcomes.entries()) {
    const series = intended[i]!;
    const found = adopted.get(i);
    const made = outcome.ok
      ? outcome.value
      : found
        ? { seriesId: found.id, joinUrl: found.joinUrl }
        : null;
    if (made) {
      await deps.store.markSeriesCreated(series.id, made.seriesId);
      series.calendarSeriesId = made.seriesId;
      series.status = 'created';
      report.booked.series += 1;
      if (!outcome.ok) report.adopted += 1;
      if (requests[i]!.teamsMeeting && !made.joinUrl) {
        report.teamsLinkMissing.push({
          relationshipId: series.relationshipId,
          supervisor: requests[i]!.organizer.upn,
          supervisee: requests[i]!.attendee.upn,
          firstOn: series.firstOn,
        });
      }
    } else if (!outcome.ok) {
      const looked = lookupFailed ? `; looking for it in Outlook failed too (${lookupFailed})` : '';
      report.failures.push({
        ...ownerOf(series),
        message: `creating the series in Outlook failed: ${outcome.error.message}${looked}; run book again to retry`,
      });
    }
  }
}

async function finishSeries(
  deps: { store: BookingStore; calendar: CalendarPort },
  pending: OpenSeries[],
  report: BookingReport,
): Promise<void> {
  const created = pending.filter((s) => s.status === 'created' && s.calendarSeriesId);
  const instances = await deps.calendar.listInstances(
    created.map((s) => ({
      organizer: s.supervisorUpn,
      seriesId: s.calendarSeriesId!,
      from: `${s.firstOn}T00:00:00`,
      to: `${s.lastOn}T23:59:59`,
    })),
  );
  const moves: {
    series: OpenSeries;
    sessionId: number;
    move: { organizer: string; occurrenceId: string; start: string; end: string };
  }[] = [];
  const cancels: {
    series: OpenSeries;
    sessionId: number;
    cancel: { organizer: string; occurrenceId: string };
  }[] = [];
  for (const [i, series] of created.entries()) {
    const byDate = new Map(
      (instances[i] ?? []).map((o) => [o.type === 'exception' ? null : o.start.slice(0, 10), o]),
    );
    const byId = new Map((instances[i] ?? []).map((o) => [o.id, o]));
    for (const session of series.sessions) {
      const occurrence =
        (session.calendarEventId && byId.get(session.calendarEventId)) ||
        byDate.get(session.regularOn);
      if (!occurrence) continue; // already cancelled (or never there): nothing to do
      if (!session.calendarEventId)
        await deps.store.attachOccurrence(session.id, occurrence.id, series.calendarSeriesId!);
      const target = {
        start: londonDateTime(new Date(session.startsAt)),
        end: londonDateTime(new Date(session.endsAt)),
      };
      if (session.status === 'cancelled') {
        cancels.push({
          series,
          sessionId: session.id,
          cancel: { organizer: series.supervisorUpn, occurrenceId: occurrence.id },
        });
      } else if (occurrence.start.slice(0, 16) !== target.start.slice(0, 16)) {
        moves.push({
          series,
          sessionId: session.id,
          move: { organizer: series.supervisorUpn, occurrenceId: occurrence.id, ...target },
        });
      }
    }
  }
  // Cancels first: Outlook will not move an occurrence onto or past a neighbour, even one about to go.
  const cancelOutcomes = await deps.calendar.cancelOccurrences(cancels.map((c) => c.cancel));
  const moveOutcomes = await deps.calendar.moveOccurrences(moves.map((m) => m.move));
  const failed = new Set<number>();
  moveOutcomes.forEach((outcome, i) => {
    if (outcome.ok) report.booked.moved += 1;
    else {
      failed.add(moves[i]!.series.id);
      report.failures.push({
        ...ownerOf(moves[i]!.series),
        message: `moving a clashing session failed: ${outcome.error.message}; run book again to retry`,
      });
    }
  });
  cancelOutcomes.forEach((outcome, i) => {
    if (!outcome.ok) {
      failed.add(cancels[i]!.series.id);
      report.failures.push({
        ...ownerOf(cancels[i]!.series),
        message: `cancelling an unplaceable session failed: ${outcome.error.message}; run book again to retry`,
      });
    }
  });
  for (const series of created.filter((s) => !failed.has(s.id))) {
    const booked = series.sessions.filter((s) => s.status === 'planned').map((s) => s.id);
    await deps.store.markSessionsBooked(booked);
    await deps.store.markSeriesDone(series.id);
    report.booked.sessions += booked.length;
    // Unplaceable: cancelled in Outlook, or left out of the series' range (intentOf).
    report.booked.cancelled += series.sessions.filter((s) => s.status === 'cancelled').length;
  }
}
