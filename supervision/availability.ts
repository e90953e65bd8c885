/** Outlook's free/busy and working hours, as the planner reads them. */
import { fromLondonDateTime } from '../rules/index.ts';
import type { MailboxAvailability, Weekday } from './calendar-port.ts';
import type { Availability, WorkingHours } from './planner.ts';

/** Where Outlook gives no working hours: 09:00–17:00, Monday to Friday. */
export const DEFAULT_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
export const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
export const NO_AVAILABILITY: Availability = { busy: [], workingHours: DEFAULT_HOURS };

export function toAvailability(answer: MailboxAvailability): Availability {
  const hours = answer.workingHours;
  return {
    busy: answer.busy.map((span) => ({ start: fromLondonDateTime(span.start), end: fromLondonDateTime(span.end) })),
    workingHours: hours ? { days: hours.days.map((day) => WEEKDAYS.indexOf(day) + 1), start: hours.start.slice(0, 5), end: hours.end.slice(0, 5) } : DEFAULT_HOURS,
  };
}
