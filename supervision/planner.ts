/**
 * The planner: from the policy, the last held session and both people's
 * calendars, the sessions needed through the horizon as recurring series,
 * each occurrence on or before the latest date it may fall on.
 *
 * How it chooses (docs/booking.md says the same for people):
 * - Latest dates. The first is one interval after the last held session (or
 *   the start); each next one is one interval after the session before it
 *   as actually placed, and never later than the regular chain. A session
 *   already overdue is wanted within 5 working days.
 * - Series. Each phase (weekly, fortnightly, monthly…) is one weekly series
 *   every k weeks on one weekday and time, k being the most weeks that never
 *   exceed the interval: monthly → every 4 weeks (28 days is never more than
 *   a calendar month; "second Tuesday" patterns leave 35-day gaps), two
 *   months → 8 weeks, three months → 12 weeks. A phase change starts a new
 *   series.
 * - Slot. The weekday and time inside both people's working hours that keeps
 *   the most occurrences free (busy time and bank holidays), ties broken
 *   towards 10:00 and earlier weekdays.
 * - Moves. An occurrence that clashes, falls on a bank holiday, or would be
 *   after its latest date moves to the nearest free time for both: later in
 *   its window first (a later move never makes the next one late), then
 *   earlier, never after its latest date nor on or before the session
 *   before. One that cannot be placed is reported, not dropped.
 */
import {
  addDays,
  addWorkingDays,
  daysBetween,
  frequencyOn,
  isBankHoliday,
  isoWeekday,
  londonDateTime,
  londonInstant,
  nextDue,
  addInterval,
  type Interval,
  type IsoDate,
  type PolicyPack,
  type Supervisee,
} from '../rules/index.ts';

export interface WorkingHours {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** London wall-clock times, "HH:MM". */
  start: string;
  end: string;
  /**
   * London hours date by date, where Outlook's hours are kept in another zone and so move against
   * London's clock (09:00–17:00 UTC is 10:00–18:00 in summer). From `from` to `to` they replace
   * days/start/end: a date with no entry is not worked. days/start/end then span them all.
   */
  byDate?: {
    from: IsoDate;
    to: IsoDate;
    hours: ReadonlyMap<IsoDate, { start: string; end: string }>;
  };
}

export interface Availability {
  busy: { start: Date; end: Date }[];
  workingHours: WorkingHours;
}

/**
 * The attendees of a group session: the planner looks for times when at least
 * `quorum` of the members are free (docs/roster.md#groups); the facilitator
 * is the organiser, whose own time must be free as for a one-to-one.
 */
export interface GroupAvailability {
  members: Availability[];
  quorum: number;
}

export interface PlanInput {
  pack: PolicyPack;
  person: Supervisee;
  type: string;
  lastHeld?: IsoDate | undefined;
  today: IsoDate;
  horizonEnd: IsoDate;
  durationMinutes: number;
  supervisor: Availability;
  /** One supervisee's calendar, or a group's members with the quorum that must be free. */
  supervisee: Availability | GroupAvailability;
  /**
   * A fixed frequency instead of the person's role: a group whose type the
   * policy sets per team (Solihull: "at least one group supervision per
   * calendar month"). Without a last session, the first is due one interval
   * from today.
   */
  interval?: Interval;
  /** Slots the supervisor turned down ("another time"): chosen only if nothing else is left. */
  avoid?: readonly { weekday: number; time: string }[];
  /** Rounds of placing phases before the planner gives up (default {@link MAX_ROUNDS}). */
  maxRounds?: number;
}

export type MoveReason = 'busy' | 'bank-holiday' | 'outside-working-hours' | 'after-latest-date';

export interface PlannedOccurrence {
  /** The latest date this session may fall on. */
  latest: IsoDate;
  /** Where the series puts it. */
  regular: { date: IsoDate; start: Date };
  /** Where it is booked: the regular slot, or where it moved to. */
  date: IsoDate;
  start: Date;
  end: Date;
  moved?: MoveReason;
  /** First session of a person already overdue. */
  overdue?: true;
}

export interface PlannedSeries {
  type: string;
  everyWeeks: number;
  /** ISO weekday of the series, 1 = Monday. */
  weekday: number;
  time: string;
  durationMinutes: number;
  firstDate: IsoDate;
  lastDate: IsoDate;
  occurrences: PlannedOccurrence[];
  /** Occurrences of the series with no free time before their latest date: cancel them and say so. */
  unplaceable: { regularDate: IsoDate; latest: IsoDate }[];
}

export interface TypePlan {
  type: string;
  series: PlannedSeries[];
  /**
   * Set when the planner stopped at its round limit before the horizon: the sessions due from
   * `from` on are not planned. The caller reports it; the series before it still stand.
   */
  stoppedShort?: { rounds: number; from: IsoDate };
}

/** Each round places the phases from one session on; a plan needing more rounds than this stops and says so. */
const MAX_ROUNDS = 60;

const SLOT_STEP_MINUTES = 30;
const PREFERRED_TIME = '10:00';
const OVERDUE_WITHIN_WORKING_DAYS = 5;

/** Whole weeks that never exceed `interval`, so a weekly series always meets it. */
export function weeksWithin(interval: Interval): number {
  return Math.max(1, Math.floor(shortestDays(interval) / 7));
}

const shortest = new Map<string, number>();

/** The fewest days `interval` can span from any start date (a month is 28 days at its shortest). */
function shortestDays(interval: Interval): number {
  const key = `${interval.every} ${interval.unit}`;
  let days = shortest.get(key);
  if (days === undefined) {
    days = Infinity;
    // Four years cover every month length and a leap year.
    for (let date = '2027-01-01' as IsoDate; date < '2031-01-01'; date = addDays(date, 1)) {
      days = Math.min(days, daysBetween(date, addInterval(date, interval)));
    }
    shortest.set(key, days);
  }
  return days;
}

/** Plans one supervision type of one relationship through the horizon. */
export function planSessions(input: PlanInput): TypePlan {
  const fixed = input.interval;
  const intervalAt = fixed
    ? () => fixed
    : (date: IsoDate) => frequencyOn(input.pack, input.person, date, input.type);
  const calendar = freeTime(input);
  const tomorrow = addDays(input.today, 1);

  let first = fixed
    ? addInterval(input.lastHeld ?? input.today, fixed)
    : nextDue(input.pack, input.person, input.lastHeld, input.type);
  const overdue = first <= input.today;
  if (overdue) first = addWorkingDays(input.today, OVERDUE_WITHIN_WORKING_DAYS);

  // Place phase after phase, carrying the last placed session across them. Sessions placed
  // before their latest dates can leave room for a phase the first chain did not reach, so
  // when the last series stops at a change of frequency inside the horizon, go round again.
  let previous: IsoDate | undefined = input.lastHeld;
  const series: PlannedSeries[] = [];
  const maxRounds = input.maxRounds ?? MAX_ROUNDS;
  let next: IsoDate | undefined = first;
  let round = 0;
  for (; next && next <= input.horizonEnd && round < maxRounds; round += 1) {
    const phases = phasesFrom(next, previous ?? tomorrow, input.horizonEnd, intervalAt);
    for (const [index, phase] of phases.entries()) {
      const following = phases[index + 1];
      // A phase's series goes on until the next session would be due on or after the day the next
      // frequency starts (or past the horizon): a session due before then is still this phase's.
      const limit = following ? addDays(following.starts, -1) : input.horizonEnd;
      const context: PhaseContext = {
        input,
        calendar,
        intervalAt,
        tomorrow,
        limit,
        overdueFirst: overdue && series.length === 0,
      };
      // Shortlist slots by how many regular dates are free, then place each in full: a move earlier
      // can make the sessions after it late too, which only a full placement shows.
      const firstLatest =
        previous && strictLatest(previous, intervalAt) > input.today
          ? strictLatest(previous, intervalAt)
          : phase.latest[0]!;
      const placements = shortlist(
        phase,
        firstLatest,
        calendar,
        input.durationMinutes,
        tomorrow,
        input.avoid ?? [],
      ).map((slot) => placePhase(phase, slot, previous, context));
      const chosen = placements.reduce((a, b) => (cost(b) < cost(a) ? b : a));
      // Book the chosen slot only up to a session that had to move so early that the next would
      // be late: a new series, with its own slot, starts from it (the next round) rather than
      // every later session moving too.
      const best = placePhase(phase, chosen.slot, previous, context, true);
      previous = best.previous;
      series.push({
        type: input.type,
        everyWeeks: phase.weeks,
        weekday: isoWeekday(best.slot.firstDate),
        time: best.slot.time,
        durationMinutes: input.durationMinutes,
        firstDate: best.slot.firstDate,
        lastDate: addDays(best.slot.firstDate, 7 * phase.weeks * (best.count - 1)),
        occurrences: best.occurrences,
        unplaceable: best.unplaceable,
      });
      if (best.stoppedEarly) break;
    }
    next =
      previous && previous >= tomorrow ? addInterval(previous, intervalAt(previous)) : undefined;
  }
  if (next && next <= input.horizonEnd)
    return { type: input.type, series, stoppedShort: { rounds: round, from: next } };
  return { type: input.type, series };
}

interface Phase {
  weeks: number;
  /** The latest dates of the regular chain in this phase. */
  latest: IsoDate[];
  /** The first day this frequency is in force: a series must not start before it. */
  starts: IsoDate;
}

/** The regular chain of latest dates from `first` through the horizon, cut into phases of one frequency. */
function phasesFrom(
  first: IsoDate,
  after: IsoDate,
  horizonEnd: IsoDate,
  intervalAt: (date: IsoDate) => Interval,
): Phase[] {
  const phases: Phase[] = [];
  let boundary = after;
  for (let latest = first; latest <= horizonEnd; latest = addInterval(latest, intervalAt(latest))) {
    const weeks = weeksWithin(intervalAt(latest));
    const current = phases.at(-1);
    if (current && current.weeks === weeks) current.latest.push(latest);
    else {
      // The day the new frequency takes over, between the last chain date and this one.
      let starts = latest;
      for (
        let day = addDays(latest, -1);
        day > boundary && weeksWithin(intervalAt(day)) === weeks;
        day = addDays(day, -1)
      )
        starts = day;
      phases.push({ weeks, latest: [latest], starts: phases.length === 0 ? after : starts });
    }
    boundary = latest;
  }
  return phases;
}

interface PhaseContext {
  input: PlanInput;
  calendar: FreeTime;
  intervalAt: (date: IsoDate) => Interval;
  tomorrow: IsoDate;
  /** The series keeps going while the next session would be due on or before this date. */
  limit: IsoDate;
  overdueFirst: boolean;
}

interface PhasePlacement {
  slot: Slot;
  occurrences: PlannedOccurrence[];
  unplaceable: PlannedSeries['unplaceable'];
  count: number;
  previous: IsoDate | undefined;
  tie: number;
  /** Stopped after a session moved so early that the rest would have had to follow it. */
  stoppedEarly: boolean;
}

/** Sessions that cannot be placed cost most, then each move, then how far it moved. */
function cost(p: PhasePlacement): number {
  const moved = p.occurrences.filter((o) => o.moved);
  const distance = moved.reduce((sum, o) => sum + Math.abs(daysBetween(o.regular.date, o.date)), 0);
  return p.unplaceable.length * 1_000_000 + moved.length * 10_000 + distance * 100 + p.tie;
}

function placePhase(
  phase: Phase,
  slot: Slot,
  start: IsoDate | undefined,
  context: PhaseContext,
  stopAfterEarlyMove = false,
): PhasePlacement {
  const { input, calendar, intervalAt, tomorrow } = context;
  const occurrences: PlannedOccurrence[] = [];
  const unplaceable: PlannedSeries['unplaceable'] = [];
  let previous = start;
  let stoppedEarly = false;
  const step = 7 * phase.weeks;
  const placeNext = (regularDate: IsoDate, chainLatest: IsoDate, first: boolean) => {
    if (stoppedEarly) return;
    // Outlook will not move an occurrence onto or past its neighbours' dates, so a move stays between them.
    // A new phase's first session is not moved back into the phase before.
    const afterPrevious = maxDate(
      previous && previous >= tomorrow ? addDays(previous, 1) : tomorrow,
      phase.starts,
    );
    const earliest = first ? afterPrevious : maxDate(afterPrevious, addDays(regularDate, 1 - step));
    const latest = minDate(chainLatest, addDays(regularDate, step - 1));
    const placed = place(regularDate, slot.time, earliest, latest, calendar, input.durationMinutes);
    if (!placed) {
      unplaceable.push({ regularDate, latest });
      previous = latest;
      return;
    }
    occurrences.push({
      ...occurrence(latest, regularDate, slot.time, placed, input.durationMinutes),
      ...(first && context.overdueFirst && { overdue: true as const }),
    });
    previous = placed.date;
    if (
      stopAfterEarlyMove &&
      placed.date < regularDate &&
      addDays(regularDate, step) > strictLatest(placed.date, intervalAt)
    )
      stoppedEarly = true;
  };
  phase.latest.forEach((chainLatest, i) => {
    // Due one interval after the session before as placed; the chain's date only for the first
    // session after one held in the past (or overdue).
    const latest =
      previous && strictLatest(previous, intervalAt) > input.today
        ? strictLatest(previous, intervalAt)
        : chainLatest;
    placeNext(addDays(slot.firstDate, 7 * phase.weeks * i), latest, i === 0);
  });
  let count = stoppedEarly ? occurrences.length + unplaceable.length : phase.latest.length;
  // Sessions placed before their latest dates leave room: keep the series going while the next
  // latest date, counted from where the last session was placed, is still inside its limit, so
  // that the next phase starts on time and booking again later finds nothing more to add.
  while (previous && !stoppedEarly) {
    const interval = intervalAt(previous);
    const latest = addInterval(previous, interval);
    if (latest > context.limit || weeksWithin(interval) !== phase.weeks) break;
    placeNext(addDays(slot.firstDate, 7 * phase.weeks * count), latest, false);
    count += 1;
  }
  return { slot, occurrences, unplaceable, count, previous, tie: slot.tie, stoppedEarly };
}

/**
 * The nearest time both people are free for one session: on the wanted
 * date and time if possible, else later up to `latest`, else earlier down to
 * `earliest`. Used to propose a replacement for a session lost in Outlook.
 */
export function proposeSlot(input: {
  wanted: { date: IsoDate; time: string };
  earliest: IsoDate;
  latest: IsoDate;
  durationMinutes: number;
  supervisor: Availability;
  supervisee: Availability;
}): { start: Date; end: Date } | undefined {
  const calendar = freeTime(input);
  const placed = place(
    input.wanted.date,
    input.wanted.time,
    input.earliest,
    input.latest,
    calendar,
    input.durationMinutes,
  );
  return (
    placed && {
      start: placed.start,
      end: new Date(placed.start.getTime() + input.durationMinutes * 60_000),
    }
  );
}

function occurrence(
  latest: IsoDate,
  regularDate: IsoDate,
  time: string,
  placed: Placed,
  duration: number,
): PlannedOccurrence {
  return {
    latest,
    regular: { date: regularDate, start: londonInstant(regularDate, time) },
    date: placed.date,
    start: placed.start,
    end: new Date(placed.start.getTime() + duration * 60_000),
    ...(placed.moved && { moved: placed.moved }),
  };
}

interface Placed {
  date: IsoDate;
  start: Date;
  moved?: MoveReason;
}

interface FreeTime {
  workingDays: Set<number>;
  /** Minutes from midnight either may work on some date: where to look for times, [start, end). */
  window: [number, number];
  /** Minutes from midnight both people work on this date, [start, end), or null. */
  hoursOn(date: IsoDate): [number, number] | null;
  isFree(start: Date, end: Date): boolean;
}

/** One person's London working minutes on a date, [start, end), or null when not worked. */
function personHoursOn(hours: WorkingHours, date: IsoDate): [number, number] | null {
  const known = hours.byDate;
  if (known && date >= known.from && date <= known.to) {
    const day = known.hours.get(date);
    return day ? [minutes(day.start), minutes(day.end)] : null;
  }
  return hours.days.includes(isoWeekday(date)) ? [minutes(hours.start), minutes(hours.end)] : null;
}

function freeTime(input: Pick<PlanInput, 'supervisor' | 'supervisee'>): FreeTime {
  const attendees =
    'members' in input.supervisee ? quorumFree(input.supervisee) : personFree(input.supervisee);
  return bothFree(personFree(input.supervisor), attendees);
}

/** When both sides are free: the organiser's time and the attendees' (one person, or a group's quorum). */
function bothFree(a: FreeTime, b: FreeTime): FreeTime {
  return {
    workingDays: new Set([...a.workingDays].filter((day) => b.workingDays.has(day))),
    window: [Math.max(a.window[0], b.window[0]), Math.min(a.window[1], b.window[1])],
    hoursOn(date) {
      const x = a.hoursOn(date);
      const y = x && b.hoursOn(date);
      if (!x || !y) return null;
      const both: [number, number] = [Math.max(x[0], y[0]), Math.min(x[1], y[1])];
      return both[0] < both[1] ? both : null;
    },
    isFree: (start, end) => a.isFree(start, end) && b.isFree(start, end),
  };
}

/** One person's free time: inside their working hours and outside their busy time. */
function personFree(person: Availability): FreeTime {
  const hours = person.workingHours;
  const busy = person.busy
    .map((i) => [i.start.getTime(), i.end.getTime()] as const)
    .sort((x, y) => x[0] - y[0]);
  return {
    workingDays: new Set(hours.days),
    window: [minutes(hours.start), minutes(hours.end)],
    hoursOn: (date) => personHoursOn(hours, date),
    isFree(start, end) {
      const [s, e] = [start.getTime(), end.getTime()];
      // Busy intervals are few per day; a binary search to the first that could overlap keeps this fast.
      let lo = 0;
      let hi = busy.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (busy[mid]![0] < e) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo - 1; i >= 0; i -= 1) {
        const [bs, be] = busy[i]!;
        if (be > s && bs < e) return false;
        if (e - bs > 14 * 86_400_000) break; // nothing lasts a fortnight; stop looking further back
      }
      return true;
    },
  };
}

/**
 * A group's free time: a time is free when at least `quorum` members work
 * then and are free for the whole of it (the same members throughout, not a
 * different quorum each half hour). hoursOn is the span any of them works on
 * a day when enough of them work: where to look, not a promise.
 */
function quorumFree(group: GroupAvailability): FreeTime {
  const members = group.members.map(personFree);
  const days = [1, 2, 3, 4, 5, 6, 7].filter(
    (day) => members.filter((m) => m.workingDays.has(day)).length >= group.quorum,
  );
  return {
    workingDays: new Set(days),
    window: [
      Math.min(...members.map((m) => m.window[0])),
      Math.max(...members.map((m) => m.window[1])),
    ],
    hoursOn(date) {
      const spans = members.map((m) => m.hoursOn(date)).filter((h) => h !== null);
      if (spans.length < group.quorum) return null;
      return [Math.min(...spans.map((h) => h[0])), Math.max(...spans.map((h) => h[1]))];
    },
    isFree(start, end) {
      const [date, from] = londonDayAndMinute(start);
      const to = from + (end.getTime() - start.getTime()) / 60_000;
      let free = 0;
      for (const member of members) {
        const hours = member.hoursOn(date);
        if (hours && hours[0] <= from && to <= hours[1] && member.isFree(start, end)) free += 1;
        if (free >= group.quorum) return true;
      }
      return false;
    },
  };
}

/** The London date and minute of the day of an instant. */
function londonDayAndMinute(instant: Date): [IsoDate, number] {
  const text = londonDateTime(instant);
  return [text.slice(0, 10) as IsoDate, minutes(text.slice(11, 16))];
}

/** Why the slot at `time` on `date` cannot be used, or undefined when it can. */
function problemWith(
  date: IsoDate,
  time: string,
  calendar: FreeTime,
  duration: number,
): MoveReason | undefined {
  if (isBankHoliday(date)) return 'bank-holiday';
  const from = minutes(time);
  const hours = calendar.hoursOn(date);
  if (!hours || from < hours[0] || from + duration > hours[1]) return 'outside-working-hours';
  const start = londonInstant(date, time);
  return calendar.isFree(start, new Date(start.getTime() + duration * 60_000)) ? undefined : 'busy';
}

interface Slot {
  firstDate: IsoDate;
  time: string;
  /** Closeness to 10:00 and to the start of the week, to break ties. */
  tie: number;
}

const SHORTLIST = 12;

/** The slots whose regular dates are most often free for both, best first. */
function shortlist(
  phase: Phase,
  firstLatest: IsoDate,
  calendar: FreeTime,
  duration: number,
  tomorrow: IsoDate,
  avoid: readonly { weekday: number; time: string }[],
): Slot[] {
  const from = maxDate(tomorrow, phase.starts);
  const scored: (Slot & { score: number; slack: number })[] = [];
  const weekdays = [...calendar.workingDays].sort();
  // Weekdays that fall between the day the frequency starts and the first latest date; if none
  // does (a window shorter than a week), any weekday, starting as soon as the window allows.
  const fitting = weekdays.filter(
    (weekday) => addDays(firstLatest, -((isoWeekday(firstLatest) - weekday + 7) % 7)) >= from,
  );
  for (const weekday of fitting.length > 0 ? fitting : weekdays) {
    // The last such weekday on or before the first latest date (but not before the window opens).
    let firstDate = addDays(firstLatest, -((isoWeekday(firstLatest) - weekday + 7) % 7));
    while (firstDate < from) firstDate = addDays(firstDate, 7);
    for (
      let from = calendar.window[0];
      from + duration <= calendar.window[1];
      from += SLOT_STEP_MINUTES
    ) {
      const time = hhmm(from);
      let score = 0;
      phase.latest.forEach((latest, i) => {
        const date = addDays(firstDate, 7 * phase.weeks * i);
        if (date <= latest && !problemWith(date, time, calendar, duration)) score += 1;
      });
      // Slack (days between a session and its latest date) lets a clash move later, which never
      // makes the next session late; with none, a clash must move earlier and drags the rest.
      const slack = daysBetween(firstDate, firstLatest);
      if (avoid.some((a) => a.weekday === weekday && a.time === time)) continue;
      scored.push({
        firstDate,
        time,
        score,
        slack,
        tie: Math.abs(from - minutes(PREFERRED_TIME)) + weekday,
      });
    }
  }
  scored.sort((a, b) => b.score - a.score || b.slack - a.slack || a.tie - b.tie);
  return scored.length > 0
    ? scored.slice(0, SHORTLIST)
    : [{ firstDate: firstLatest, time: PREFERRED_TIME, tie: 0 }];
}

/** The regular slot if it works, else the nearest free time in [earliest, latest]. */
function place(
  regularDate: IsoDate,
  time: string,
  earliest: IsoDate,
  latest: IsoDate,
  calendar: FreeTime,
  duration: number,
): Placed | undefined {
  const regularProblem: MoveReason | undefined =
    regularDate > latest || regularDate < earliest
      ? 'after-latest-date'
      : problemWith(regularDate, time, calendar, duration);
  if (!regularProblem) return { date: regularDate, start: londonInstant(regularDate, time) };
  const days: IsoDate[] = [];
  for (let d = regularDate; d <= latest; d = addDays(d, 1)) if (d >= earliest) days.push(d);
  for (
    let d = addDays(regularDate, -1);
    d >= earliest && daysBetween(d, regularDate) <= 31;
    d = addDays(d, -1)
  )
    if (d <= latest) days.push(d);
  const times: string[] = [];
  for (
    let from = calendar.window[0];
    from + duration <= calendar.window[1];
    from += SLOT_STEP_MINUTES
  )
    times.push(hhmm(from));
  times.sort((x, y) => Math.abs(minutes(x) - minutes(time)) - Math.abs(minutes(y) - minutes(time)));
  for (const date of days) {
    for (const candidate of times) {
      if (!problemWith(date, candidate, calendar, duration))
        return { date, start: londonInstant(date, candidate), moved: regularProblem };
    }
  }
  return undefined;
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function strictLatest(previous: IsoDate, intervalAt: (date: IsoDate) => Interval): IsoDate {
  return addInterval(previous, intervalAt(previous));
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function hhmm(totalMinutes: number): string {
  return `${String(Math.floor(totalMinutes / 60)).padStart(2, '0')}:${String(totalMinutes % 60).padStart(2, '0')}`;
}
