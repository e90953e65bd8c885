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
}

export interface Availability {
  busy: { start: Date; end: Date }[];
  workingHours: WorkingHours;
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
  supervisee: Availability;
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
}

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
  const intervalAt = (date: IsoDate) => frequencyOn(input.pack, input.person, date, input.type);
  const calendar = freeTime(input);
  const tomorrow = addDays(input.today, 1);

  // The regular chain of latest dates, and the phases it falls into.
  let first = nextDue(input.pack, input.person, input.lastHeld, input.type);
  const overdue = first <= input.today;
  if (overdue) first = addWorkingDays(input.today, OVERDUE_WITHIN_WORKING_DAYS);
  const chain: { latest: IsoDate; weeks: number }[] = [];
  for (let latest = first; latest <= input.horizonEnd; latest = addInterval(latest, intervalAt(latest))) {
    chain.push({ latest, weeks: weeksWithin(intervalAt(latest)) });
  }
  const phases: { weeks: number; latest: IsoDate[] }[] = [];
  for (const link of chain) {
    const current = phases.at(-1);
    if (current && current.weeks === link.weeks) current.latest.push(link.latest);
    else phases.push({ weeks: link.weeks, latest: [link.latest] });
  }

  // Place each phase as a series, carrying the last placed session across phases.
  let previous: IsoDate | undefined = input.lastHeld;
  const series: PlannedSeries[] = [];
  for (const phase of phases) {
    const context: PhaseContext = { input, calendar, intervalAt, tomorrow, isLast: phase === phases.at(-1), overdueFirst: overdue && series.length === 0 };
    // Shortlist slots by how many regular dates are free, then place each in full: a move earlier
    // can make the sessions after it late too, which only a full placement shows.
    const placements = shortlist(phase, calendar, input.durationMinutes, tomorrow).map((slot) => placePhase(phase, slot, previous, context));
    const best = placements.reduce((a, b) => (cost(b) < cost(a) ? b : a));
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
  }
  return { type: input.type, series };
}

interface PhaseContext {
  input: PlanInput;
  calendar: FreeTime;
  intervalAt: (date: IsoDate) => Interval;
  tomorrow: IsoDate;
  /** The last phase keeps going while the horizon has room (see below). */
  isLast: boolean;
  overdueFirst: boolean;
}

interface PhasePlacement {
  slot: Slot;
  occurrences: PlannedOccurrence[];
  unplaceable: PlannedSeries['unplaceable'];
  count: number;
  previous: IsoDate | undefined;
  tie: number;
}

/** Sessions that cannot be placed cost most, then each move, then how far it moved. */
function cost(p: PhasePlacement): number {
  const moved = p.occurrences.filter((o) => o.moved);
  const distance = moved.reduce((sum, o) => sum + Math.abs(daysBetween(o.regular.date, o.date)), 0);
  return p.unplaceable.length * 1_000_000 + moved.length * 10_000 + distance * 100 + p.tie;
}

function placePhase(phase: { weeks: number; latest: IsoDate[] }, slot: Slot, start: IsoDate | undefined, context: PhaseContext): PhasePlacement {
  const { input, calendar, intervalAt, tomorrow } = context;
  const occurrences: PlannedOccurrence[] = [];
  const unplaceable: PlannedSeries['unplaceable'] = [];
  let previous = start;
  const placeNext = (regularDate: IsoDate, latest: IsoDate, first: boolean) => {
    const earliest = previous && previous >= tomorrow ? addDays(previous, 1) : tomorrow;
    const placed = place(regularDate, slot.time, earliest, latest, calendar, input.durationMinutes);
    if (!placed) {
      unplaceable.push({ regularDate, latest });
      previous = latest;
      return;
    }
    occurrences.push({ ...occurrence(latest, regularDate, slot.time, placed, input.durationMinutes), ...(first && context.overdueFirst && { overdue: true as const }) });
    previous = placed.date;
  };
  phase.latest.forEach((chainLatest, i) => {
    const latest = previous && previous >= input.today ? minDate(chainLatest, addInterval(previous, intervalAt(previous))) : chainLatest;
    placeNext(addDays(slot.firstDate, 7 * phase.weeks * i), latest, i === 0);
  });
  let count = phase.latest.length;
  // Sessions placed before their latest dates leave room: keep the last series going while the
  // next latest date, counted from where the last session was placed, is still inside the horizon,
  // so that booking again from the last booked session finds nothing more to add.
  while (context.isLast && previous) {
    const interval = intervalAt(previous);
    const latest = addInterval(previous, interval);
    if (latest > input.horizonEnd || weeksWithin(interval) !== phase.weeks) break;
    placeNext(addDays(slot.firstDate, 7 * phase.weeks * count), latest, false);
    count += 1;
  }
  return { slot, occurrences, unplaceable, count, previous, tie: slot.tie };
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
  const placed = place(input.wanted.date, input.wanted.time, input.earliest, input.latest, calendar, input.durationMinutes);
  return placed && { start: placed.start, end: new Date(placed.start.getTime() + input.durationMinutes * 60_000) };
}

function occurrence(latest: IsoDate, regularDate: IsoDate, time: string, placed: Placed, duration: number): PlannedOccurrence {
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
  /** Minutes from midnight both people work, [start, end). */
  window: [number, number];
  isFree(start: Date, end: Date): boolean;
}

function freeTime(input: Pick<PlanInput, 'supervisor' | 'supervisee'>): FreeTime {
  const a = input.supervisor.workingHours;
  const b = input.supervisee.workingHours;
  const busy = [...input.supervisor.busy, ...input.supervisee.busy].map((i) => [i.start.getTime(), i.end.getTime()] as const).sort((x, y) => x[0] - y[0]);
  return {
    workingDays: new Set(a.days.filter((day) => b.days.includes(day))),
    window: [Math.max(minutes(a.start), minutes(b.start)), Math.min(minutes(a.end), minutes(b.end))],
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

/** Why the slot at `time` on `date` cannot be used, or undefined when it can. */
function problemWith(date: IsoDate, time: string, calendar: FreeTime, duration: number): MoveReason | undefined {
  if (isBankHoliday(date)) return 'bank-holiday';
  const from = minutes(time);
  if (!calendar.workingDays.has(isoWeekday(date)) || from < calendar.window[0] || from + duration > calendar.window[1]) return 'outside-working-hours';
  const start = londonInstant(date, time);
  return calendar.isFree(start, new Date(start.getTime() + duration * 60_000)) ? undefined : 'busy';
}

interface Slot {
  firstDate: IsoDate;
  time: string;
  /** Closeness to 10:00 and to the start of the week, to break ties. */
  tie: number;
}

const SHORTLIST = 8;

/** The slots whose regular dates are most often free for both, best first. */
function shortlist(phase: { weeks: number; latest: IsoDate[] }, calendar: FreeTime, duration: number, tomorrow: IsoDate): Slot[] {
  const firstLatest = phase.latest[0]!;
  const scored: (Slot & { score: number })[] = [];
  for (const weekday of [...calendar.workingDays].sort()) {
    // The last such weekday on or before the first latest date (but not before tomorrow).
    let firstDate = addDays(firstLatest, -((isoWeekday(firstLatest) - weekday + 7) % 7));
    if (firstDate < tomorrow) firstDate = addDays(firstDate, 7);
    for (let from = calendar.window[0]; from + duration <= calendar.window[1]; from += SLOT_STEP_MINUTES) {
      const time = hhmm(from);
      let score = 0;
      phase.latest.forEach((latest, i) => {
        const date = addDays(firstDate, 7 * phase.weeks * i);
        if (date <= latest && !problemWith(date, time, calendar, duration)) score += 1;
      });
      scored.push({ firstDate, time, score, tie: Math.abs(from - minutes(PREFERRED_TIME)) + weekday });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.tie - b.tie);
  return scored.length > 0 ? scored.slice(0, SHORTLIST) : [{ firstDate: firstLatest, time: PREFERRED_TIME, tie: 0 }];
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
    regularDate > latest || regularDate < earliest ? 'after-latest-date' : problemWith(regularDate, time, calendar, duration);
  if (!regularProblem) return { date: regularDate, start: londonInstant(regularDate, time) };
  const days: IsoDate[] = [];
  for (let d = regularDate; d <= latest; d = addDays(d, 1)) if (d >= earliest) days.push(d);
  for (let d = addDays(regularDate, -1); d >= earliest && daysBetween(d, regularDate) <= 31; d = addDays(d, -1)) if (d <= latest) days.push(d);
  const times: string[] = [];
  for (let from = calendar.window[0]; from + duration <= calendar.window[1]; from += SLOT_STEP_MINUTES) times.push(hhmm(from));
  times.sort((x, y) => Math.abs(minutes(x) - minutes(time)) - Math.abs(minutes(y) - minutes(time)));
  for (const date of days) {
    for (const candidate of times) {
      if (!problemWith(date, candidate, calendar, duration)) return { date, start: londonInstant(date, candidate), moved: regularProblem };
    }
  }
  return undefined;
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function hhmm(totalMinutes: number): string {
  return `${String(Math.floor(totalMinutes / 60)).padStart(2, '0')}:${String(totalMinutes % 60).padStart(2, '0')}`;
}
