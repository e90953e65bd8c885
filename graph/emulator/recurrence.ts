/**
 * Expands a patternedRecurrence into the local dates its occurrences fall on.
 * Semantics follow https://learn.microsoft.com/graph/api/resources/recurrencepattern?view=graph-rest-1.0
 * and .../recurrencerange: weeks are counted from the week (starting on
 * firstDayOfWeek, default Sunday) that holds range.startDate; relativeMonthly
 * with several days picks the first (or, for `last`, the last) day that fits;
 * endDate is inclusive. Time of day is applied by the caller, in the event's zone,
 * so an occurrence keeps its wall-clock time across a DST change.
 */
import { GraphError } from './errors.ts';
import { addDays, DAY_NAMES, dayOfWeek, daysBetween } from './time.ts';
import type { DayOfWeek, PatternedRecurrence } from './types.ts';

const INDEX = { first: 0, second: 1, third: 2, fourth: 3, last: -1 } as const;
/** Series with no end are expanded this far at most, so a query cannot run away. */
const NO_END_LIMIT_DAYS = 5 * 366;

function dayNumbers(days: DayOfWeek[] | undefined, what: string): number[] {
  if (!days || days.length === 0)
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      `daysOfWeek is required for a ${what} pattern.`,
    );
  return days.map((d) => {
    const n = DAY_NAMES.indexOf(d.toLowerCase() as DayOfWeek);
    if (n < 0) throw new GraphError(400, 'ErrorInvalidRequest', `Unknown day of week '${d}'.`);
    return n;
  });
}

/** Checks a recurrence before it is stored, so expansion never fails later. */
export function validateRecurrence(rec: PatternedRecurrence): void {
  const { pattern, range } = rec;
  if (!pattern || !range)
    throw new GraphError(400, 'ErrorInvalidRequest', 'recurrence needs pattern and range.');
  if (!Number.isInteger(pattern.interval) || pattern.interval < 1)
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      'recurrence.pattern.interval must be a positive integer.',
    );
  if (!/^\d{4}-\d{2}-\d{2}$/.test(range.startDate ?? ''))
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      'recurrence.range.startDate must be YYYY-MM-DD.',
    );
  if (range.type === 'endDate' && !(range.endDate && range.endDate >= range.startDate))
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      'recurrence.range.endDate must be on or after startDate.',
    );
  if (range.type === 'numbered' && !((range.numberOfOccurrences ?? 0) > 0))
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      'recurrence.range.numberOfOccurrences must be positive.',
    );
  if (!['endDate', 'noEnd', 'numbered'].includes(range.type))
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      `Unsupported range type '${String(range.type)}'.`,
    );
  if (pattern.type === 'weekly' || pattern.type === 'relativeMonthly')
    dayNumbers(pattern.daysOfWeek, pattern.type);
  else if (pattern.type === 'absoluteMonthly') {
    if (!pattern.dayOfMonth || pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31)
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        'dayOfMonth is required for absoluteMonthly.',
      );
  } else if (pattern.type !== 'daily')
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      `Unsupported pattern type '${String(pattern.type)}'.`,
    );
}

function monthStart(date: string, addMonths: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + addMonths;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
}

function daysInMonth(first: string): number {
  return daysBetween(first, monthStart(first, 1));
}

/** The candidate dates of one period (a day, a week, a month), in order. */
function* periods(rec: PatternedRecurrence): Generator<string[]> {
  const { pattern, range } = rec;
  const start = range.startDate;
  const n = pattern.interval;
  if (pattern.type === 'daily') {
    for (let k = 0; ; k++) yield [addDays(start, k * n)];
  }
  if (pattern.type === 'weekly') {
    const first = DAY_NAMES.indexOf(pattern.firstDayOfWeek ?? 'sunday');
    const days = dayNumbers(pattern.daysOfWeek, 'weekly');
    const week0 = addDays(start, -((dayOfWeek(start) - first + 7) % 7));
    const offsets = days.map((d) => (d - first + 7) % 7).sort((a, b) => a - b);
    for (let k = 0; ; k++) {
      const ws = addDays(week0, k * 7 * n);
      yield offsets.map((o) => addDays(ws, o));
    }
  }
  for (let k = 0; ; k++) {
    const ms = monthStart(start, k * n);
    const len = daysInMonth(ms);
    if (pattern.type === 'absoluteMonthly') {
      const dom = pattern.dayOfMonth ?? 1;
      yield dom <= len ? [addDays(ms, dom - 1)] : [];
      continue;
    }
    const days = dayNumbers(pattern.daysOfWeek, 'relativeMonthly');
    const matching: string[] = [];
    for (let d = 0; d < len; d++) {
      const date = addDays(ms, d);
      if (days.includes(dayOfWeek(date))) matching.push(date);
    }
    const idx = INDEX[pattern.index ?? 'first'];
    // With several days of week, "the first day that satisfies the pattern": the
    // index counts matching days, not weeks.
    const pick = idx < 0 ? matching[matching.length - 1] : matching[idx];
    yield pick ? [pick] : [];
  }
}

/**
 * The original dates of every occurrence that falls in [from, to] (inclusive,
 * YYYY-MM-DD), in order. Numbered ranges are counted from the start.
 */
export function occurrenceDates(rec: PatternedRecurrence, from: string, to: string): string[] {
  const { range } = rec;
  const last =
    range.type === 'endDate' && range.endDate
      ? range.endDate
      : addDays(range.startDate, NO_END_LIMIT_DAYS);
  const limit = range.type === 'numbered' ? (range.numberOfOccurrences ?? 0) : Infinity;
  const out: string[] = [];
  let count = 0;
  let guard = 0;
  for (const dates of periods(rec)) {
    // Months with no matching day yield nothing; the guard bounds those too.
    if (++guard > 10_000) break;
    for (const date of dates) {
      if (date < range.startDate) continue;
      if (date > last || date > to || count >= limit) return out;
      count++;
      if (date >= from) out.push(date);
    }
    if (count >= limit) break;
  }
  return out;
}
