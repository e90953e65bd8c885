/**
 * Plain English for what the cards show: dates, durations, ids. Dates arrive
 * as London calendar dates (`YYYY-MM-DD`) and stay calendar dates here: the
 * weekday comes from the date alone, with no time zone to shift it.
 */
import { isoDayFromJs, weekdayLabel } from '../rules/index.ts';
import type { OverdueKind, PersonView, SessionView } from './types.ts';

const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** `Nov 2026` for `2026-11`. */
export function formatMonth(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}

/** ISO weekday (1 = Monday) to its name; an out-of-range number is shown as given. */
export function weekdayName(isoWeekday: number): string {
  return isoWeekday >= 1 && isoWeekday <= 7 ? weekdayLabel(isoWeekday) : `weekday ${isoWeekday}`;
}

/** `2026-12-01` → `Tue 1 Dec 2026`; text that is not such a date is shown unchanged. */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const name = weekdayLabel(isoDayFromJs(weekday)).slice(0, 3);
  return `${name} ${day} ${MONTHS[month - 1] ?? match[2]} ${year}`;
}

/** `2026-12-01` → `1 Dec 2026`, for rows where every byte counts. */
export function shortDate(date: string | null | undefined, none: string): string {
  if (!date) return none;
  const full = formatDate(date);
  return full === date ? date : full.slice(4);
}

export function formatOptionalDate(date: string | null | undefined, none = 'none'): string {
  return date ? formatDate(date) : none;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function minutes(count: number): string {
  return plural(count, 'minute');
}

const ACRONYMS: Record<string, string> = { asye: 'ASYE', iro: 'IRO', hr: 'HR' };
/** Ids whose hyphens are part of the words. */
const HYPHENATED = new Set(['one-to-one']);

/** A policy id (`one-to-one`, `child-protection`, `asye`) as words. */
export function humanize(id: string): string {
  if (HYPHENATED.has(id)) return id;
  return id
    .split('-')
    .map((word) => ACRONYMS[word] ?? word)
    .join(' ');
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Long free text cut to `max` characters, so a list of it stays within a card's size. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Kinds with no due date: "days overdue" means nothing for them. */
export const UNDATED_KINDS: ReadonlySet<OverdueKind> = new Set([
  'no-supervisor',
  'setting-missing',
]);

export function overdueDays(kind: OverdueKind, days: number): string | null {
  if (UNDATED_KINDS.has(kind)) return null;
  if (days > 0) return `${plural(days, 'day')} overdue`;
  if (days === 0) return 'due today';
  return `due in ${plural(-days, 'day')}`;
}

/** What a session covers: `professional`, or `case management and professional` for one meeting for several types. */
export function typesText(session: { type: string; alsoTypes?: readonly string[] }): string {
  const all = [session.type, ...(session.alsoTypes ?? [])].map(humanize);
  return all.length === 1 ? all[0]! : `${all.slice(0, -1).join(', ')} and ${all.at(-1)!}`;
}

/** `Book the visit (Sam Worker, due Fri 4 Dec 2026, review Mon 4 Jan 2027)`: an action's owner and dates; the text is the caller's to escape. */
export function actionDates(action: {
  owner: { name: string };
  dueOn: string | null;
  reviewOn?: string | null | undefined;
}): string {
  const review = action.reviewOn ? `, review ${formatDate(action.reviewOn)}` : '';
  return `${action.owner.name}, due ${formatOptionalDate(action.dueOn, 'any time')}${review}`;
}

/** `One-to-one, Tue 1 Dec 2026 at 10:00 (60 minutes)`. */
export function sessionWhen(
  session: Pick<SessionView, 'type' | 'alsoTypes' | 'date' | 'time' | 'durationMinutes'>,
): string {
  return `${capitalise(typesText(session))}, ${formatDate(session.date)} at ${session.time} (${minutes(session.durationMinutes)})`;
}

/** The other person in a session, seen from `person`. */
export function otherParty(session: SessionView, person: PersonView): PersonView {
  return session.supervisor.upn.toLowerCase() === person.upn.toLowerCase()
    ? session.supervisee
    : session.supervisor;
}

/** `2026-12-01T10:32` or `2026-12-01 10:32` → `Tue 1 Dec 2026 at 10:32`; other text unchanged. */
export function formatDateTime(dateTime: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(dateTime);
  if (!match) return dateTime;
  return match[2] ? `${formatDate(match[1]!)} at ${match[2]}` : formatDate(match[1]!);
}
