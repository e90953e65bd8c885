/**
 * POST /users/{id}/calendar/getSchedule
 * (https://learn.microsoft.com/graph/api/calendar-getschedule?view=graph-rest-1.0).
 * Busy times come from every event in the person's calendar, series expanded,
 * plus meetings in other mailboxes that invite them; cancelled occurrences,
 * declined ones and showAs 'free' events are not busy.
 */
import type { CalendarStore } from './calendar-store.ts';
import type { Directory } from './directory.ts';
import { GraphError } from './errors.ts';
import type { OutputZone } from './event-json.ts';
import { dateTimeZoneToMs, toDateTimeTimeZone } from './time.ts';
import type { DateTimeTimeZone, FreeBusyStatus, Instance } from './types.ts';

/** Graph refuses a getSchedule window of 62 days or more, and more than 20 schedules per call. */
const MAX_DAYS = 62;
const MAX_SCHEDULES = 20;
const CODE: Record<string, string> = { free: '0', tentative: '1', busy: '2', oof: '3', workingElsewhere: '4' };
const RANK: Record<string, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };

export interface ScheduleRequest {
  schedules?: string[];
  startTime?: DateTimeTimeZone;
  endTime?: DateTimeTimeZone;
  availabilityViewInterval?: number;
}

export function getSchedule(
  req: ScheduleRequest,
  deps: { store: CalendarStore; directory: Directory; out: OutputZone; inScope: (upn: string) => boolean },
): { value: unknown[] } {
  const schedules = req.schedules ?? [];
  if (schedules.length === 0 || schedules.length > MAX_SCHEDULES) throw new GraphError(400, 'ErrorInvalidParameter', `schedules must name between 1 and ${MAX_SCHEDULES} mailboxes.`);
  const fromMs = dateTimeZoneToMs(req.startTime, 'startTime');
  const toMs = dateTimeZoneToMs(req.endTime, 'endTime');
  if (toMs <= fromMs) throw new GraphError(400, 'ErrorInvalidParameter', 'endTime must be after startTime.');
  if (toMs - fromMs >= MAX_DAYS * 86_400_000) throw new GraphError(400, 'ErrorInvalidTimeInterval', `The requested time duration exceeds the allowed maximum of ${MAX_DAYS} days.`);
  const interval = req.availabilityViewInterval ?? 30;
  if (interval < 5 || interval > 1440) throw new GraphError(400, 'ErrorInvalidParameter', 'availabilityViewInterval must be between 5 and 1440.');
  const { store, directory, out } = deps;

  return {
    value: schedules.map((scheduleId) => {
      const user = directory.find(scheduleId);
      if (!user) return { scheduleId, availabilityView: '', scheduleItems: [], error: { message: `The user '${scheduleId}' was not found.`, responseCode: 'ErrorMailRecipientNotFound' } };
      if (!deps.inScope(user.userPrincipalName)) return { scheduleId, availabilityView: '', scheduleItems: [], error: { message: 'Access is denied. Check credentials and try again.', responseCode: 'ErrorAccessDenied' } };
      const address = user.mail.toLowerCase();
      const own = store.calendarView(user.id, fromMs, toMs).filter((i) => i.response !== 'declined');
      const invited = store
        .attendingEvents(address)
        .filter((e) => e.mailboxId !== user.id)
        .flatMap((e) => store.instances(e, fromMs, toMs))
        .filter((i) => i.attendeeResponses[address] !== 'declined');
      const items = [...own, ...invited]
        .filter((i) => (i.event.input.showAs ?? 'busy') !== 'free')
        .sort((a, b) => a.startMs - b.startMs);
      return {
        scheduleId,
        availabilityView: view(items, fromMs, toMs, interval),
        scheduleItems: items.map((i) => item(i, out)),
        workingHours: {
          daysOfWeek: user.workingDays,
          startTime: `${user.workingHours.start}:00.0000000`,
          endTime: `${user.workingHours.end}:00.0000000`,
          timeZone: { name: 'GMT Standard Time' },
        },
      };
    }),
  };
}

function status(i: Instance): FreeBusyStatus {
  return i.event.input.showAs ?? 'busy';
}

function item(i: Instance, out: OutputZone): Record<string, unknown> {
  const priv = i.event.input.sensitivity === 'private';
  return {
    isPrivate: priv,
    status: status(i),
    // Private items keep their subject and location to themselves.
    ...(priv ? {} : { subject: i.event.input.subject ?? '', location: i.event.input.location?.displayName ?? '' }),
    start: toDateTimeTimeZone(i.startMs, out.zone, out.label),
    end: toDateTimeTimeZone(i.endMs, out.zone, out.label),
  };
}

/** One digit per interval: the strongest status of any item overlapping it. */
function view(items: Instance[], fromMs: number, toMs: number, minutes: number): string {
  const step = minutes * 60_000;
  let s = '';
  for (let t = fromMs; t < toMs; t += step) {
    let best = 'free';
    for (const i of items) {
      if (i.startMs < t + step && i.endMs > t && (RANK[status(i)] ?? 0) > (RANK[best] ?? 0)) best = status(i);
    }
    s += CODE[best] ?? '0';
  }
  return s;
}

