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

/**
 * The service's limits, with the codes and wording it answers them with.
 * - Schedules: the page says 20 a call. The service was seen allowing 100 and refusing more with
 *   ErrorMailboxDataArrayTooBig (microsoftgraph/microsoft-graph-docs-contrib issue 5895); the
 *   emulator keeps the documented 20, in that error's form.
 * - Window: at most 62 days, counted in whole days begun; 63 answers ErrorTimeIntervalTooBig
 *   (microsoftgraph/microsoft-graph-docs pull request 19703, which set the page's limit to 62).
 * - availabilityViewInterval: 5 to 1440 minutes and less than the window, else
 *   ErrorInvalidMergedFreeBusyInterval (microsoftgraph/microsoft-graph-docs issue 6450;
 *   PlaceOS/office365 issue 29). The message says "less than"; one report found an interval equal
 *   to the window accepted, so the emulator refuses it too, the stricter reading.
 */
const MAX_DAYS = 62;
const MAX_SCHEDULES = 20;
const DAY_MS = 86_400_000;
const CODE: Record<string, string> = {
  free: '0',
  tentative: '1',
  busy: '2',
  oof: '3',
  workingElsewhere: '4',
};
const RANK: Record<string, number> = {
  free: 0,
  workingElsewhere: 1,
  tentative: 2,
  busy: 3,
  oof: 4,
};

export interface ScheduleRequest {
  schedules?: string[];
  startTime?: DateTimeTimeZone;
  endTime?: DateTimeTimeZone;
  availabilityViewInterval?: number;
}

export function getSchedule(
  req: ScheduleRequest,
  deps: {
    store: CalendarStore;
    directory: Directory;
    out: OutputZone;
    inScope: (upn: string) => boolean;
  },
): { value: unknown[] } {
  const schedules = req.schedules ?? [];
  if (schedules.length === 0)
    throw new GraphError(400, 'ErrorInvalidParameter', 'schedules must name at least one mailbox.');
  if (schedules.length > MAX_SCHEDULES)
    throw new GraphError(
      400,
      'ErrorMailboxDataArrayTooBig',
      `There are too many target users in the EmailAddress array. The allowed size = ${MAX_SCHEDULES}; the actual size = ${schedules.length}.`,
    );
  const fromMs = dateTimeZoneToMs(req.startTime, 'startTime');
  const toMs = dateTimeZoneToMs(req.endTime, 'endTime');
  if (toMs <= fromMs)
    throw new GraphError(
      400,
      'ErrorInvalidTimeInterval',
      'The time duration specified for FreeBusyViewOptions.TimeWindow is invalid.',
    );
  const days = Math.ceil((toMs - fromMs) / DAY_MS);
  if (days > MAX_DAYS)
    throw new GraphError(
      400,
      'ErrorTimeIntervalTooBig',
      `The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = ${MAX_DAYS} days; the actual limit = ${days} days.`,
    );
  const interval = req.availabilityViewInterval ?? 30;
  if (
    !Number.isInteger(interval) ||
    interval < 5 ||
    interval > 1440 ||
    interval * 60_000 >= toMs - fromMs
  ) {
    throw new GraphError(
      400,
      'ErrorInvalidMergedFreeBusyInterval',
      'The specified merged free/busy interval is not valid. Specify an interval that is less than the free/busy time window and  between 5 and 1440 minutes.',
    );
  }
  const { store, directory, out } = deps;

  return {
    value: schedules.map((scheduleId) => {
      const user = directory.find(scheduleId);
      // An address Exchange cannot resolve, as microsoftgraph/microsoft-graph-docs issue 11225 saw it.
      if (!user)
        return {
          scheduleId,
          availabilityView: '',
          scheduleItems: [],
          error: {
            message: `Unable to resolve e-mail address ${scheduleId} to an Active Directory object.`,
            responseCode: '5009',
          },
        };
      if (!deps.inScope(user.userPrincipalName) || user.freeBusyHidden)
        return {
          scheduleId,
          availabilityView: '',
          scheduleItems: [],
          error: {
            message: 'Access is denied. Check credentials and try again.',
            responseCode: 'ErrorAccessDenied',
          },
        };
      const address = user.mail.toLowerCase();
      const own = store
        .calendarView(user.id, fromMs, toMs)
        .filter((i) => i.response !== 'declined');
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
          // In the mailbox's own zone, whatever the Prefer header asks for the items.
          timeZone: user.workingHours.timeZone ?? { name: 'GMT Standard Time' },
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
    ...(priv
      ? {}
      : {
          subject: i.event.input.subject ?? '',
          location: i.event.input.location?.displayName ?? '',
        }),
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
      if (i.startMs < t + step && i.endMs > t && (RANK[status(i)] ?? 0) > (RANK[best] ?? 0))
        best = status(i);
    }
    s += CODE[best] ?? '0';
  }
  return s;
}
