/**
 * The days of the week, once for the whole product. Cadence numbers them as
 * ISO 8601 does (1 = Monday … 7 = Sunday: the planner, stored series, the
 * cards); Microsoft Graph names them in lower case (`dayOfWeek`, working
 * hours); people read them capitalised. JavaScript's `getUTCDay()` counts
 * from Sunday = 0: `isoDayFromJs()` converts (calendar-date.ts's
 * `isoWeekday()` gives a date's ISO day).
 */

/** Graph's names, Monday first: the name of ISO day `n` is at index `n - 1`. */
export const WEEKDAY_NAMES = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** The ISO day (1 = Monday) of a name, whatever its case; undefined for anything else. */
export function isoDayOf(name: string): number | undefined {
  const index = WEEKDAY_NAMES.indexOf(name.toLowerCase() as WeekdayName);
  return index < 0 ? undefined : index + 1;
}

/** Graph's name of ISO day `isoDay` (1 = Monday). */
export function weekdayName(isoDay: number): WeekdayName {
  const name = WEEKDAY_NAMES[isoDay - 1];
  if (!name) throw new RangeError(`${isoDay} is not an ISO weekday (1 = Monday to 7 = Sunday)`);
  return name;
}

/** The day as people read it: "Monday". */
export function weekdayLabel(isoDay: number): string {
  const name = weekdayName(isoDay);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** ISO day (1 = Monday) of JavaScript's `getUTCDay()` / `getDay()` (0 = Sunday). */
export function isoDayFromJs(jsDay: number): number {
  return ((jsDay + 6) % 7) + 1;
}
