/** Outlook's free/busy and working hours, as the planner reads them. */
import { fromLondonDateTime, isoWeekday, WEEKDAY_NAMES } from '../rules/index.ts';
import type { Availability, WorkingHours } from './planner.ts';
import type { MailboxAvailability } from './ports/index.ts';

/** Where Outlook gives no working hours: 09:00–17:00, Monday to Friday. */
export const DEFAULT_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const ALWAYS = { start: new Date(0), end: new Date(8.64e15) };
export const NO_AVAILABILITY: Availability = { busy: [], workingHours: DEFAULT_HOURS };

/**
 * Outlook's answer for one mailbox as the planner takes it. Working hours are London's date by
 * date, as the adapter converted them from the mailbox's zone; days and start/end then span them,
 * for the planner to know where to look. Never plan on an answer with a `problem`: its busy
 * list is empty because Outlook could not read it, not because the person is free.
 */
export function toAvailability(answer: MailboxAvailability): Availability {
  // An unreadable calendar is busy throughout for whoever plans on it anyway (a replacement
  // proposal, the demo's sessions): no time is found, rather than one guessed blind.
  if (answer.problem) return { busy: [ALWAYS], workingHours: DEFAULT_HOURS };
  const hours = answer.workingHours;
  return {
    busy: answer.busy.map((span) => ({
      start: fromLondonDateTime(span.start),
      end: fromLondonDateTime(span.end),
    })),
    workingHours: hours ? plannerHours(hours) : DEFAULT_HOURS,
  };
}

function plannerHours(hours: NonNullable<MailboxAvailability['workingHours']>): WorkingHours {
  const stated = {
    days: hours.days.map((day) => WEEKDAY_NAMES.indexOf(day) + 1),
    start: hours.start.slice(0, 5),
    end: hours.end.slice(0, 5),
  };
  const { london } = hours;
  if (london.days.length === 0)
    return {
      ...stated,
      byDate: { from: london.from, to: london.to, hours: new Map() },
    };
  return {
    days: [...new Set(london.days.map((d) => isoWeekday(d.date)))].sort(),
    start: london.days.map((d) => d.start).sort()[0]!,
    end: london.days
      .map((d) => d.end)
      .sort()
      .at(-1)!,
    byDate: {
      from: london.from,
      to: london.to,
      hours: new Map(london.days.map((d) => [d.date, { start: d.start, end: d.end }])),
    },
  };
}
